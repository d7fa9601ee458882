import type { Config, Connector } from 'wagmi'
import {
  connect,
  disconnect,
  getConnection,
  getConnectorClient,
  getConnectors,
  watchConnection,
  watchConnectors,
} from 'wagmi/actions'
import { WalletNotConnectedError } from '../../core/errors/wallet.js'
import type { Payer } from '../../core/payer.js'
import type { AnyWalletClient } from '../../evm/toEvmWallet.js'
import type { WalletBridge, WalletChoice } from '../types.js'
import { loadWagmiPayer } from './loadWagmiPayer.js'

/**
 * A {@link WalletBridge} store over a wagmi config. It watches wagmi while it has subscribers
 * (so React's StrictMode unsubscribe / subscribe leaves nothing behind).
 */
export interface WagmiBridge {
  subscribe(listener: () => void): () => void
  getSnapshot(): WalletBridge
}

// wagmi's generic `injected()` connector stands for `window.ethereum` whoever it is; EIP-6963
// connectors name the wallet, so the generic one is listed only when no wallet announced itself.
const genericInjected = 'injected'

/**
 * True when the page has a `window.ethereum`: wagmi's generic `injected()` connector exists
 * whether or not there is one, and without one it is no installed wallet ("No wallet found").
 */
function hasInjectedProvider(): boolean {
  return typeof window !== 'undefined' && (window as { ethereum?: unknown }).ethereum != null
}

/** Options of {@link createWagmiBridge}. */
export interface WagmiBridgeOptions {
  /**
   * Whether an earlier visit left a connection that wagmi restores on mount (the kit's own config,
   * mounted with `reconnectOnMount`). Asked once, when the bridge is first watched (in the
   * browser, before wagmi's mount effect): if so, the bridge reports `reconnecting` from then until
   * wagmi has restored the wallet or given up, instead of the empty wallet list wagmi has before
   * its mount effect (EIP-6963 wallets are added there) and the `connecting` it reports after.
   */
  storedConnection?: () => boolean
  /**
   * The config lists the browser's wallets in WagmiProvider's mount effect (`ssr: true`, as the
   * kit's own config is), so until its connectors first change the list is not complete: the
   * bridge says `discovering` until then, and nobody is told "No wallet found" too early.
   */
  listsWalletsOnMount?: boolean
}

// Where a restore of an earlier visit's connection is: `waiting` for wagmi's mount effect to
// start it, `started` (wagmi is reconnecting), or `none`.
type Restore = 'none' | 'waiting' | 'started'

/**
 * Follows a wagmi config's connectors (EIP-6963 wallets as they announce themselves, WalletConnect
 * when the app configured it) and its connection, and makes the payer of the connected wallet.
 * Framework-free; the provider subscribes to it.
 */
