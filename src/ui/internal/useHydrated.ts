'use client'
import { useSyncExternalStore } from 'react'

const subscribe = () => () => {}

/**
 * False on the server and while hydrating its HTML, true in every other client render. Parts
 * that depend on the browser's wallets render a neutral placeholder until then, so the server's
 * HTML never claims "no wallet" and hydration matches.
 */
export function useHydrated(): boolean {
  return useSyncExternalStore(
    subscribe,
    () => true,
    () => false,
  )
}
