import { hydrate } from '@wagmi/core'
import { afterEach, expect, test, vi } from 'vitest'
import { type Config, createConfig, createStorage, http, mock } from 'wagmi'
import { hardhat } from 'wagmi/chains'
import type { WalletBridge } from '../types.js'
import { createKitWagmiStorage } from './createKitWagmiStorage.js'
import { createWagmiBridge } from './createWagmiBridge.js'

const account = '0x976EA74026E726554dB657fA54763abd0C3a0aa9'
const uid = 'a1b2c3'
// wagmi 3's localStorage after a connection with the mock connector on an earlier visit.
const earlierVisit = JSON.stringify({
  state: {
    connections: {
      __type: 'Map',
      value: [
        [
          uid,
          {
            accounts: [account],
            chainId: hardhat.id,
            connector: { id: 'mock', name: 'Mock Connector', type: 'mock', uid },
          },
        ],
      ],
    },
    chainId: hardhat.id,
    current: uid,
  },
  version: 3,
})

function browser(entries: Record<string, string>) {
  const items = new Map(Object.entries(entries))
  vi.stubGlobal('window', {
    localStorage: {
      getItem: (key: string) => items.get(key) ?? null,
      setItem: (key: string, value: string) => void items.set(key, value),
      removeItem: (key: string) => void items.delete(key),
    },
  })
}

/** The kit's own config on a reload: `ssr`, its storage, a wallet that still knows the site. */
function reload({ authorized = true } = {}) {
  browser({ 'wagmi.store': earlierVisit, 'wagmi.recentConnectorId': '"mock"' })
  const kit = createKitWagmiStorage()
  const config = createConfig({
    chains: [hardhat],
    connectors: [
      mock({ accounts: [account], features: { defaultConnected: authorized, reconnect: true } }),
    ],
    transports: { [hardhat.id]: http('http://127.0.0.1:9') },
    multiInjectedProviderDiscovery: false,
    storage: kit.storage,
    ssr: true,
  })
  return { config, storedConnection: kit.hasStoredConnection }
}

/** Every status the bridge publishes, from its first subscriber on. */
function follow(config: Config, storedConnection?: () => boolean) {
  const bridge = createWagmiBridge(config, storedConnection ? { storedConnection } : {})
  const seen: Pick<WalletBridge, 'status' | 'address'>[] = []
  const record = () => {
    const { status, address } = bridge.getSnapshot()
    const last = seen.at(-1)
    if (last?.status !== status || last?.address !== address)
      seen.push({ status, ...(address ? { address } : {}) })
  }
  bridge.subscribe(record)
  record()
  return { bridge, seen, statuses: () => seen.map((each) => each.status) }
}

afterEach(() => vi.unstubAllGlobals())

test("a stored connection: 'reconnecting' from the first subscriber until wagmi has restored it", async () => {
  const { config, storedConnection } = reload()
  const { bridge, seen, statuses } = follow(config, storedConnection)
  // Before wagmi's mount effect: wagmi itself says disconnected, with no wallets of the browser.
  expect(config.state.status).toBe('disconnected')
  expect(bridge.getSnapshot()).toMatchObject({ status: 'reconnecting', payer: undefined })
  expect(bridge.getSnapshot().address).toBeUndefined()
  await hydrate(config, { reconnectOnMount: true }).onMount()
  await vi.waitFor(() => expect(bridge.getSnapshot().status).toBe('connected'))
  expect(statuses()).toEqual(['reconnecting', 'connected'])
  expect(seen.at(-1)).toEqual({ status: 'connected', address: account })
})

test('a stored connection the wallet no longer grants: reconnecting, then the wallets are offered', async () => {
  const { config, storedConnection } = reload({ authorized: false })
  const { bridge, statuses } = follow(config, storedConnection)
  await hydrate(config, { reconnectOnMount: true }).onMount()
  await vi.waitFor(() => expect(bridge.getSnapshot().status).toBe('disconnected'))
  expect(statuses()).toEqual(['reconnecting', 'disconnected'])
  expect(bridge.getSnapshot().wallets.map((wallet) => wallet.name)).toEqual(['Mock Connector'])
})

test("wagmi's restore never starts (another config's reconnect is under way): the wallets are offered once its mount has listed them", async () => {
  const { config, storedConnection } = reload()
  const { bridge, statuses } = follow(config, storedConnection)
  // What wagmi's mount does with no reconnect after it: list the browser's wallets, nothing more.
  await hydrate(config, { reconnectOnMount: false }).onMount()
  config._internal.connectors.setState((connectors) => [...connectors])
  expect(bridge.getSnapshot().status).toBe('reconnecting')
  await Promise.resolve()
  expect(statuses()).toEqual(['reconnecting', 'disconnected'])
})

test('a wallet chosen while restoring (by the app): that connection, not a restore', async () => {
  const { config, storedConnection } = reload({ authorized: false })
  const { bridge, statuses } = follow(config, storedConnection)
  await bridge.getSnapshot().connect(config.connectors[0]!.uid)
  expect(bridge.getSnapshot().status).toBe('connected')
  expect(statuses()).toEqual(['reconnecting', 'connecting', 'connected'])
})

test("an app's config whose restore wagmi reports as 'reconnecting' then 'connecting' (its store was reset before rehydration): reconnecting throughout", async () => {
  browser({ 'wagmi.store': earlierVisit, 'wagmi.recentConnectorId': '"mock"' })
  const config = createConfig({
    chains: [hardhat],
    connectors: [
      mock({ accounts: [account], features: { defaultConnected: true, reconnect: true } }),
    ],
    transports: { [hardhat.id]: http('http://127.0.0.1:9') },
    multiInjectedProviderDiscovery: false,
    storage: createStorage({ storage: window.localStorage }),
    ssr: true,
  })
  // As `WagmiProvider` with an `initialState` from cookies does while rendering.
  const { onMount } = hydrate(config, {
    initialState: { ...config.state, current: uid },
    reconnectOnMount: true,
  })
  const { bridge, statuses } = follow(config)
  expect(config.state.status).toBe('reconnecting')
  await onMount()
  await vi.waitFor(() => expect(bridge.getSnapshot().status).toBe('connected'))
  expect(statuses()).toEqual(['reconnecting', 'connected'])
})

test('no stored connection: the bridge follows wagmi as it is', async () => {
  browser({})
  const kit = createKitWagmiStorage()
  const config = createConfig({
    chains: [hardhat],
    connectors: [mock({ accounts: [account] })],
    transports: { [hardhat.id]: http('http://127.0.0.1:9') },
    multiInjectedProviderDiscovery: false,
    storage: kit.storage,
    ssr: true,
  })
  const { bridge, statuses } = follow(config, kit.hasStoredConnection)
  expect(bridge.getSnapshot().status).toBe('disconnected')
  await hydrate(config, { reconnectOnMount: true }).onMount()
  await vi.waitFor(() => expect(config.state.status).toBe('disconnected'))
  expect(statuses().at(-1)).toBe('disconnected')
  expect(statuses()).not.toContain('reconnecting')
})