export function createWagmiBridge(config: Config, options: WagmiBridgeOptions = {}): WagmiBridge {
  const listeners = new Set<() => void>()
  let payer: Payer | undefined
  let payerFor: string | undefined
  let snapshot: WalletBridge
  let restore: Restore = 'none'
  // A connection the bridge asked wagmi for (a person's click) is under way.
  let asked = false
  let askedStored = false
  // wagmi's mount effect sets the connectors (EIP-6963 wallets included) even when none
  // announced themselves (@wagmi/core hydrate.js:14-40), so their first change ends the wait.
  let listed = !options.listsWalletsOnMount

  // Follows wagmi's status through a restore. wagmi says `reconnecting` only when its rehydrated
  // state names the earlier connection (reconnect.js:10), and the same restore is `connecting`
  // when that state was lost (an app's config whose storage was reset before rehydration): once a
  // restore is seen, the bridge calls it `reconnecting` until wagmi is connected or disconnected.
  const followRestore = () => {
    const status = config.state.status
    if (status === 'connected') restore = 'none'
    else if (status === 'reconnecting') restore = 'started'
    else if (status === 'connecting') {
      if (restore === 'waiting') restore = 'started'
    } else if (restore === 'started') restore = 'none'
  }

  const choices = (): WalletChoice[] => {
    const connectors = getConnectors(config)
    const named = connectors.filter((connector) => connector.id !== genericInjected)
    const hasInjected = named.some((connector) => connector.type === 'injected')
    const listed = hasInjected ? named : connectors
    return listed
      .map((connector: Connector) => ({
        id: connector.uid,
        name: connector.name,
        ...(connector.icon ? { icon: connector.icon } : {}),
        namespace: 'evm' as const,
        installed:
          connector.id === genericInjected
            ? hasInjectedProvider()
            : connector.type === 'injected' || connector.type === 'mock',
      }))
      .sort((a, b) => Number(b.installed) - Number(a.installed))
  }

  const actions = {
    async connect(walletId: string) {
      const connector = getConnectors(config).find((candidate) => candidate.uid === walletId)
      if (!connector) throw new WalletNotConnectedError({ namespace: 'evm' })
      // Fetch the payer's code while the wallet asks the person, not after.
      void loadWagmiPayer().catch(() => undefined)
      // The person (or the app) chose a wallet: whatever wagmi does now is that connection.
      restore = 'none'
      try {
        const current = getConnection(config)
        if (current.status === 'connected' && current.connector.uid === walletId) return
        asked = true
        await connect(config, { connector })
      } catch (error) {
        // Classified (the person's "no", a wallet already asking…) by the EVM payer's code.
        const evm = await loadWagmiPayer().catch(() => undefined)
        throw evm ? evm.toConnectError(error, connector.type) : error
      } finally {
        asked = false
      }
    },
    async disconnect() {
      await disconnect(config).catch(() => undefined)
    },
  }

  const build = (): WalletBridge => {
    const connection = getConnection(config)
    const connected = connection.status === 'connected'
    const restoring = restore !== 'none' && !connected
    // wagmi's mount reconnects even when nothing was stored, quietly trying each wallet as
    // `connecting` (reconnect.js:10). The kit's own config knows nothing was stored: nobody asked
    // for that connection, and the wallets stay on offer, not "Connecting…".
    const quiet =
      connection.status === 'connecting' && !asked && options.storedConnection !== undefined
    return Object.freeze({
      namespace: 'evm' as const,
      status: restoring
        ? ('reconnecting' as const)
        : quiet
          ? ('disconnected' as const)
          : connection.status,
      ...(connection.address && !restoring ? { address: connection.address } : {}),
      ...(connected ? { walletName: connection.connector.name, chainId: connection.chainId } : {}),
      wallets: choices(),
      ...(listed ? {} : { discovering: true }),
      payer: connected ? payer : undefined,
      ...actions,
    })
  }

  const emit = () => {
    followRestore()
    snapshot = build()
    for (const listener of listeners) listener()
  }

  // The payer needs the wallet's client, which wagmi gives asynchronously, and its code, which
  // is loaded on the first connection (an app pays nothing up front for it); the bridge reports
  // `connected` with no payer until both are there, and a stale client is never kept.
  const refreshPayer = async () => {
    const connection = getConnection(config)
    const key =
      connection.status === 'connected' ? `${connection.connector.uid}:${connection.address}` : ''
    if (key === payerFor) return
    payerFor = key
    payer = undefined
    if (key) {
      try {
        const [client, evm] = await Promise.all([
          getConnectorClient(config) as Promise<AnyWalletClient>,
          loadWagmiPayer(),
        ])
        if (payerFor === key) payer = evm.wagmiPayer(config, client)
      } catch {
        // Left without a payer: the person can reconnect.
      }
    }
    emit()
  }

  // wagmi's mount effect lists the EIP-6963 wallets and then, in the same task, starts the restore
  // (@wagmi/core hydrate.js:18-44): if it has not started once that task is over, it never will
  // (a reconnect of another config was under way, reconnect.js:5), and the wallets are offered.
  const connectorsChanged = () => {
    listed = true
    emit()
    if (restore !== 'waiting') return
    queueMicrotask(() => {
      if (restore !== 'waiting') return
      restore = 'none'
      emit()
    })
  }

  let unwatch: (() => void) | undefined
  const watch = () => {
    if (!askedStored) {
      askedStored = true
      if (options.storedConnection?.()) restore = 'waiting'
    }
    const unwatchConnection = watchConnection(config, {
      onChange() {
        emit()
        void refreshPayer()
      },
    })
    const unwatchConnectors = watchConnectors(config, { onChange: connectorsChanged })
    // Whatever changed while nobody watched.
    emit()
    void refreshPayer()
    return () => {
      unwatchConnection()
      unwatchConnectors()
    }
  }

  snapshot = build()
  return {
    subscribe(listener) {
      listeners.add(listener)
      unwatch ??= watch()
      return () => {
        listeners.delete(listener)
        if (listeners.size === 0) {
          unwatch?.()
          unwatch = undefined
        }
      }
    },
    getSnapshot: () => snapshot,
  }
}
