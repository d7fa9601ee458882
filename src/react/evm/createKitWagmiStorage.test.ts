import { hydrate } from '@wagmi/core'
import { afterEach, expect, test, vi } from 'vitest'
import { createConfig, createStorage, http, mock } from 'wagmi'
import { hardhat } from 'wagmi/chains'
import { createKitWagmiStorage } from './createKitWagmiStorage.js'

const account = '0x976EA74026E726554dB657fA54763abd0C3a0aa9'
// What wagmi 3 leaves in localStorage after a connection (a connector uid of that visit).
const earlierVisit = JSON.stringify({
  state: {
    connections: {
      __type: 'Map',
      value: [
        [
          'a1b2c3',
          {
            accounts: [account],
            chainId: hardhat.id,
            connector: { id: 'dev.h402.restore', name: 'Dev', type: 'injected', uid: 'a1b2c3' },
          },
        ],
      ],
    },
    chainId: hardhat.id,
    current: 'a1b2c3',
  },
  version: 3,
})

function memoryLocalStorage(entries: Record<string, string> = {}) {
  const items = new Map(Object.entries(entries))
  return {
    getItem: (key: string) => items.get(key) ?? null,
    setItem: (key: string, value: string) => void items.set(key, value),
    removeItem: (key: string) => void items.delete(key),
    items,
  }
}

function ssrConfig(storage: ReturnType<typeof createKitWagmiStorage>['storage']) {
  return createConfig({
    chains: [hardhat],
    connectors: [mock({ accounts: [account] })],
    transports: { [hardhat.id]: http('http://127.0.0.1:9') },
    multiInjectedProviderDiscovery: false,
    storage,
    ssr: true,
  })
}

afterEach(() => vi.unstubAllGlobals())

test("the earlier visit's connection survives createConfig and is rehydrated (wagmi's own storage wipes it)", async () => {
  const local = memoryLocalStorage({ 'wagmi.store': earlierVisit })
  vi.stubGlobal('window', { localStorage: local })

  // wagmi's default: the empty initial state is written before the mount effect reads the store.
  const wiped = ssrConfig(createStorage({ storage: local }))
  expect(JSON.parse(local.items.get('wagmi.store')!).state.current).toBeNull()
  await hydrate(wiped, { reconnectOnMount: false }).onMount()
  expect(wiped.state.current).toBeNull()

  local.items.set('wagmi.store', earlierVisit)
  const kit = createKitWagmiStorage()
  expect(kit.hasStoredConnection()).toBe(true)
  const config = ssrConfig(kit.storage)
  expect(local.items.get('wagmi.store')).toBe(earlierVisit)
  expect(kit.hasStoredConnection()).toBe(true)
  await hydrate(config, { reconnectOnMount: false }).onMount()
  expect(config.state.current).toBe('a1b2c3')
  // Once read, wagmi's writes go through (here its mount's reset of the connections).
  expect(JSON.parse(local.items.get('wagmi.store')!).state.connections.value).toEqual([])
})

test('no stored connection: none after a disconnect, none when nothing or garbage is stored', () => {
  const local = memoryLocalStorage()
  vi.stubGlobal('window', { localStorage: local })
  const kit = createKitWagmiStorage()
  expect(kit.hasStoredConnection()).toBe(false)
  local.items.set('wagmi.store', '{not json')
  expect(kit.hasStoredConnection()).toBe(false)
  const disconnected = JSON.parse(earlierVisit)
  disconnected.state.current = null
  disconnected.state.connections.value = []
  local.items.set('wagmi.store', JSON.stringify(disconnected))
  expect(kit.hasStoredConnection()).toBe(false)
  // `current` naming a connection that is not stored is nothing to restore either.
  disconnected.state.current = 'a1b2c3'
  local.items.set('wagmi.store', JSON.stringify(disconnected))
  expect(kit.hasStoredConnection()).toBe(false)
})

test('on a server (no window) it reads and writes nothing and finds no connection', async () => {
  expect(typeof window).toBe('undefined')
  const kit = createKitWagmiStorage()
  expect(kit.hasStoredConnection()).toBe(false)
  await kit.storage.setItem('recentConnectorId', 'x')
  expect(await kit.storage.getItem('recentConnectorId')).toBeNull()
})

test('a browser that refuses localStorage (a sandboxed frame): no connection, no throw', async () => {
  vi.stubGlobal('window', {
    get localStorage() {
      throw new DOMException('denied', 'SecurityError')
    },
  })
  const kit = createKitWagmiStorage()
  expect(kit.hasStoredConnection()).toBe(false)
  await expect(kit.storage.setItem('recentConnectorId', 'x')).resolves.toBeUndefined()
})
