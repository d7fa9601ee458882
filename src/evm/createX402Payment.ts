import { QuoteExpiredError } from '../core/errors/payment.js'
import type { PreparedPayment } from '../core/payer.js'
import type { PaymentOption } from '../core/types.js'
import { checksumAddress } from './checksumAddress.js'
import { ensureWalletChain } from './ensureWalletChain.js'
import type { EvmPaymentEnv } from './evmPaymentEnv.js'
import { precheckBalance } from './precheckBalance.js'
import { resolveEip712Domain } from './resolveEip712Domain.js'
import { authorizationToJson, signTransferAuthorization } from './signTransferAuthorization.js'
import { verifyTokenDecimals } from './verifyTokenDecimals.js'

/** x402 requires `maxTimeoutSeconds`; this only covers a server that omits it anyway. */
const fallbackTimeoutSeconds = 60

/**
 * How long the authorization stays valid: the server's `maxTimeoutSeconds` (whole seconds), at
 * most `maxValiditySeconds`. x402's client follows `maxTimeoutSeconds` unbounded, so a server
 * saying 3e9 gets a signature valid for 95 years; a wide window only widens the exposure of a
 * leaked authorization (the h402 path caps it the same way).
 */
export function x402ValiditySeconds(
  maxTimeoutSeconds: number | undefined,
  maxValiditySeconds: number,
): number {
  const stated =
    maxTimeoutSeconds !== undefined && Number.isFinite(maxTimeoutSeconds) && maxTimeoutSeconds >= 1
      ? Math.floor(maxTimeoutSeconds)
      : fallbackTimeoutSeconds
  return Math.min(stated, maxValiditySeconds)
}

/**
 * Pays an x402 v1 or v2 `exact` option on an EVM chain with an EIP-3009 authorization
 * (protocols.md §2.1): `{ signature, authorization: { from, to, value, validAfter, validBefore,
 * nonce } }`, numbers as decimal strings. Nothing moves until the server's facilitator settles,
 * so the result is `kind: 'authorization'`, valid until `validBefore`.
 */
export async function createX402Payment(
  option: PaymentOption,
  env: EvmPaymentEnv,
): Promise<PreparedPayment> {
  const { context, chainId, from, wallet } = env
  const timeout = option.maxTimeoutSeconds ?? fallbackTimeoutSeconds
  // SPEC §5.3: a quote older than its `maxTimeoutSeconds` is fetched again, not signed.
  const expiresAt = context.paymentRequired.receivedAt / 1000 + timeout
  if (context.now() >= expiresAt)
    throw new QuoteExpiredError({ details: `The quote expired at ${Math.floor(expiresAt)}.` })

  if (wallet.kind === 'client')
    await ensureWalletChain(wallet.client, chainId, {
      switchChain: env.switchChain,
      chains: env.chains,
      onStep: context.onStep,
    })
  const read = () => env.reader.get(chainId)
  if (option.asset.decimals !== undefined)
    await verifyTokenDecimals(option, chainId, env.reader, env.probes, () => context.signal)
  const domain = await resolveEip712Domain(option, chainId, read, env.probes)
  await precheckBalance(option, env)

  const { signature, authorization } = await signTransferAuthorization({
    wallet,
    domain,
    from,
    to: checksumAddress(option.payTo),
    value: option.amount,
    validForSeconds: x402ValiditySeconds(option.maxTimeoutSeconds, env.maxValiditySeconds),
    context,
  })
  return {
    kind: 'authorization',
    payer: from,
    validBefore: Number(authorization.validBefore),
    payload: {
      signature,
      authorization: authorizationToJson(authorization),
    },
  }
}
