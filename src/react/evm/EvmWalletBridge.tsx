'use client'
import { useEffect, useState, useSyncExternalStore } from 'react'
import type { Config } from 'wagmi'
import { useH402Context } from '../H402Context.js'
import { createWagmiBridge } from './createWagmiBridge.js'

/** Publishes the wagmi wallet of the app (or of the provider's default config) to the paywalls. */
export function EvmWalletBridge({ config }: { config: Config }) {
  const { wallets } = useH402Context()
  const [bridge] = useState(() => createWagmiBridge(config))
  const snapshot = useSyncExternalStore(bridge.subscribe, bridge.getSnapshot, bridge.getSnapshot)
  useEffect(() => {
    wallets.set('evm', snapshot)
  }, [wallets, snapshot])
  useEffect(() => () => wallets.set('evm', undefined), [wallets])
  return null
}
