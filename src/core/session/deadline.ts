/** A signal that aborts on a timeout or when a parent aborts, and knows which happened. */
export interface Deadline {
  /** Aborts on the timeout or with a parent. */
  readonly signal: AbortSignal
  /** True once the timeout (not a parent) aborted it. */
  readonly timedOut: boolean
  /** Aborts it now with `reason` (an owner that is not a signal, such as the session's intent). */
  abort(reason: unknown): void
  /**
   * Settles with `promise`, or rejects with the signal's reason as soon as the deadline aborts:
   * {@link raceSignal} for this deadline, without a listener of its own.
   */
  race<T>(promise: Promise<T>): Promise<T>
  /**
   * Stops the timer and unlinks the parents (except `keep`), so no timer or listener outlives
   * the call: a Node script exits as soon as its work is done.
   */
  clear(): void
}

/**
 * Links `parents` into one signal that also aborts after `timeoutMs` (no timeout when it is not
 * finite). `keep` stays linked after `clear()`: the caller's own signal goes on governing the
 * body of a response that is handed back to it.
 */
export function deadline(
  timeoutMs: number,
  parents: readonly (AbortSignal | null | undefined)[],
  keep?: AbortSignal | null,
): Deadline {
  return new Limit(timeoutMs, parents, keep)
}

// A class, listening as an event-listener object: a deadline is made for every request, and
// closures per parent cost more than the request's own bookkeeping. Its races are rejected by
// its own abort, not by one more listener on its signal.
class Limit implements Deadline {
  readonly #controller = new AbortController()
  readonly signal = this.#controller.signal
  timedOut = false
  #timer: ReturnType<typeof setTimeout> | undefined
  #linked: AbortSignal[] = []
  #races = new Set<(reason: unknown) => void>()

  constructor(
    timeoutMs: number,
    parents: readonly (AbortSignal | null | undefined)[],
    keep: AbortSignal | null | undefined,
  ) {
    for (const parent of parents) {
      if (!parent) continue
      if (parent.aborted) {
        this.#controller.abort(parent.reason)
        break
      }
      parent.addEventListener('abort', this, { once: true })
      if (parent !== keep) this.#linked.push(parent)
    }
    if (Number.isFinite(timeoutMs) && !this.signal.aborted)
      this.#timer = setTimeout(() => {
        this.timedOut = true
        this.abort(new DOMException('The operation timed out.', 'TimeoutError'))
      }, timeoutMs)
  }

  /** A parent aborted. */
  handleEvent(event: Event): void {
    this.abort((event.target as AbortSignal).reason)
  }

  abort(reason: unknown): void {
    if (this.signal.aborted) return
    this.#controller.abort(reason)
    const races = this.#races
    this.#races = new Set()
    for (const reject of races) reject(reason)
  }

  // A field, not a method: the parse is handed `race` alone, to race each read of a 402's body.
  readonly race = <T>(promise: Promise<T>): Promise<T> => {
    if (this.signal.aborted) {
      promise.catch(() => {})
      return Promise.reject(this.signal.reason)
    }
    return new Promise<T>((resolve, reject) => {
      const races = this.#races
      races.add(reject)
      // Its rejection handler also keeps a late failure of an abandoned callee handled. A settled
      // race is dropped: a long request races every chunk of a body.
      promise.then(
        (value) => {
          races.delete(reject)
          resolve(value)
        },
        (error: unknown) => {
          races.delete(reject)
          reject(error)
        },
      )
    })
  }

  clear(): void {
    clearTimeout(this.#timer)
    for (const parent of this.#linked) parent.removeEventListener('abort', this)
    this.#linked.length = 0
    this.#races.clear()
  }
}

/**
 * Settles with `promise`, or rejects with the signal's reason as soon as it aborts: for callees
 * that ignore the signal they are given (a custom payer, a wallet). The listener is removed
 * either way.
 */
export function raceSignal<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  const limit = new Limit(Infinity, [signal], undefined)
  const raced = limit.race(promise)
  raced.then(
    () => limit.clear(),
    () => limit.clear(),
  )
  return raced
}
