import { getAddress, zeroAddress, zeroHash } from 'viem'
import type { PaymentOption } from '../core/types.js'
import { eip3009Abi } from './abis.js'
import type { ReadClient } from './createChainReader.js'
import { noProbeCache, type ProbeCache, probeContract } from './probeContract.js'

/**
 * Whether the option's token implements EIP-3009 `transferWithAuthorization`. h402's own probe
 * calls `transferWithAuthorization` with no arguments, which viem refuses to encode, so it always
 * says no (protocols.md §2.3). Here: a token the registry (or the server) gives an EIP-712 domain
 * for, or one whose `authorizationState(address,bytes32)` view answers an `eth_call` (asked once,
 * without retries, and remembered in `cache`).
 */
export async function supportsEip3009(
  option: PaymentOption,
  read: () => Promise<ReadClient>,
  cache: ProbeCache = noProbeCache,
): Promise<boolean> {
  if (option.asset.native) return false
  if (option.asset.eip712) return true
  const address = getAddress(option.asset.address)
  return cache(`${option.network.id}:${address}:eip3009`, async () => {
    const answer = await probeContract(await read(), {
      address,
      abi: eip3009Abi,
      functionName: 'authorizationState',
      args: [zeroAddress, zeroHash],
    })
    return answer !== undefined
  })
}
