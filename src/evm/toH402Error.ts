import {
  ChainMismatchError,
  UserRejectedRequestError,
  InsufficientFundsError as ViemInsufficientFundsError,
} from 'viem'
import { type H402Error, isH402Error, walk } from '../core/errors/base.js'
import {
  ChainRequestError,
  InsufficientFundsError,
  UserRejectedError,
  WrongNetworkError,
} from '../core/errors/wallet.js'
import { getNetworkByChainId } from '../core/networks/getNetwork.js'
import type { PaymentOption } from '../core/types.js'

/** What the classifier may know about the payment an error interrupted. */
export interface ToH402ErrorContext {
  /** The option being paid; names the network and the coin in the error. */
  option?: PaymentOption
}

/**
 * EIP-1193 `4001` is the standard rejection. WalletConnect wallets answer `5000` ("User
 * rejected") instead, which viem does not translate (user-needs edge case 18).
 */
const rejectionCodes: readonly number[] = [UserRejectedRequestError.code, 5000]

/** True for a wallet's "the person said no", in any of the shapes wallets use. */
export function isUserRejection(error: unknown): boolean {
  return (
    walk(
      error,
      (e) =>
        e instanceof UserRejectedRequestError ||
        rejectionCodes.includes((e as { code?: unknown } | null)?.code as number),
    ) !== null
  )
}

/**
 * Turns any error thrown while paying on an EVM chain into an {@link H402Error}, by walking the
 * cause chain (never by matching message text): a rejection in the wallet becomes
 * `UserRejectedError`, viem's chain mismatch `WrongNetworkError`, a node's "insufficient funds"
 * `InsufficientFundsError`, anything else {@link ChainRequestError}. The original error is kept as
 * the `cause`; `H402Error`s pass through unchanged.
 */
export function toH402Error(error: unknown, context: ToH402ErrorContext = {}): H402Error {
  if (isH402Error(error)) return error
  const { option } = context
  if (isUserRejection(error)) return new UserRejectedError({ cause: error })
  const mismatch = walk(error, (e) => e instanceof ChainMismatchError)
  if (mismatch)
    return new WrongNetworkError({
      expected: option?.network.name ?? 'the payment network',
      cause: error,
    })
  if (walk(error, (e) => e instanceof ViemInsufficientFundsError)) {
    // A node's "insufficient funds" is about the native coin (gas, plus the value it carries).
    const chainId = option?.network.chainId
    const native = chainId === undefined ? undefined : getNetworkByChainId(chainId)?.nativeCurrency
    return new InsufficientFundsError({
      ...(option?.asset.native ? { required: option.amount } : {}),
      ...(native ? { symbol: native.symbol } : {}),
      cause: error,
    })
  }
  return new ChainRequestError({ cause: error })
}
