import type { PaymentStatus } from '../../core/session/types.js'

/** Statuses in which a person can still choose and pay (nothing signed yet). */
export const choosingStatuses: readonly PaymentStatus[] = [
  'payment-required',
  'selecting',
  'failed',
]

/** Statuses in which the wallet or the server is working; nothing may be changed or closed. */
export const inFlightStatuses: readonly PaymentStatus[] = [
  'connecting',
  'switching-network',
  'signing',
  'submitting',
]

/** Error codes after which money may have moved (or did): never offer to pay again lightly. */
export const maybePaidCodes: readonly string[] = ['outcome_unknown', 'paid_not_delivered']

/** The coarse state a part exposes as `data-state`. */
export type H402PaywallState = 'loading' | 'choosing' | 'paying' | 'paid' | 'failed' | 'unknown'

/** The coarse state of a status, for `data-state` attributes. */
export function paywallState(status: PaymentStatus): H402PaywallState {
  if (status === 'idle' || status === 'fetching') return 'loading'
  if (status === 'settled') return 'paid'
  if (status === 'failed') return 'failed'
  if (status === 'outcome-unknown') return 'unknown'
  if (inFlightStatuses.includes(status)) return 'paying'
  return 'choosing'
}
