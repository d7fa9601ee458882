import { type Address, Eip1559FeesNotSupportedError } from 'viem'
import { estimateFeesPerGas, estimateGas, getBalance } from 'viem/actions'
import { walk } from '../core/errors/base.js'
import { InsufficientFundsError } from '../core/errors/wallet.js'
import { getNetworkByChainId } from '../core/networks/getNetwork.js'
import type { PaymentOption } from '../core/types.js'
import type { ReadClient } from './createChainReader.js'
import { readBalance } from './readBalance.js'
import type { TransferCall } from './transferCall.js'

/** Gas limit and fees of a transfer, as read from the chain. */
export interface TransferCosts {
  gas: bigint
  fees: { maxFeePerGas: bigint; maxPriorityFeePerGas: bigint } | { gasPrice: bigint }
}

/**
 * Checks, before anything is signed or broadcast, that `from` holds the amount and the native
 * coin for gas (user-needs edge case 19): otherwise the wallet fails with "cannot estimate gas",
 * or a transaction is mined and reverts at the payer's expense. Returns the gas and fees read.
 */
export async function assertCanAfford(
  client: ReadClient,
  option: PaymentOption,
  chainId: number,
  from: Address,
  call: TransferCall,
): Promise<TransferCosts> {
  const native = getNetworkByChainId(chainId)?.nativeCurrency ?? client.chain?.nativeCurrency
  const nativeSymbol = native ? { symbol: native.symbol } : {}
  const nativeBalance = await getBalance(client, { address: from })
  if (option.asset.native) {
    if (nativeBalance < option.amount)
      throw new InsufficientFundsError({
        required: option.amount,
        available: nativeBalance,
        ...nativeSymbol,
      })
  } else {
    const tokenBalance = await readBalance(client, option, from)
    if (tokenBalance < option.amount)
      throw new InsufficientFundsError({
        required: option.amount,
        available: tokenBalance,
        ...(option.asset.symbol ? { symbol: option.asset.symbol } : {}),
      })
  }

  const [gas, fees] = await Promise.all([
    estimateGas(client, { account: from, to: call.to, data: call.data, value: call.value }),
    estimateFees(client),
  ])
  const feePerGas = 'gasPrice' in fees ? fees.gasPrice : fees.maxFeePerGas
  const required = gas * feePerGas + call.value
  if (nativeBalance < required)
    throw new InsufficientFundsError({ required, available: nativeBalance, ...nativeSymbol })
  return { gas, fees }
}

/** EIP-1559 fees, or a legacy gas price on chains without a base fee. */
async function estimateFees(client: ReadClient): Promise<TransferCosts['fees']> {
  try {
    const { maxFeePerGas, maxPriorityFeePerGas } = await estimateFeesPerGas(client)
    return { maxFeePerGas, maxPriorityFeePerGas }
  } catch (error) {
    if (!walk(error, (e) => e instanceof Eip1559FeesNotSupportedError)) throw error
    const { gasPrice } = await estimateFeesPerGas(client, {
      type: 'legacy',
      chain: client.chain,
    })
    return { gasPrice }
  }
}
