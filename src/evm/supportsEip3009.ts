import { getAddress, zeroAddress, zeroHash } from 'viem'
import { readContract } from 'viem/actions'
import type { PaymentOption } from '../core/types.js'
import { eip3009Abi } from './abis.js'
import type { ReadClient } from './createChainReader.js'
import { readOrUndefined } from './readOrUndefined.js'

/**
 * Whether the option's token implements EIP-3009 `transferWithAuthorization`. h402's own probe
 * calls `transferWithAuthorization` with no arguments, which viem refuses to encode, so it always
 * says no (protocols.md §2.3). Here: a token the registry (or the server) gives an EIP-712 domain
 * for, or one whose `authorizationState(address,bytes32)` view answers an `eth_call`.
 */
export async function supportsEip3009(
  option: PaymentOption,
  read: () => Promise<ReadClient>,
): Promise<boolean> {
  if (option.asset.native) return false
  if (option.asset.eip712) return true
  const answer = await readOrUndefined(
    readContract(await read(), {
      address: getAddress(option.asset.address),
      abi: eip3009Abi,
      functionName: 'authorizationState',
      args: [zeroAddress, zeroHash],
    }),
  )
  return answer !== undefined
}
