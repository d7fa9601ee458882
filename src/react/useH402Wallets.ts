'use client'
import { useSyncExternalStore } from 'react'
import { useH402Context } from './H402Context.js'
import type { WalletBridges } from './walletRegistry.js'

/** The wallet bridges of the nearest provider (EVM, Solana), with their connect actions. */
export function useH402Wallets(): WalletBridges {
  const { wallets } = useH402Context()
  return useSyncExternalStore(wallets.subscribe, wallets.getSnapshot, wallets.getSnapshot)
}
