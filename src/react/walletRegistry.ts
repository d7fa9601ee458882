import type { Payer } from '../core/payer.js'
import type { WalletBridge, WalletNamespace } from './types.js'

/** The connected-wallet bridges of a provider, by namespace, as a subscribable store. */
export type WalletBridges = Readonly<Partial<Record<WalletNamespace, WalletBridge>>>

/**
 * Where the EVM (wagmi) and Solana (wallet-adapter) bridges publish their state, so that hooks
 * and payment sessions read one place whatever mix of wallets the app has. Framework-free:
 * React subscribes with `useSyncExternalStore`.
 */
export class WalletRegistry {
  #bridges: WalletBridges = Object.freeze({})
  #listeners = new Set<() => void>()

  /** Subscribes to changes; returns the unsubscribe function. */
  subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener)
    return () => this.#listeners.delete(listener)
  }

  /** The current bridges (a new object after every change). */
  getSnapshot = (): WalletBridges => this.#bridges

  /** Publishes (or, with `undefined`, removes) the bridge of a namespace. */
  set(namespace: WalletNamespace, bridge: WalletBridge | undefined): void {
    if (this.#bridges[namespace] === bridge) return
    const next = { ...this.#bridges }
    if (bridge) next[namespace] = bridge
    else delete next[namespace]
    this.#bridges = Object.freeze(next)
    for (const listener of this.#listeners) listener()
  }

  /** The payers of the connected wallets. */
  payers(): Payer[] {
    return Object.values(this.#bridges).flatMap((bridge) => (bridge?.payer ? [bridge.payer] : []))
  }
}
