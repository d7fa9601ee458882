'use client'
import { useSyncExternalStore } from 'react'
import type { PaymentSession } from '../core/session/paymentSession.js'

type PaymentSessionClass = typeof PaymentSession

/** Where the engine's code is: on its way, in, or not reachable (offline, a failed deploy). */
type Loaded = { Session: PaymentSessionClass } | { error: unknown } | undefined

let loaded: Loaded
let loading: Promise<PaymentSessionClass> | undefined
const listeners = new Set<() => void>()

/**
 * The payment engine (`PaymentSession`, the 402 parser, the paid request's rules), fetched on
 * first use: an app loads the paywall's UI up front and the engine right after, in a chunk of its
 * own, while the first render commits. Cached; after a failure the next call tries again.
 */
export function loadPaymentSession(): Promise<PaymentSessionClass> {
  loading ??= import('../core/session/paymentSession.js').then(
    ({ PaymentSession }) => {
      settle({ Session: PaymentSession })
      return PaymentSession
    },
    (error: unknown) => {
      loading = undefined
      settle({ error })
      throw error
    },
  )
  return loading
}

function settle(state: Loaded): void {
  loaded = state
  for (const listener of listeners) listener()
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener)
  return () => listeners.delete(listener)
}

/**
 * Starts fetching the engine unless it is in, on its way, or could not be fetched (trying again
 * is then a person's "Try again", not a loop behind their back).
 */
export function preloadPaymentSession(): void {
  if (!loaded && !loading) loadPaymentSession().catch(() => {})
}

function getSnapshot(): Loaded {
  // Asked for during the first render, so the chunk is on its way before any effect runs.
  preloadPaymentSession()
  return loaded
}

// On the server and while hydrating, as before any engine: the session's server state is idle.
const getServerSnapshot = (): Loaded => undefined

/**
 * The engine once its code is in (`{ Session }`), `{ error }` if it could not be fetched, else
 * `undefined`; renders again when that changes.
 */
export function usePaymentSessionClass(): Loaded {
  return useSyncExternalStore(subscribe, getSnapshot, getServerSnapshot)
}
