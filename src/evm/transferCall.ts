import { type Address, encodeFunctionData, erc20Abi, getAddress, type Hex } from 'viem'
import type { PaymentOption } from '../core/types.js'

/** A plain transfer, as h402's facilitator expects to find it (protocols.md §2.3). */
export interface TransferCall {
  to: Address
  data: Hex
  value: bigint
}

/**
 * The transaction that pays an option directly: ERC-20 `transfer(payTo, amount)` on the token,
 * or a native `{ to: payTo, value: amount }`. Native transfers carry `data: '0x'` explicitly:
 * h402 does so for Trust Wallet over WalletConnect, which rejects a missing `data`.
 */
export function transferCall(option: PaymentOption): TransferCall {
  const payTo = getAddress(option.payTo)
  if (option.asset.native) return { to: payTo, data: '0x', value: option.amount }
  return {
    to: getAddress(option.asset.address),
    data: encodeFunctionData({
      abi: erc20Abi,
      functionName: 'transfer',
      args: [payTo, option.amount],
    }),
    value: 0n,
  }
}
