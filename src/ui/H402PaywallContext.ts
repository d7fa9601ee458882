'use client'
import { createContext, type ReactNode, useContext } from 'react'
import type { PaymentAsset, PaymentOption } from '../core/types.js'
import type { H402Payment } from '../react/types.js'
import type { H402Translate } from './i18n/createTranslator.js'

/** What the insufficient-funds slot is given. */
export interface H402InsufficientFundsProps {
  /** The selected option, which the wallet cannot afford. */
  option: PaymentOption
  /** The wallet's balance of the option's asset, in atomic units. */
  balance: bigint
  /** What is missing, in atomic units (`option.amount - balance`). */
  shortfall: bigint
}

/** An amount as the paywall shows it: localized exact digits and the token's name. */
export type H402DisplayAmount = {
  /** The exact amount grouped by locale, or atomic units when the decimals are unknown. */
  amount: string
  /** The token's symbol, or its shortened address. */
  token: string
}

/** What `H402Paywall.Root` gives its parts. */
export interface H402PaywallContextValue {
  /** The payment the parts show and act on. */
  payment: H402Payment
  /** The translator of the resolved locale and overrides. */
  t: H402Translate
  /** The resolved locale. */
  locale: string
  /**
   * Formats an atomic amount of an asset for display, with `decimals` when the option view knows
   * them better than the 402 did (read from the chain).
   */
  formatAmount: (amount: bigint, asset: PaymentAsset, decimals?: number) => H402DisplayAmount
  /** True once the selected quote has expired (always false on the server). */
  expired: boolean
  /** True while the wallet or the server is working. */
  inFlight: boolean
  /** True once a payment has been signed for this intent. */
  signed: boolean
  /** The insufficient-funds slot. */
  renderInsufficientFunds?: ((props: H402InsufficientFundsProps) => ReactNode) | undefined
  /** `'light'`, `'dark'`, or `undefined` to follow the system. */
  theme: 'light' | 'dark' | undefined
  /** A unique prefix for element ids. */
  id: string
}

/** @internal */
export const H402PaywallContext = createContext<H402PaywallContextValue | undefined>(undefined)

/**
 * The nearest `H402Paywall.Root`'s payment, translator and formatting, for custom parts.
 * Throws outside a `H402Paywall.Root`.
 */
export function useH402Paywall(): H402PaywallContextValue {
  const context = useContext(H402PaywallContext)
  if (!context)
    throw new Error('@h402/paywall: H402Paywall parts must be inside <H402Paywall.Root>.')
  return context
}
