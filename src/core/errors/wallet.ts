import { H402Error } from './base.js'

/** The person rejected the request in their wallet. Nothing was signed. */
export class UserRejectedError extends H402Error {
  override name = 'UserRejectedError'
  constructor({ cause }: { cause?: unknown } = {}) {
    super('The request was rejected in the wallet.', {
      code: 'user_rejected',
      userAction: 'retry',
      cause,
    })
  }
}

/** No wallet (or no account) is connected for the option's namespace. */
export class WalletNotConnectedError extends H402Error {
  override name = 'WalletNotConnectedError'
  constructor({ namespace, cause }: { namespace: string; cause?: unknown }) {
    super(`Connect a${namespace === 'evm' ? 'n EVM' : ` ${namespace}`} wallet to pay.`, {
      code: 'wallet_not_connected',
      userAction: 'reconnect',
      cause,
    })
  }
}

/** The wallet is on another chain than the option's network. */
export class WrongNetworkError extends H402Error {
  override name = 'WrongNetworkError'
  /** The chain the option needs. */
  readonly expected: string
  /** The chain the wallet is on. */
  readonly actual: string | undefined
  constructor({ expected, actual, cause }: { expected: string; actual?: string; cause?: unknown }) {
    super(`Switch your wallet to ${expected} to pay.`, {
      code: 'wrong_network',
      userAction: 'switchNetwork',
      details: actual ? `The wallet is on ${actual}.` : undefined,
      cause,
    })
    this.expected = expected
    this.actual = actual
  }
}

/** The payer's balance is below the amount (or the network fee). */
export class InsufficientFundsError extends H402Error {
  override name = 'InsufficientFundsError'
  /** Atomic units needed, when known. */
  readonly required: bigint | undefined
  /** Atomic units available, when known. */
  readonly available: bigint | undefined
  constructor({
    required,
    available,
    symbol,
    cause,
  }: { required?: bigint; available?: bigint; symbol?: string; cause?: unknown }) {
    super(`Not enough ${symbol ?? 'funds'} to pay.`, {
      code: 'insufficient_funds',
      userAction: 'fund',
      details:
        required === undefined
          ? undefined
          : available === undefined
            ? `Needs ${required} atomic units.`
            : `Needs ${required} atomic units, has ${available}.`,
      cause,
    })
    this.required = required
    this.available = available
  }
}

/** The connected wallet cannot produce what the option needs (e.g. no typed-data signing). */
export class UnsupportedWalletError extends H402Error {
  override name = 'UnsupportedWalletError'
  constructor({ reason, cause }: { reason: string; cause?: unknown }) {
    super('This wallet cannot pay this option.', {
      code: 'unsupported_wallet',
      userAction: 'chooseOther',
      details: reason,
      cause,
    })
  }
}

/**
 * A request to the wallet or to the chain failed for a reason the kit has no better name for (a
 * node error, an unexpected wallet answer). The original error is the `cause`.
 */
export class ChainRequestError extends H402Error {
  override name = 'ChainRequestError'
  constructor({ cause, details }: { cause?: unknown; details?: string }) {
    super('The wallet or the network could not complete the request.', {
      code: 'chain_request_failed',
      userAction: 'retry',
      cause,
      details,
    })
  }
}
