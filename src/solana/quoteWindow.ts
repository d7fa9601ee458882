import { QuoteExpiredError } from '../core/errors/payment.js'
import type { PaymentContext } from '../core/payer.js'
import type { PaymentOption } from '../core/types.js'
import { blockhashLifetimeSeconds } from './constants.js'

/**
 * Seconds a signed payload must still have left when the wallet returns it; a slower wallet
 * (Ledger, mobile) gets its signature discarded rather than sent to die at the facilitator.
 */
const minimumRemainingSeconds = 5

/**
 * Checks, right before signing, that the quote has not expired (SPEC §5 rule 3), and returns
 * the payload's `validBefore`: the blockhash's lifetime from now (nobody can land the
 * transaction after it), or the quote's `maxTimeoutSeconds` if that ends sooner.
 */
export function openQuoteWindow(option: PaymentOption, context: PaymentContext): number {
  const now = Math.floor(context.now())
  const quoteEnds =
    option.maxTimeoutSeconds === undefined
      ? Number.POSITIVE_INFINITY
      : Math.floor(context.paymentRequired.receivedAt / 1000) + option.maxTimeoutSeconds
  if (now >= quoteEnds)
    throw new QuoteExpiredError({
      details: `The quote expired at ${quoteEnds}; it is ${now}.`,
    })
  return Math.min(now + blockhashLifetimeSeconds, quoteEnds)
}

/** Discards a signature that came back too late to be used (user-needs edge case 12). */
export function assertSignedInTime(context: PaymentContext, validBefore: number): void {
  const signedAt = Math.floor(context.now())
  if (signedAt + minimumRemainingSeconds > validBefore)
    throw new QuoteExpiredError({
      details: `The wallet signed at ${signedAt}, too close to the payment's expiry at ${validBefore}; the signature was discarded.`,
    })
}
