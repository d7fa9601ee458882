'use client'
import { QueryClient, QueryClientContext, QueryClientProvider } from '@tanstack/react-query'
import { type ReactNode, useContext, useEffect, useMemo, useState } from 'react'
import type { Chain } from 'viem'
import {
  type Config,
  type CreateConnectorFn,
  createConfig,
  http,
  injected,
  unstable_connector,
  WagmiContext,
  WagmiProvider,
} from 'wagmi'
import { walletConnect } from 'wagmi/connectors'
import { createKitWagmiStorage } from './evm/createKitWagmiStorage.js'
import { EvmWalletBridge } from './evm/EvmWalletBridge.js'
import { H402Context, type H402ContextValue, type H402Settings } from './H402Context.js'
import { preloadPaymentSession } from './loadPaymentSession.js'
import { SessionCache } from './sessionCache.js'
import { WalletRegistry } from './walletRegistry.js'

/** Configuration of an {@link H402Provider}. */
export interface H402Config extends H402Settings {
  /**
   * EVM chains to pay on, used only when the app has no `WagmiProvider` of its own (then the kit
   * makes a wagmi config with EIP-6963 wallet discovery).
   */
  chains?: readonly [Chain, ...Chain[]]
  /**
   * JSON-RPC URL per chain id for that default config. A chain without one is read through the
   * connected wallet: the kit never calls a public RPC the app did not choose.
   */
  rpcUrls?: Readonly<Record<number, string>>
  /**
   * A WalletConnect (Reown) project id: adds wagmi's `walletConnect` connector to that default
   * config, so phone wallets are offered next to the browser's. The app installs
   * `@walletconnect/ethereum-provider` (an optional peer of wagmi, loaded only when a person picks
   * WalletConnect); without a project id the kit offers no WalletConnect and loads none of it.
   */
  walletConnectProjectId?: string
  /**
   * More wallet connectors for that default config, besides the browser's (EIP-6963) wallets,
   * e.g. `coinbaseWallet()` from `wagmi/connectors`.
   */
  connectors?: readonly CreateConnectorFn[]
  /** A ready wagmi config to use when the app has no `WagmiProvider`. */
  wagmiConfig?: Config
  /** A QueryClient to use when the app has no `QueryClientProvider`. */
  queryClient?: QueryClient
  /** How long a payment session nobody renders is kept, in ms. Default 5 minutes. */
  gcTime?: number
}

/** Props of {@link H402Provider}. */
export interface H402ProviderProps {
  config?: H402Config
  children?: ReactNode
}

/**
 * Gives paywalls their wallets, caches and settings. Reuses the app's `WagmiProvider` and
 * `QueryClientProvider` when there are any, and creates one only where one is missing, so the app
 * and the paywall share one wallet connection and one cache (never a second context). Solana
 * wallets are added with `H402SolanaProvider` from `@h402/paywall/react-solana`, inside this one.
 *
 * @example
 * <H402Provider config={{ chains: [base], rpcUrls: { [base.id]: 'https://…' } }}>
 *   <H402Paywall url="/api/report">{(response) => <Report response={response} />}</H402Paywall>
 * </H402Provider>
 */
export function H402Provider({ config = {}, children }: H402ProviderProps) {
  const appQueryClient = useContext(QueryClientContext)
  const appWagmi = useContext(WagmiContext)
  const [queryClient] = useState(
    () =>
      appQueryClient ??
      config.queryClient ??
      new QueryClient({ defaultOptions: { queries: { retry: false } } }),
  )
  const [wagmi] = useState(() =>
    appWagmi || config.wagmiConfig
      ? { config: appWagmi ?? config.wagmiConfig, storedConnection: undefined }
      : defaultWagmiConfig(config),
  )
  const wagmiConfig = wagmi.config
  const [value] = useState<Omit<H402ContextValue, 'settings'>>(() => ({
    sessions: new SessionCache(config.gcTime === undefined ? {} : { gcTime: config.gcTime }),
    wallets: new WalletRegistry(),
    queryClient,
  }))
  // The engine's chunk, fetched once the app has rendered: a paywall shown later (another route)
  // then has it at hand, and fetches its 402 at once.
  useEffect(preloadPaymentSession, [])
  // No clear-on-unmount: StrictMode unmounts and mounts again, and the sessions must survive it.
  // Sessions nobody renders are disposed by the cache after `gcTime`.
  const context = useMemo(() => {
    const {
      chains: _c,
      rpcUrls: _r,
      connectors: _n,
      walletConnectProjectId: _p,
      wagmiConfig: _w,
      queryClient: _q,
      gcTime: _g,
      ...settings
    } = config
    return { ...value, settings }
  }, [value, config])
  let tree = (
    <H402Context.Provider value={context}>
      {wagmiConfig && (
        <EvmWalletBridge
          config={wagmiConfig}
          {...(wagmi.storedConnection
            ? { storedConnection: wagmi.storedConnection, listsWalletsOnMount: true }
            : {})}
        />
      )}
      {children}
    </H402Context.Provider>
  )
  if (!appWagmi && wagmiConfig)
    tree = (
      <WagmiProvider config={wagmiConfig} reconnectOnMount>
        {tree}
      </WagmiProvider>
    )
  if (!appQueryClient) tree = <QueryClientProvider client={queryClient}>{tree}</QueryClientProvider>
  return tree
}

/**
 * The wagmi config the kit makes from `chains` when the app has none, and how to ask whether an
 * earlier visit left a connection it will restore.
 */
function defaultWagmiConfig(config: H402Config): {
  config: Config | undefined
  storedConnection: (() => boolean) | undefined
} {
  const chains = config.chains
  if (!chains) return { config: undefined, storedConnection: undefined }
  // `localStorage` is read only later, in the browser: nothing here touches `window`.
  const kitStorage = createKitWagmiStorage()
  const wagmiConfig = createConfig({
    chains,
    connectors: [
      injected(),
      ...(config.walletConnectProjectId
        ? [walletConnect({ projectId: config.walletConnectProjectId, showQrModal: true })]
        : []),
      ...(config.connectors ?? []),
    ],
    transports: Object.fromEntries(
      chains.map((chain) => {
        const url = config.rpcUrls?.[chain.id]
        return [chain.id, url ? http(url) : unstable_connector(injected)]
      }),
    ),
    storage: kitStorage.storage,
    // Rehydrated and reconnected in WagmiProvider's mount effect, so the server's HTML and the
    // first browser render agree.
    ssr: true,
  })
  return { config: wagmiConfig, storedConnection: kitStorage.hasStoredConnection }
}
