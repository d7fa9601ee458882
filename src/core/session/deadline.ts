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
   * Calls `callback` with the reason once the deadline aborts (at once when it has), without a
   * listener of its own; gives back the function that forgets it. Unbound, so it can be handed on.
   */
  onAbort(callback: (reason: unknown) => void): () => void
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
  // What a race or an `onAbort` caller is told on abort. Looking at `signal` instead costs µs in
  // Node 20 (each AbortSignal has a hidden class of its own).
  #callbacks = new Set<(reason: unknown) => void>()
  #stopped: { reason: unknown } | undefined

  constructor(
    timeoutMs: number,
    parents: readonly (AbortSignal | null | undefined)[],
    keep: AbortSignal | null | undefined,
  ) {
    for (const parent of parents) {
      if (!parent) continue
      if (parent.aborted) {
        this.abort(parent.reason)
        break
      }
      parent.addEventListener('abort', this, { once: true })
      if (parent !== keep) this.#linked.push(parent)
    }
    if (Number.isFinite(timeoutMs) && !this.#stopped)
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
    if (this.#stopped) return
    this.#stopped = { reason }
    this.#controller.abort(reason)
    const callbacks = this.#callbacks
    this.#callbacks = new Set()
    for (const callback of callbacks) callback(reason)
  }

  race<T>(promise: Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      // Rejected at once on a deadline that has aborted (`onAbort` calls back at once). Its
      // rejection handler also keeps a late failure of an abandoned callee handled. A settled
      // race is forgotten: a long-lived deadline may race many.
      const forget = this.onAbort(reject)
      promise.then(
        (value) => {
          forget()
          resolve(value)
        },
        (error: unknown) => {
          forget()
          reject(error)
        },
      )
    })
  }

  // A field, not a method: the parse is handed `onAbort` alone, for the read of a 402's body.
  readonly onAbort = (callback: (reason: unknown) => void): (() => void) => {
    if (this.#stopped) {
      callback(this.#stopped.reason)
      return () => {}
    }
    const callbacks = this.#callbacks
    callbacks.add(callback)
    return () => callbacks.delete(callback)
  }

  clear(): void {
    clearTimeout(this.#timer)
    for (const parent of this.#linked) parent.removeEventListener('abort', this)
    this.#linked.length = 0
    this.#callbacks.clear()
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
