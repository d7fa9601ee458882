'use client'
import { useEffect, useState } from 'react'
import type { Config } from 'wagmi'
import { useH402Context } from '../H402Context.js'
import { createWagmiBridge } from './createWagmiBridge.js'

/** Props of {@link EvmWalletBridge}. */
export interface EvmWalletBridgeProps {
  config: Config
  /** Whether an earlier visit left a connection wagmi restores on mount (the kit's own config). */
  storedConnection?: () => boolean
  /** The config lists the browser's wallets on mount (`ssr: true`): the kit's own config. */
  listsWalletsOnMount?: boolean
}

/** Publishes the wagmi wallet of the app (or of the provider's default config) to the paywalls. */
export function EvmWalletBridge({
  config,
  storedConnection,
  listsWalletsOnMount,
}: EvmWalletBridgeProps) {
  const { wallets } = useH402Context()
  const [bridge] = useState(() =>
    createWagmiBridge(config, {
      ...(storedConnection ? { storedConnection } : {}),
      ...(listsWalletsOnMount ? { listsWalletsOnMount } : {}),
    }),
  )
  // Published from the bridge itself, not from a render: the paywalls' first wallet state is the
  // one the bridge has once it watches wagmi (e.g. "restoring"), never an older render's.
  useEffect(() => {
    const publish = () => wallets.set('evm', bridge.getSnapshot())
    const unsubscribe = bridge.subscribe(publish)
    publish()
    return () => {
      unsubscribe()
      wallets.set('evm', undefined)
    }
  }, [wallets, bridge])
  return null
}
