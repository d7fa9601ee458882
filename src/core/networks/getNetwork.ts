import { networks as knownNetworks, type NetworkInfo } from './networks.js'

/** Where to look a network up: the built-in list, optionally extended by the app. */
export interface NetworkLookupOptions {
  /** Extra or overriding networks, checked before the built-in list. */
  networks?: readonly NetworkInfo[]
}

function all(options?: NetworkLookupOptions): readonly NetworkInfo[] {
  return options?.networks ? [...options.networks, ...knownNetworks] : knownNetworks
}

/** The network with this CAIP-2 id (e.g. `'eip155:8453'`), if known. */
export function getNetwork(id: string, options?: NetworkLookupOptions): NetworkInfo | undefined {
  return all(options).find((network) => network.id === id)
}

/** The network an x402 v1 name (e.g. `'base-sepolia'`) means, if known. */
export function getNetworkByX402Name(
  name: string,
  options?: NetworkLookupOptions,
): NetworkInfo | undefined {
  return all(options).find((network) => network.x402Names.includes(name))
}

/** The network an h402 `namespace` + `networkId` pair means, if known. */
export function getNetworkByH402Id(
  namespace: string,
  networkId: string,
  options?: NetworkLookupOptions,
): NetworkInfo | undefined {
  return all(options).find(
    (network) => network.namespace === namespace && network.h402NetworkId === networkId,
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
