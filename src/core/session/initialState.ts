import type { PaymentSessionState } from './types.js'

/** A session's state before anything happened: `idle`, entered at `now` (ms since epoch). */
export function initialState(now: number): PaymentSessionState {
  return {
    status: 'idle',
    step: undefined,
    paymentRequired: undefined,
    options: [],
    selected: undefined,
    payment: undefined,
    response: undefined,
    settlement: undefined,
    error: undefined,
    reconciliation: undefined,
    attempts: 0,
    since: now,
  }
}

/**
 * The state rendered on the server and while hydrating (and by the React hook until the engine's
 * code is in): always the same frozen `idle`, so the two sides agree.
 */
export const serverSnapshot: PaymentSessionState = Object.freeze(initialState(0))
