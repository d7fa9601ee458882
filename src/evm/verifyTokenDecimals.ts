import type { Address } from 'viem'
import { UnsupportedOptionError } from '../core/errors/policy.js'
import { getToken } from '../core/networks/tokens.js'
import type { PaymentOption } from '../core/types.js'
import { checksumAddress } from './checksumAddress.js'
import type { ChainReader } from './createChainReader.js'
import type { ProbeCache } from './probeContract.js'
import { readTokenDecimals } from './readTokenDecimals.js'

/**
 * The decimals the option's amount may be shown with, checked against the chain (SPEC §5.1: the
 * amount shown is the amount signed). A token the registry knows is trusted as is; the native
 * coin's decimals come from the network registry. For any other token the server's
 * `tokenDecimals` is only a claim: a server that says 2 for a 6-decimal token shows "0.01" and
 * takes 1 token. So `decimals()` is read (once per token) and a disagreement refuses the option.
 * A token that does not state its decimals is refused when the option gives some (they cannot be
 * checked), and otherwise shown in atomic units (`undefined`). `signal` may be given as a function,
 * called only when the chain is read (a payment's signal is made on first use).
 */
export async function verifyTokenDecimals(
  option: PaymentOption,
  chainId: number,
  reader: ChainReader,
  cache: ProbeCache,
  signal?: AbortSignal | (() => AbortSignal | undefined),
): Promise<number | undefined> {
  const stated = option.asset.decimals
  if (option.asset.native || getToken(option.network.id, option.asset.address)) return stated
  const refuse = (reason: string) => new UnsupportedOptionError({ option, reason })
  if (!reader.has(chainId)) {
    if (stated === undefined) return undefined
    throw refuse(
      `The token's decimals cannot be checked without an RPC for ${option.network.name}: pass \`publicClient\` or \`rpcUrls\` to evmPayer.`,
    )
  }
  const address: Address = checksumAddress(option.asset.address)
  const onChain = await cache(`eip155:${chainId}:${address}:decimals`, async () => {
    const abort = typeof signal === 'function' ? signal() : signal
    return readTokenDecimals(await reader.get(chainId), address, abort ? { signal: abort } : {})
  })
  if (onChain === undefined) {
    if (stated === undefined) return undefined
    throw refuse(
      `The token does not state its decimals on chain, so the server's ${stated} cannot be checked.`,
    )
  }
  if (stated !== undefined && stated !== onChain)
    throw refuse(`The server says the token has ${stated} decimals, but the token says ${onChain}.`)
  return onChain
}
