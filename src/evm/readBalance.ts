import { type Address, erc20Abi, getAddress } from 'viem'
import { getBalance, readContract } from 'viem/actions'
import type { PaymentOption } from '../core/types.js'
import type { ReadClient } from './createChainReader.js'

/** `owner`'s balance of the option's asset in atomic units: ERC-20 `balanceOf`, or the native coin. */
export async function readBalance(
  client: ReadClient,
  option: PaymentOption,
  owner: Address,
): Promise<bigint> {
  if (option.asset.native) return getBalance(client, { address: owner })
  return readContract(client, {
    address: getAddress(option.asset.address),
    abi: erc20Abi,
    functionName: 'balanceOf',
    args: [owner],
  })
}
