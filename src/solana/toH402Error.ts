import { type H402Error, isH402Error } from '../core/errors/base.js'
import {
  ChainRequestError,
  UserRejectedError,
  WalletNotConnectedError,
} from '../core/errors/wallet.js'

/**
 * Codes and names that mean "the person said no", across the wallets Solana apps meet:
 * - 4001: EIP-1193 style, used by Phantom, Solflare, Backpack and most injected wallets;
 * - 4001000: wallet-standard's `WALLET_STANDARD_ERROR__USER__REQUEST_REJECTED`;
 * - 5000: WalletConnect's `USER_REJECTED`;
 * - 0x6985 (`statusCode`): Ledger's "conditions of use not satisfied", i.e. denied on device;
 * - Solana Mobile Wallet Adapter's protocol error -3 (`ERROR_NOT_SIGNED`) and -1
 *   (`ERROR_AUTHORIZATION_FAILED`, the person declined to authorize the app).
 * wallet-adapter wraps these in `WalletSignTransactionError` & co. (inner error on `.error`),
 * and a closed popup is `WalletWindowClosedError`.
 */
const rejectionCodes: ReadonlySet<unknown> = new Set([4001, 4001000, 5000])
const ledgerDenied = 0x6985
const mobileWalletRejectionCodes: ReadonlySet<unknown> = new Set([-1, -3])
const rejectionNames: ReadonlySet<string> = new Set([
  'WalletWindowClosedError',
  // The adapter's wrapper for a failed `signTransaction`: nothing was signed either way, and
  // several adapters (Solflare, wallet-standard ones) put a rejection inside without a code.
  'WalletSignTransactionError',
  'WalletSignMessageError',
  'UserRejectedRequestError',
])
const notConnectedNames: ReadonlySet<string> = new Set([
  'WalletNotConnectedError',
  'WalletDisconnectedError',
  'WalletNotReadyError',
  'WalletAccountError',
  'WalletPublicKeyError',
])

/**
 * Walks an error's chain through both `cause` (standard) and `error` (wallet-adapter's
 * `WalletError` keeps the wallet's own error there), and returns the first link that matches.
 */
export function findInWalletError(
  error: unknown,
  predicate: (link: Record<string, unknown>) => boolean,
): Record<string, unknown> | undefined {
  const seen = new Set<unknown>()
  const queue: unknown[] = [error]
  // Bounded: chains from wallets can be cyclic.
  while (queue.length > 0 && seen.size < 32) {
    const link = queue.shift()
    if (typeof link !== 'object' || link === null || seen.has(link)) continue
    seen.add(link)
    const record = link as Record<string, unknown>
    if (predicate(record)) return record
    queue.push(record.cause, record.error)
  }
  return undefined
}

/** True when a wallet error (anywhere in its chain) means the person rejected the request. */
export function isUserRejection(error: unknown): boolean {
  return (
    findInWalletError(
      error,
      (link) =>
        rejectionCodes.has(link.code) ||
        link.statusCode === ledgerDenied ||
        (typeof link.name === 'string' && rejectionNames.has(link.name)) ||
        (link.name === 'SolanaMobileWalletAdapterProtocolError' &&
          mobileWalletRejectionCodes.has(link.code)),
    ) !== undefined
  )
}

/** True when a wallet error (anywhere in its chain) means no wallet account is connected. */
export function isWalletNotConnected(error: unknown): boolean {
  return (
    findInWalletError(
      error,
      (link) => typeof link.name === 'string' && notConnectedNames.has(link.name),
    ) !== undefined
  )
}

/**
 * Maps an error thrown by a Solana wallet (wallet-adapter, wallet-standard, Mobile Wallet
 * Adapter, Ledger, WalletConnect) to the kit's typed errors, by walking its cause chain, never
 * by matching messages. `H402Error`s pass through unchanged; anything unrecognised becomes a
 * {@link ChainRequestError} that keeps the original as `cause`.
 */
export function toH402Error(error: unknown): H402Error {
  if (isH402Error(error)) return error
  if (isUserRejection(error)) return new UserRejectedError({ cause: error })
  if (isWalletNotConnected(error))
    return new WalletNotConnectedError({ namespace: 'solana', cause: error })
  return new ChainRequestError({ cause: error })
}
