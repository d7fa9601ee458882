import { keccak256, type LocalAccount } from 'viem'
import { getTransactionCount } from 'viem/actions'
import type { PreparedPayment } from '../core/payer.js'
import type { PaymentOption } from '../core/types.js'
import { assertCanAfford } from './assertCanAfford.js'
import type { EvmPaymentEnv } from './evmPaymentEnv.js'
import { transferCall } from './transferCall.js'

/**
 * h402's `signedTransaction` payload for a LocalAccount: a transfer signed but not sent (the
 * facilitator broadcasts it, the payer pays the gas), plus `signedMessage`, the personal_sign of
 * the resource. Nonce, gas and fees come from the chain; funds are checked first, because a
 * transaction that cannot be paid for would only fail at the facilitator.
 */
export async function signH402Transaction(
  option: PaymentOption,
  env: EvmPaymentEnv,
  account: LocalAccount,
  resource: string,
): Promise<PreparedPayment> {
  const { chainId, from, context } = env
  const client = await env.reader.get(chainId)
  const call = transferCall(option)
  const { gas, fees } = await assertCanAfford(client, option, chainId, from, call)
  // `pending`: the facilitator broadcasts after any transaction this account already queued.
  const nonce = await getTransactionCount(client, { address: from, blockTag: 'pending' })

  context.onStep?.('signing-message')
  const signedMessage = await account.signMessage({ message: resource })
  context.onStep?.('signing')
  const signedTransaction = await account.signTransaction({
    chainId,
    nonce,
    gas,
    to: call.to,
    data: call.data,
    value: call.value,
    ...('gasPrice' in fees
      ? { type: 'legacy' as const, ...fees }
      : { type: 'eip1559' as const, ...fees }),
  })
  return {
    kind: 'transaction',
    payer: from,
    transaction: keccak256(signedTransaction),
    payload: { type: 'signedTransaction', signedTransaction, signedMessage },
  }
}
