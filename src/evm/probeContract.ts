import {
  type Abi,
  type Address,
  type ContractFunctionArgs,
  type ContractFunctionName,
  type DecodeFunctionResultReturnType,
  decodeFunctionResult,
  type EncodeFunctionDataParameters,
  encodeFunctionData,
  type Hex,
} from 'viem'
import type { ReadClient } from './createChainReader.js'
import { isTransportFailure } from './readOrUndefined.js'

/** A view call to a contract that may not implement it. */
export type ProbeCall<
  abi extends Abi,
  functionName extends ContractFunctionName<abi, 'pure' | 'view'>,
> = EncodeFunctionDataParameters<abi, functionName> & { address: Address }

/**
 * Calls a view a token may lack, once: `undefined` when the contract does not answer (reverts,
 * returns nothing, or data that does not decode), and a transport failure still throws.
 *
 * A raw `eth_call` with `retryCount: 0`: viem's transports retry a JSON-RPC `-32603` three times
 * with backoff, and nodes (Hardhat, Geth behind some providers) answer a revert with `-32603`,
 * so `readContract` on a token without the function took about 1.2 s to say "no".
 */
export async function probeContract<
  const abi extends Abi,
  functionName extends ContractFunctionName<abi, 'pure' | 'view'>,
>(
  client: ReadClient,
  call: ProbeCall<abi, functionName>,
  signal?: AbortSignal,
): Promise<
  | DecodeFunctionResultReturnType<
      abi,
      functionName,
      ContractFunctionArgs<abi, 'pure' | 'view', functionName>
    >
  | undefined
> {
  const { address, ...encode } = call
  const data = encodeFunctionData(encode as EncodeFunctionDataParameters)
  let result: Hex
  try {
    result = (await client.request(
      { method: 'eth_call', params: [{ to: address, data }, 'latest'] },
      { retryCount: 0, ...(signal ? { signal } : {}) },
    )) as Hex
  } catch (error) {
    if (isTransportFailure(error) || signal?.aborted) throw error
    return undefined
  }
  try {
    return decodeFunctionResult({
      abi: call.abi,
      functionName: call.functionName,
      data: result,
    } as never) as never
  } catch {
    return undefined
  }
}

/**
 * Remembers what a token answered (its EIP-3009 support, EIP-712 domain, decimals): these do not
 * change, and asking again before every payment costs round trips. Keyed by chain, address and
 * question; a transport failure is not remembered.
 */
export type ProbeCache = <T>(key: string, read: () => Promise<T>) => Promise<T>

/** A {@link ProbeCache} of one payer. */
export function createProbeCache(): ProbeCache {
  const answers = new Map<string, Promise<unknown>>()
  return <T>(key: string, read: () => Promise<T>): Promise<T> => {
    let answer = answers.get(key) as Promise<T> | undefined
    if (!answer) {
      answer = read()
      answers.set(key, answer)
      answer.catch(() => answers.delete(key))
    }
    return answer
  }
}

/** A cache that remembers nothing, for callers without a payer. */
export const noProbeCache: ProbeCache = (_key, read) => read()
