import { type CreateStorageParameters, createStorage, deserialize, type Storage } from 'wagmi'

type BaseStorage = NonNullable<CreateStorageParameters['storage']>

// wagmi's default key prefix, so a connection stored before this storage existed is restored.
const prefix = 'wagmi'
const storeKey = `${prefix}.store`

/** The kit's wagmi storage and what it knew of the earlier visit's connection. */
export interface KitWagmiStorage {
  storage: Storage
  /**
   * True when an earlier visit left a connection for wagmi to restore. Read before wagmi has
   * rehydrated (the provider's mount effect does that); reads `localStorage`, so call it in the
   * browser only (an effect or a handler), never while rendering.
   */
  hasStoredConnection(): boolean
}

/** The page's `localStorage`, or nothing (on a server, or where the browser refuses it). */
function local(): globalThis.Storage | undefined {
  try {
    return typeof window === 'undefined' ? undefined : window.localStorage
  } catch {
    return undefined
  }
}

/**
 * wagmi's `localStorage` storage for the config the kit makes, with one difference: it keeps the
 * stored connection until wagmi has read it. With `ssr: true`, wagmi's `createConfig` resets its
 * store (`store.setState(getInitialState())`, @wagmi/core createConfig.js:203) and zustand's
 * `persist` writes every state it is given, hydrated or not (zustand middleware.mjs:332-336), so
 * the earlier visit's `current` connection was wiped before the mount effect rehydrated it: the
 * restore then ran as a plain `connecting` (reconnect.js:10) and nobody could tell it was one.
 */
export function createKitWagmiStorage(): KitWagmiStorage {
  let storeRead = false
  const base: BaseStorage = {
    getItem(key) {
      if (key === storeKey) storeRead = true
      return local()?.getItem(key) ?? null
    },
    setItem(key, value) {
      // Whatever wagmi writes before it has read the store is its empty initial state.
      if (key === storeKey && !storeRead) return
      try {
        local()?.setItem(key, value)
      } catch {
        // Quota or a refused storage: the connection is not remembered, as with wagmi's own.
      }
    },
    removeItem(key) {
      try {
        local()?.removeItem(key)
      } catch {
        // As above.
      }
    },
  }
  return {
    storage: createStorage({ storage: base, key: prefix }),
    hasStoredConnection() {
      const raw = local()?.getItem(storeKey)
      if (!raw) return false
      try {
        const stored = deserialize<{
          state?: { current?: string | null; connections?: Map<string, unknown> }
        }>(raw)
        const current = stored?.state?.current
        return Boolean(current && stored.state?.connections?.has?.(current))
      } catch {
        return false
      }
    },
  }
}
