import type { Connection, VersionedTransaction } from '@solana/web3.js'
import { OutcomeUnknownError } from '../core/errors/payment.js'
import {
  ChainRequestError,
  UnsupportedWalletError,
  UserRejectedError,
  WalletNotConnectedError,
} from '../core/errors/wallet.js'
import type { SolanaWallet } from './solanaSigner.js'
import { findInWalletError, isUserRejection, isWalletNotConnected } from './toH402Error.js'

/**
 * Has the wallet sign and broadcast the transaction, once, and returns its signature. A
 * rejection, a missing account or a refused preflight mean nothing was sent; any other failure
 * may come after the broadcast, so it is an `OutcomeUnknownError` and must not lead to paying
 * again (SPEC §5 rule 2, Web3Auth#2402: sign-and-send broadcasts before anyone else can check).
 */
export async function sendWithWallet(
  wallet: SolanaWallet,
  transaction: VersionedTransaction,
  connection: Connection,
): Promise<string> {
  if (!wallet.sendTransaction)
    throw new UnsupportedWalletError({
      reason: 'The wallet can neither sign nor send transactions.',
    })
  let signature: unknown
  try {
    signature = await wallet.sendTransaction(transaction, connection, {
      preflightCommitment: 'confirmed',
    })
  } catch (error) {
    if (isUserRejection(error)) throw new UserRejectedError({ cause: error })
    if (isWalletNotConnected(error))
      throw new WalletNotConnectedError({ namespace: 'solana', cause: error })
    if (isPreflightFailure(error)) throw new ChainRequestError({ cause: error })
    throw new OutcomeUnknownError({
      cause: error,
      details: 'The wallet failed while sending the payment; it may have been broadcast.',
    })
  }
  if (typeof signature !== 'string' || signature === '')
    throw new OutcomeUnknownError({
      details: 'The wallet sent the payment but returned no transaction signature.',
    })
  return signature
}

/**
 * The RPC refused the transaction in its preflight simulation, so it was never forwarded:
 * web3.js `SendTransactionError` (recognised by shape, as the wallet may bundle another copy of
 * web3.js) or the JSON-RPC error -32002 it wraps.
 */
function isPreflightFailure(error: unknown): boolean {
  return (
    findInWalletError(
      error,
      (link) =>
        (typeof link.getLogs === 'function' && 'transactionError' in link) ||
        (link.name === 'SolanaJSONRPCError' && link.code === -32002),
    ) !== undefined
  )
}
