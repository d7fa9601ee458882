import type { PaymentContext, PaymentStep } from '../payer.js'
import type { PaymentRequired } from '../types.js'
import type { Intent } from './intent.js'

/**
 * The {@link PaymentContext} a payer gets for one payment of an intent. A class, so that its lazy
 * `signal` is one getter on the prototype: a getter written in an object literal gave every
 * payment a hidden class of its own, which holds that getter (and through it the intent and the
 * whole session) from the old generation, so each payment's objects outlived their scavenge and
 * were moved to the old generation (~2.5 KB a payment, collected only by a full collection).
 */
export class IntentPaymentContext implements PaymentContext {
  readonly #intent: Intent

  constructor(
    intent: Intent,
    readonly paymentRequired: PaymentRequired,
    readonly now: () => number,
    readonly onStep: (step: PaymentStep) => void,
    /** The URL of the request being paid (h402's `resource` is signed only on its origin). */
    readonly requestUrl: string | undefined,
  ) {
    this.#intent = intent
  }

  /** Aborts when the intent is cancelled; made when a payer reads it (most never do). */
  get signal(): AbortSignal {
    return this.#intent.signal
  }
}
