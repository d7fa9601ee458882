import { WalletNotConnectedError } from '../core/errors/wallet.js'
import type { Payer } from '../core/payer.js'
import type { WalletNamespace } from './types.js'
import type { WalletRegistry } from './walletRegistry.js'

/**
 * What a session calls when a person pays with no wallet of the option's namespace connected:
 * with exactly one wallet installed it connects that one (fewest clicks); otherwise the person
 * must choose, so it refuses with `WalletNotConnectedError` and the paywall lists the wallets.
 * Resolves once the wallet's payer is there.
 */
export async function connectWallet(
  registry: WalletRegistry,
  namespace: string,
  signal?: AbortSignal,
): Promise<Payer> {
  const bridge = registry.getSnapshot()[namespace as WalletNamespace]
  if (bridge?.payer) return bridge.payer
  const installed = bridge?.wallets.filter((wallet) => wallet.installed) ?? []
  const only = installed.length === 1 ? installed[0] : undefined
  if (!bridge || !only) throw new WalletNotConnectedError({ namespace })
  await bridge.connect(only.id)
  return waitForPayer(registry, namespace as WalletNamespace, signal)
}

function waitForPayer(
  registry: WalletRegistry,
  namespace: WalletNamespace,
  signal?: AbortSignal,
): Promise<Payer> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const bridge = registry.getSnapshot()[namespace]
      if (bridge?.payer) {
        done()
        resolve(bridge.payer)
      } else if (bridge?.status === 'disconnected') {
        done()
        reject(new WalletNotConnectedError({ namespace }))
      }
    }
    const onAbort = () => {
      done()
      reject(signal?.reason ?? new WalletNotConnectedError({ namespace }))
    }
    const unsubscribe = registry.subscribe(check)
    const done = () => {
      unsubscribe()
      signal?.removeEventListener('abort', onAbort)
    }
    signal?.addEventListener('abort', onAbort, { once: true })
    check()
  })
}
