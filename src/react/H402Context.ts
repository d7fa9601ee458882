'use client'
import type { QueryClient } from '@tanstack/react-query'
import { createContext, useContext } from 'react'
import type { ParseOptions } from '../core/parsePaymentRequired.js'
import type { PaymentPolicy } from '../core/policy/paymentPolicy.js'
import type { SessionCache } from './sessionCache.js'
import type { WalletRegistry } from './walletRegistry.js'

/** Settings every paywall under an `H402Provider` shares. */
export interface H402Settings {
  /** What may be paid without asking (default: nothing is refused; a person confirms each payment). */
  policy?: PaymentPolicy
  /** Locale of the texts, e.g. `'es'` (`en`, `es`, `zh`). Default `'en'`: reading the browser's would differ between server and client renders. */
  locale?: string
  /** Overrides of the texts, by message key. */
  messages?: Readonly<Record<string, string>>
  /** Color scheme. Default `'system'`. */
  theme?: 'light' | 'dark' | 'system'
  /** The `fetch` to request resources with. Default: the global one. */
  fetch?: typeof globalThis.fetch
  /** Extra networks and tokens for reading 402s. */
  parseOptions?: ParseOptions
  /** Longest wait for a resource or a paid request, in ms. */
  timeoutMs?: number
}

/** What an `H402Provider` gives the hooks and components below it. */
export interface H402ContextValue {
  settings: H402Settings
  sessions: SessionCache
  wallets: WalletRegistry
  queryClient: QueryClient
}

/** @internal */
export const H402Context = createContext<H402ContextValue | undefined>(undefined)

/** The nearest `H402Provider`'s context. Throws a clear error outside one. */
export function useH402Context(): H402ContextValue {
  const context = useContext(H402Context)
  if (!context) throw new Error('@h402/paywall: wrap your app (or the paywall) in <H402Provider>.')
  return context
}

/** The provider's shared settings (locale, messages, theme, policy). */
export function useH402Config(): H402Settings {
  return useH402Context().settings
}
