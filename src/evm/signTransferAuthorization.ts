import {
  type Address,
  getTypesForEIP712Domain,
  type Hex,
  type LocalAccount,
  type TypedDataDomain,
} from 'viem'
import { QuoteExpiredError } from '../core/errors/payment.js'
import type { PaymentContext } from '../core/payer.js'
import { transferWithAuthorizationTypes } from './abis.js'
import { createNonce } from './createNonce.js'
import { holdsKeyInProcess } from './holdsKeyInProcess.js'
import type { EvmWallet } from './toEvmWallet.js'
import { transferAuthorizationDigest } from './transferAuthorizationDigest.js'

/** `validAfter = now − 600`: ten minutes of clock skew, as x402's clients allow (x402#99). */
export const validAfterSkewSeconds = 600

/**
 * Facilitators refuse an authorization with less than 6 s left (x402: `validBefore ≥ now + 6`;
 * h402: three 2 s blocks). A signature that comes back later than that is doomed.
 */
export const minimumRemainingSeconds = 6

/** An EIP-3009 `TransferWithAuthorization` message and its signature. */
export interface SignedTransferAuthorization {
  signature: Hex
  authorization: {
    from: Address
    to: Address
    value: bigint
    validAfter: bigint
    validBefore: bigint
    nonce: Hex
  }
}

/** What to authorize. */
export interface TransferAuthorizationRequest {
  wallet: EvmWallet
  domain: TypedDataDomain
  from: Address
  /** The recipient, exactly as it goes in the payload. */
  to: Address
  value: bigint
  /** How long the authorization stays valid after it is stamped. */
  validForSeconds: number
  context: PaymentContext
}

/**
 * Signs an EIP-3009 authorization. The window is stamped right before the wallet prompt, not
 * when the quote arrived, and checked again when the wallet returns: a slow signer (a Ledger, a
 * phone) must not hand back an already-expired authorization (freedom-browser#149). The typed
 * data always lists `EIP712Domain`, since MetaMask fills in an empty one otherwise (arc-node#190).
 */
export async function signTransferAuthorization(
  request: TransferAuthorizationRequest,
): Promise<SignedTransferAuthorization> {
  const { wallet, domain, context } = request
  // Known before the window is stamped: the first answer loads viem's accounts.
  const inProcess = wallet.kind === 'account' && (await holdsKeyInProcess(wallet.account))
  const nonce = createNonce()
  const now = Math.floor(context.now())
  const validAfter = BigInt(Math.max(0, now - validAfterSkewSeconds))
  const validBefore = BigInt(now + request.validForSeconds)
  const authorization = {
    from: request.from,
    to: request.to,
    value: request.value,
    validAfter,
    validBefore,
    nonce,
  }

  context.onStep?.('signing')
  // A key held in process signs the digest of the same typed data (the same signature, without
  // viem re-hashing the token's domain each time); every other signer is shown the typed data.
  const signature = inProcess
    ? await (wallet.account as LocalAccount).sign!({
        hash: transferAuthorizationDigest(domain, authorization),
      })
    : await wallet.signTypedData({
        domain,
        types: {
          EIP712Domain: getTypesForEIP712Domain({ domain }),
          ...transferWithAuthorizationTypes,
        },
        primaryType: 'TransferWithAuthorization',
        message: authorization,
      })

  const signedAt = Math.floor(context.now())
  if (BigInt(signedAt + minimumRemainingSeconds) > validBefore)
    throw new QuoteExpiredError({
      details: `The wallet returned the signature at ${signedAt}, too close to its expiry at ${validBefore}; it was discarded.`,
    })
  return { signature, authorization }
}

/** The authorization as the wire carries it: numbers as decimal strings (protocols.md §2.1). */
export function authorizationToJson(
  authorization: SignedTransferAuthorization['authorization'],
): Record<string, string> {
  return {
    from: authorization.from,
    to: authorization.to,
    value: authorization.value.toString(),
    validAfter: authorization.validAfter.toString(),
    validBefore: authorization.validBefore.toString(),
    nonce: authorization.nonce,
  }
}
