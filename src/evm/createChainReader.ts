import { type Chain, type Client, createPublicClient, http, type Transport } from 'viem'
import { getChainId } from 'viem/actions'
import { ChainRequestError, WrongNetworkError } from '../core/errors/wallet.js'
import { getNetworkByChainId } from '../core/networks/getNetwork.js'
import type { EvmWallet } from './toEvmWallet.js'

/** Any viem client that can read a chain: a `PublicClient`, or a `WalletClient` (its transport). */
export type ReadClient = Client<Transport, Chain | undefined>

/** Where an EVM payer reads the chain (balances, token metadata, gas, receipts). */
export interface ChainReaderOptions {
  /**
   * A client for reads: one (used for its own chain), or a function giving the client for a chain
   * id (e.g. `(id) => getPublicClient(wagmiConfig, { chainId: id })`).
   */
  publicClient?: ReadClient | ((chainId: number) => ReadClient | undefined)
  /** JSON-RPC URLs per chain id, for chains `publicClient` does not cover. */
  rpcUrls?: Readonly<Record<number, string>>
  /** Polling interval in ms for clients made from `rpcUrls`, and for receipt waits. */
  pollingInterval?: number
}

/** Finds, and checks, the client that reads a given chain. */
export interface ChainReader {
  /** True when reads on `chainId` are possible (without checking the node yet). */
  has(chainId: number): boolean
  /**
   * A client that reads `chainId`. Checks the node's `eth_chainId` first (once per configured
   * client; every time for the wallet's own transport, which follows the wallet's network), so
   * a balance or a token's domain is never read from the wrong chain.
   */
  get(chainId: number): Promise<ReadClient>
}

/**
 * The chain reader of an EVM payer: the configured `publicClient`, then `rpcUrls`, then, for a
 * `WalletClient`, the wallet's own transport (so a browser wallet needs no extra setup).
 */
export function createChainReader(wallet: EvmWallet, options: ChainReaderOptions): ChainReader {
  const urlClients = new Map<number, ReadClient>()
  const checked = new WeakMap<ReadClient, Map<number, Promise<void>>>()

  const configured = (chainId: number): ReadClient | undefined => {
    const { publicClient, rpcUrls } = options
    if (typeof publicClient === 'function') {
      const client = publicClient(chainId)
      if (client) return client
    } else if (publicClient && (!publicClient.chain || publicClient.chain.id === chainId)) {
      return publicClient
    }
    const url = rpcUrls?.[chainId]
    if (url === undefined) return undefined
    let client = urlClients.get(chainId)
    if (!client) {
      client = createPublicClient({
        transport: http(url),
        ...(options.pollingInterval === undefined
          ? {}
          : { pollingInterval: options.pollingInterval }),
      })
      urlClients.set(chainId, client)
    }
    return client
  }

  const checkOnce = (client: ReadClient, chainId: number): Promise<void> => {
    let byChain = checked.get(client)
    if (!byChain) {
      byChain = new Map()
      checked.set(client, byChain)
    }
    let check = byChain.get(chainId)
    if (!check) {
      check = getChainId(client).then((actual) => {
        if (actual !== chainId)
          throw new ChainRequestError({
            details: `The RPC configured for chain ${chainId} answers for chain ${actual}.`,
          })
      })
      // A failed check (node down) is retried on the next read rather than cached.
      check.catch(() => byChain.delete(chainId))
      byChain.set(chainId, check)
    }
    return check
  }

  return {
    has: (chainId) => configured(chainId) !== undefined || wallet.kind === 'client',
    async get(chainId) {
      const client = configured(chainId)
      if (client) {
        await checkOnce(client, chainId)
        return client
      }
      if (wallet.kind !== 'client')
        throw new ChainRequestError({
          details: `No RPC for chain ${chainId}: pass \`publicClient\` or \`rpcUrls\` to evmPayer.`,
        })
      const actual = await getChainId(wallet.client)
      if (actual !== chainId)
        throw new WrongNetworkError({
          expected: getNetworkByChainId(chainId)?.name ?? `chain ${chainId}`,
          actual: getNetworkByChainId(actual)?.name ?? `chain ${actual}`,
        })
      return wallet.client
    },
  }
}
