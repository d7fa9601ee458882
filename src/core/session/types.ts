import type { H402Error } from '../errors/base.js'
import type { PaymentCheck, PaymentStep, PreparedPayment } from '../payer.js'
import type { RankedOption } from '../policy/selectPaymentOption.js'
import type { PaymentOption, PaymentRequired, Settlement } from '../types.js'

/**
 * Where a payment session is. `idle → fetching → payment-required → selecting → (connecting |
 * switching-network) → signing → submitting → settled | failed | outcome-unknown`.
 * `payment-required`: the options are known; `selecting`: one is chosen (by a person's
 * `select()`, or by the engine on `pay()`) and awaits the wallet.
 */
export type PaymentStatus =
  | 'idle'
  | 'fetching'
  | 'payment-required'
  | 'selecting'
  | 'connecting'
  | 'switching-network'
  | 'signing'
  | 'submitting'
  | 'settled'
  | 'failed'
  | 'outcome-unknown'

/** A snapshot of a payment session. Immutable: every change makes a new object. */
export interface PaymentSessionState {
  status: PaymentStatus
  /** Finer progress within `signing`/`submitting` (a wallet prompt, a broadcast, a confirmation). */
  step: PaymentStep | undefined
  /** The 402 being paid. */
  paymentRequired: PaymentRequired | undefined
  /** Every option, ranked, each with whether it can be paid now and why not. */
  options: readonly RankedOption[]
  /** The chosen option. The amount shown is this option's, and this option is what is signed. */
  selected: PaymentOption | undefined
  /** The signed payment, once it exists. Its existence means: never sign again for this intent. */
  payment: PreparedPayment | undefined
  /** The final response: the paid content, or the server's refusal. */
  response: Response | undefined
  /** The settlement the server reported. */
  settlement: Settlement | undefined
  /** Why the session failed, or is in `outcome-unknown`. */
  error: H402Error | undefined
  /**
   * What the chain said about the payment, after `check()` or after a refusal of a signed
   * payload: `'paid'` (the money moved: never pay again), `'not-paid'` (it did not and can no
   * longer: status `failed`, `retry()` starts a new intent), `'unknown'` (ask again later).
   */
  reconciliation: PaymentReconciliation | undefined
  /** Sends of the paid request (resends of the same payload included). */
  attempts: number
  /** When the session entered its current status (ms since epoch). */
  since: number
}

/** A status change, with its timing, as `onEvent` receives it. */
export interface PaymentEvent {
  /** The new status. */
  type: PaymentStatus
  /** The status left. */
  previous: PaymentStatus
  /** When the change happened (ms since epoch). */
  at: number
  /** Time spent in the previous status (ms). */
  durationMs: number
  /** Time since the session started (ms). */
  elapsedMs: number
  /** The state after the change. */
  state: PaymentSessionState
}

/** A chain check of a payment (`Payer.checkPayment`), with when it was made. */
export interface PaymentReconciliation extends PaymentCheck {
  /** When the check answered (ms since epoch, the session's clock). */
  at: number
}
