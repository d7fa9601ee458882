import { type Address, getAddress } from 'viem'
import { decimalsAbi } from './abis.js'
import type { ReadClient } from './createChainReader.js'
import { probeContract } from './probeContract.js'

/**
 * An ERC-20 token's `decimals()` as the chain states it, or `undefined` when the token does not
 * answer (the function is optional in ERC-20). One `eth_call`, not retried; a transport failure
 * throws.
 *
 * @example
 * const decimals = await readTokenDecimals(publicClient, '0x8335…2913') // 6
 */
export async function readTokenDecimals(
  client: ReadClient,
  token: Address,
  options: { signal?: AbortSignal } = {},
): Promise<number | undefined> {
  return probeContract(
    client,
    { address: getAddress(token), abi: decimalsAbi, functionName: 'decimals' },
    options.signal,
  )
}
