import { InsufficientFundsError } from '../core/errors/wallet.js'
import type { PaymentOption } from '../core/types.js'
import type { EvmPaymentEnv } from './evmPaymentEnv.js'
import { readBalance } from './readBalance.js'

/**
 * Refuses an EIP-3009 authorization before the signature prompt when the token balance is short:
 * the server would only say `insufficient_funds` after verifying (x402#909). Best effort: an
 * authorization costs no gas and needs no RPC, so an unreadable balance does not block it (the
 * facilitator checks the balance anyway).
 */
export async function precheckBalance(option: PaymentOption, env: EvmPaymentEnv): Promise<void> {
  if (!env.reader.has(env.chainId)) return
  let balance: bigint
  try {
    balance = await readBalance(await env.reader.get(env.chainId), option, env.from)
  } catch {
    return
  }
  if (balance < option.amount)
    throw new InsufficientFundsError({
      required: option.amount,
      available: balance,
      ...(option.asset.symbol ? { symbol: option.asset.symbol } : {}),
    })
}
