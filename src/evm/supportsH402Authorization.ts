import { getAddress, zeroAddress, zeroHash } from 'viem'
import type { PaymentOption } from '../core/types.js'
import { verifyTransferAuthorizationAbi } from './abis.js'
import type { ReadClient } from './createChainReader.js'
import { noProbeCache, type ProbeCache, probeContract } from './probeContract.js'

/**
 * Whether an h402 facilitator can verify an EIP-3009 `authorization` for the option's token.
 * h402's facilitator does not check the signature itself: it calls the token's
 * `verifyTransferAuthorization(from, to, value, validAfter, validBefore, nonce, signature)` and
 * refuses the payment when that call reverts (bit-gpt/h402
 * typescript/packages/h402/src/schemes/exact/evm/facilitator.ts, verifyAuthorizationPayload).
 * EIP-3009 has no such function and USDC as Circle deploys it lacks it, so an authorization for
 * USDC is refused with `"error":{}`. Asked once with empty arguments (a token that has it answers
 * `false`), without retries, and remembered in `cache`.
 */
export async function supportsH402Authorization(
  option: PaymentOption,
  read: () => Promise<ReadClient>,
  cache: ProbeCache = noProbeCache,
): Promise<boolean> {
  if (option.asset.native) return false
  const address = getAddress(option.asset.address)
  return cache(`${option.network.id}:${address}:verifyTransferAuthorization`, async () => {
    const answer = await probeContract(await read(), {
      address,
      abi: verifyTransferAuthorizationAbi,
      functionName: 'verifyTransferAuthorization',
      args: [zeroAddress, zeroAddress, 0n, 0n, 0n, zeroHash, '0x'],
    })
    return answer !== undefined
  })
}
