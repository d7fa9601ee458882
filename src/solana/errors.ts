import { H402Error } from '../core/errors/base.js'

/**
 * The payee has no token account for the mint, so an x402 `exact` transfer to it would fail
 * with `InvalidAccountData` (x402#2395, x402#2802): the scheme has no create-account step.
 * Nothing was signed. (For SOL, the payee account would not be rent-exempt after the payment.)
 */
export class RecipientCannotReceiveError extends H402Error {
  override name = 'RecipientCannotReceiveError'
  /** The account that is missing (the payee's associated token account, or the payee). */
  readonly account: string
  constructor({ account, details }: { account: string; details?: string }) {
    super("The merchant can't receive this token yet.", {
      code: 'recipient_cannot_receive',
      userAction: 'chooseOther',
      details: details ?? `The payee's token account ${account} does not exist.`,
    })
    this.account = account
  }
}

/**
 * The wallet returned a transaction whose message differs from the one the kit built, e.g. a
 * Mobile Wallet Adapter wallet that raised the compute-unit price (x402#2855). Its signature
 * covers something the person did not confirm and the facilitator would refuse, so it was
 * discarded.
 */
export class TransactionModifiedError extends H402Error {
  override name = 'TransactionModifiedError'
  constructor({ details }: { details?: string } = {}) {
    super('The wallet changed the payment transaction before signing it, so it was not used.', {
      code: 'transaction_modified',
      userAction: 'chooseOther',
      details,
    })
  }
}
