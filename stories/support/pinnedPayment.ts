/**
 * A pinned `H402Payment` in any status, as `useH402Payment` would return it, for
 * `<H402Paywall payment={…}>`: the state stories need neither a devnet nor a wallet. Built by the
 * UI tests' own builder (src/ui/test/pinPayment.ts); actions are Storybook spies, so the Actions
 * panel shows what a click asked for.
 */
import { fn } from 'storybook/test'
import type { H402Payment, WalletChoice } from '../../src/react/types.js'
import {
  type PinPaymentOptions,
  pinnedAddresses,
  pinnedTransactions,
  pinPayment as pinWith,
} from '../../src/ui/test/pinPayment.js'

function walletIcon(color: string, letter: string): string {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><rect width="24" height="24" rx="6" fill="${color}"/><text x="12" y="16.5" font-family="sans-serif" font-size="13" font-weight="700" fill="#fff" text-anchor="middle">${letter}</text></svg>`
  return `data:image/svg+xml;base64,${btoa(svg)}`
}

/** The wallets a pinned story's browser "has". */
export const EVM_WALLETS: readonly WalletChoice[] = [
  {
    id: 'io.metamask',
    name: 'MetaMask',
    icon: walletIcon('#e2761b', 'M'),
    namespace: 'evm',
    installed: true,
  },
  {
    id: 'com.coinbase.wallet',
    name: 'Coinbase Wallet',
    icon: walletIcon('#0052ff', 'C'),
    namespace: 'evm',
    installed: true,
  },
]
export const SOLANA_WALLETS: readonly WalletChoice[] = [
  {
    id: 'Phantom',
    name: 'Phantom',
    icon: walletIcon('#6e56cf', 'P'),
    namespace: 'solana',
    installed: true,
  },
  {
    id: 'Solflare',
    name: 'Solflare',
    icon: walletIcon('#c2410c', 'S'),
    namespace: 'solana',
    installed: true,
  },
]

export const EVM_ADDRESS = pinnedAddresses.evm
export const SOLANA_ADDRESS = pinnedAddresses.solana
export const EVM_TRANSACTION = pinnedTransactions.evm
export const SOLANA_TRANSACTION = pinnedTransactions.solana

/** How a pinned payment is built. */
export type PinOptions = PinPaymentOptions

/** Builds a pinned payment in any status from a parsed 402; its actions show in the Actions panel. */
export function pinPayment(options: PinOptions): H402Payment {
  return pinWith(options, {
    spy: (name, action) => fn(action).mockName(name) as unknown as typeof action,
    wallets: { evm: EVM_WALLETS, solana: SOLANA_WALLETS },
    content: () =>
      new Response(JSON.stringify({ report: 'Sunny, 24 °C' }), {
        status: 200,
        headers: { 'content-type': 'application/json' },
      }),
  })
}
