import type { Payer } from '../payer.js'
import type { Deadline } from './deadline.js'

/**
 * One payment intent: what `reset()`, `dispose()` or a fresh `retry()` ends. Cancelling aborts
 * everything of it not signed yet: the deadlines it holds (its requests) directly, and its signal
 * (wallet connection, payer steps). The signal is made on first use: most intents run to their
 * end, and a signal with its listeners cost more than the rest of an intent's bookkeeping.
 */
export class Intent {
  /** Its task, for a late broadcast that takes the session back. */
  running?: Promise<void>
  /** The payer that signed, asked again by `check()`. */
  payer?: Payer
  /** The wallet reported a broadcast: money may be moving, cancel no longer applies. */
  broadcasting?: boolean
  // Made on first use, a cancel included: most intents run to their end without one.
  #controller: AbortController | undefined
  readonly #held = new Set<Deadline>()

  /** True once cancelled (until {@link revive}). */
  get cancelled(): boolean {
    return this.#controller?.signal.aborted === true
  }

  /** Aborts when the intent is cancelled. */
  get signal(): AbortSignal {
    this.#controller ??= new AbortController()
    return this.#controller.signal
  }

  /** Ends the intent: its signal and every deadline it holds abort with `reason`. */
  cancel(reason: unknown): void {
    if (this.cancelled) return
    this.#controller ??= new AbortController()
    this.#controller.abort(reason)
    for (const limit of this.#held) limit.abort(reason)
  }

  /**
   * The intent lives again (a broadcast of a cancelled intent takes the session back): its checks
   * and resends get a signal that is not aborted. What already holds the old signal stays aborted.
   */
  revive(): void {
    this.#controller = undefined
  }

  /** Ties a request's deadline to the intent until {@link release}: cancelling aborts it. */
  hold(limit: Deadline): void {
    if (this.cancelled) limit.abort(this.signal.reason)
    else this.#held.add(limit)
  }

  /** Unties a deadline held with {@link hold}. */
  release(limit: Deadline): void {
    this.#held.delete(limit)
  }
}
