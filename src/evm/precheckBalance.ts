import { InsufficientFundsError } from '../core/errors/wallet.js'
import type { PaymentOption } from '../core/types.js'
import type { EvmPaymentEnv } from './evmPaymentEnv.js'
import { readBalance } from './readBalance.js'

/**
 * How long the balance pre-check may hold the signature prompt. It saves a person a useless
 * prompt; a slow RPC must not cost every payment its latency (x402's client makes no such call).
 */
export const balancePrecheckTimeoutMs = 2_000

/**
 * Refuses an EIP-3009 authorization before the signature prompt when the token balance is short:
 * the server would only say `insufficient_funds` after verifying (x402#909). Best effort: an
 * authorization costs no gas and needs no RPC, so an unreadable or slow balance (over
 * {@link balancePrecheckTimeoutMs}) does not block it (the facilitator checks the balance anyway).
 */
export async function precheckBalance(option: PaymentOption, env: EvmPaymentEnv): Promise<void> {
  if (!env.reader.has(env.chainId)) return
  const balance = await withinTime(
    (async () => readBalance(await env.reader.get(env.chainId), option, env.from))(),
    balancePrecheckTimeoutMs,
  )
  if (balance !== undefined && balance < option.amount)
    throw new InsufficientFundsError({
      required: option.amount,
      available: balance,
      ...(option.asset.symbol ? { symbol: option.asset.symbol } : {}),
    })
}

/** The read's value, or `undefined` when it fails or takes longer than `ms`; no timer outlives it. */
function withinTime<T>(read: Promise<T>, ms: number): Promise<T | undefined> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(undefined), ms)
    read.then(
      (value) => {
        clearTimeout(timer)
        resolve(value)
      },
      () => {
        clearTimeout(timer)
        resolve(undefined)
      },
    )
  })
}
