import { networks as knownNetworks, type NetworkInfo } from './networks.js'

/** Where to look a network up: the built-in list, optionally extended by the app. */
export interface NetworkLookupOptions {
  /** Extra or overriding networks, checked before the built-in list. */
  networks?: readonly NetworkInfo[]
}

function all(options?: NetworkLookupOptions): readonly NetworkInfo[] {
  return options?.networks ? [...options.networks, ...knownNetworks] : knownNetworks
}

// The built-in list by each key a 402 names a network with, made on first use: a 402 names one
// on every option, and scanning the list each time cost as much as the rest of reading an option.
// Each key gives its networks in the list's order, so the first is the one a scan would find.
const none: readonly NetworkInfo[] = []
const indexes = new Map<'id' | 'x402' | 'h402', Map<string, NetworkInfo[]>>()
function known(key: 'id' | 'x402' | 'h402', name: string): readonly NetworkInfo[] {
  let index = indexes.get(key)
  if (!index) {
    index = new Map()
    for (const network of knownNetworks) {
      const names =
        key === 'id' ? [network.id] : key === 'x402' ? network.x402Names : [network.h402NetworkId]
      for (const each of names) {
        if (each === undefined) continue
        const list = index.get(each)
        if (list) list.push(network)
        else index.set(each, [network])
      }
    }
    indexes.set(key, index)
  }
  return index.get(name) ?? none
}

/** The network with this CAIP-2 id (e.g. `'eip155:8453'`), if known. */
export function getNetwork(id: string, options?: NetworkLookupOptions): NetworkInfo | undefined {
  return options?.networks?.find((network) => network.id === id) ?? known('id', id)[0]
}

/** The network an x402 v1 name (e.g. `'base-sepolia'`) means, if known. */
export function getNetworkByX402Name(
  name: string,
  options?: NetworkLookupOptions,
): NetworkInfo | undefined {
  return (
    options?.networks?.find((network) => network.x402Names.includes(name)) ?? known('x402', name)[0]
  )
}

/** The network an h402 `namespace` + `networkId` pair means, if known. */
export function getNetworkByH402Id(
  namespace: string,
  networkId: string,
  options?: NetworkLookupOptions,
): NetworkInfo | undefined {
  return (
    options?.networks?.find(
      (network) => network.namespace === namespace && network.h402NetworkId === networkId,
    ) ?? known('h402', networkId).find((network) => network.namespace === namespace)
  )
}

/** The EVM network with this chain id, if known. */
export function getNetworkByChainId(
  chainId: number,
  options?: NetworkLookupOptions,
): NetworkInfo | undefined {
  return all(options).find((network) => network.namespace === 'evm' && network.chainId === chainId)
}

/** Block explorer link for a transaction or an address on a known network. */
export function getExplorerUrl(
  network: NetworkInfo,
  target: { transaction: string } | { address: string },
): string | undefined {
  if (!network.explorer) return undefined
  const path =
    'transaction' in target
      ? `tx/${encodeURIComponent(target.transaction)}`
      : `address/${encodeURIComponent(target.address)}`
  return `${network.explorer}/${path}${network.explorerQuery ?? ''}`
}
