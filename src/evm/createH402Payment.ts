import type { Address, TypedDataDomain } from 'viem'
import { UnsupportedOptionError } from '../core/errors/policy.js'
import type { PreparedPayment } from '../core/payer.js'
import type { PaymentOption } from '../core/types.js'
import { assertSignableResource } from './assertSignableResource.js'
import { broadcastH402Transfer } from './broadcastH402Transfer.js'
import { ensureWalletChain } from './ensureWalletChain.js'
import type { EvmPaymentEnv } from './evmPaymentEnv.js'
import { precheckBalance } from './precheckBalance.js'
import { resolveEip712Domain } from './resolveEip712Domain.js'
import { signH402Transaction } from './signH402Transaction.js'
import { authorizationToJson, signTransferAuthorization } from './signTransferAuthorization.js'
import { supportsEip3009 } from './supportsEip3009.js'
import { supportsH402Authorization } from './supportsH402Authorization.js'
import { verifyTokenDecimals } from './verifyTokenDecimals.js'

/**
 * Pays an h402 `exact` option on an EVM chain (protocols.md §2.3), choosing the payload type that
 * h402's facilitator can verify for this token and wallet (bit-gpt/h402
 * typescript/packages/h402/src/schemes/exact/evm/facilitator.ts):
 * - `authorization` only for an EIP-3009 token that also answers `verifyTransferAuthorization`,
 *   which that facilitator calls to check the signature ({@link supportsH402Authorization}; USDC
 *   as Circle deploys it does not, and its authorizations are refused);
 * - `signedTransaction` for a LocalAccount: a signed transfer the facilitator broadcasts;
 * - `signAndSendTransaction` for a WalletClient: the wallet broadcasts the transfer itself
 *   (wallets do not sign a transaction without sending it).
 *
 * The resource is signed byte for byte as `option.resource`: h402 facilitators compare it with
 * the requirement's, so an option without one is refused (h402's `"402 signature <ts>"`
 * stand-in can never match).
 */
export async function createH402Payment(
  option: PaymentOption,
  env: EvmPaymentEnv,
): Promise<PreparedPayment> {
  const resource = option.resource
  if (!resource)
    throw new UnsupportedOptionError({
      option,
      reason: 'The h402 option has no "resource"; the server could not match the payment to it.',
    })
  const { wallet, chainId, context } = env
  if (wallet.kind === 'client')
    await ensureWalletChain(wallet.client, chainId, {
      switchChain: env.switchChain,
      chains: env.chains,
      onStep: context.onStep,
    })

  // The amount itself was converted with the decimals the server gave: check them first.
  if (option.asset.decimals !== undefined)
    await verifyTokenDecimals(option, chainId, env.reader, env.probes, context.signal)
  const domain = await eip3009Domain(option, env)
  if (domain) return signH402Authorization(option, env, domain)
  // Both other payloads carry a personal_sign of the resource.
  assertSignableResource(option, resource, context)
  if (wallet.kind === 'account') return signH402Transaction(option, env, wallet.account, resource)
  return broadcastH402Transfer(option, env, wallet, resource)
}

/**
 * The token's EIP-712 domain when an h402 facilitator can verify its authorizations (EIP-3009
 * and `verifyTransferAuthorization`) and it says its domain, else `undefined`.
 */
async function eip3009Domain(
  option: PaymentOption,
  env: EvmPaymentEnv,
): Promise<TypedDataDomain | undefined> {
  const read = () => env.reader.get(env.chainId)
  if (!(await supportsH402Authorization(option, read, env.probes))) return undefined
  if (!(await supportsEip3009(option, read, env.probes))) return undefined
  try {
    return await resolveEip712Domain(option, env.chainId, read, env.probes)
  } catch (error) {
    // A token with EIP-3009 but no readable domain can still be paid by a plain transfer.
    if (error instanceof UnsupportedOptionError) return undefined
    throw error
  }
}

/**
 * h402's `authorization` payload. `to` is the server's `payToAddress` verbatim, because h402's
 * facilitator compares the two strings exactly (not as addresses).
 */
async function signH402Authorization(
  option: PaymentOption,
  env: EvmPaymentEnv,
  domain: TypedDataDomain,
): Promise<PreparedPayment> {
  await precheckBalance(option, env)
  const { signature, authorization } = await signTransferAuthorization({
    wallet: env.wallet,
    domain,
    from: env.from,
    to: option.payTo as Address,
    value: option.amount,
    validForSeconds: h402ValiditySeconds(option, env.maxValiditySeconds),
    context: env.context,
  })
  return {
    kind: 'authorization',
    payer: env.from,
    validBefore: Number(authorization.validBefore),
    payload: {
      type: 'authorization',
      signature,
      authorization: { ...authorizationToJson(authorization), version: domain.version ?? '' },
    },
  }
}

/**
 * h402 has no `maxTimeoutSeconds`; its client uses `estimatedProcessingTime ?? 30` s from before
 * the first wallet prompt, which a person confirming on a phone or a Ledger often misses. We
 * stamp the window right before the prompt, with at least 60 s and at most `maxValiditySeconds`
 * (default 10 min: a wide window only widens the exposure of a leaked authorization).
 */
export function h402ValiditySeconds(option: PaymentOption, maxValiditySeconds: number): number {
  const stated: unknown =
    option.maxTimeoutSeconds ??
    (option.raw as { estimatedProcessingTime?: unknown } | null)?.estimatedProcessingTime
  // `Number.isFinite` does not coerce: a string, NaN or Infinity counts as nothing said.
  const seconds = Number.isFinite(stated) ? Math.floor(stated as number) : 0
  return Math.min(Math.max(seconds, 60), maxValiditySeconds)
}
