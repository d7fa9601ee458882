/**
 * A pinned `H402Payment` in any status, as `useH402Payment` would return it, for
 * `<H402Paywall payment={…}>`: the state stories need neither a devnet nor a wallet. Mirrors
 * src/ui/test/buildPayment.ts (which needs Node and vitest); actions are Storybook spies, so the
 * Actions panel shows what a click asked for.
 */
import { fn } from 'storybook/test'
import type { H402Error } from '../../src/core/errors/base.js'
import { getToken } from '../../src/core/networks/tokens.js'
import type { PaymentStep, PreparedPayment } from '../../src/core/payer.js'
import { rankPaymentOptions } from '../../src/core/policy/selectPaymentOption.js'
import type { PaymentSession } from '../../src/core/session/paymentSession.js'
import type { PaymentReconciliation, PaymentStatus } from '../../src/core/session/types.js'
import type { PaymentRequired } from '../../src/core/types.js'
import type {
  H402OptionView,
  H402Payment,
  H402Receipt,
  WalletChoice,
  WalletConnection,
  WalletNamespace,
} from '../../src/react/types.js'

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

export const EVM_ADDRESS = '0x1111111111111111111111111111111111111111'
export const SOLANA_ADDRESS = '9WzDXwBbmkg8ZTbNMqUxvQRAyrZzDsGYdLVL9zYtAWWM'
export const EVM_TRANSACTION = '0xabc1230000000000000000000000000000000000000000000000000000def456'
export const SOLANA_TRANSACTION =
  '5VERv8NMvzbJMEkV8xnrLkEaWRtSz9CosKDYjCJjBRnbJLgp8uirBgmQpjKhoR4tjF3ZpRzrFmBV6UjKdiSZkQUW'

/** How a pinned payment is built. */
export interface PinOptions {
  paymentRequired?: PaymentRequired
  status?: PaymentStatus
  step?: PaymentStep
  /** Index into the ranked options; `null` for none. Default: the first eligible one. */
  selected?: number | null
  /** Balances by the server's option index. */
  balances?: Readonly<Record<number, bigint>>
  /** `'connected'` (default), `'disconnected'`, `'none'` (no wallet installed), … or a connection. */
  wallet?:
    | 'connected'
    | 'disconnected'
    | 'none'
    | 'connecting'
    | 'reconnecting'
    | Partial<WalletConnection>
  /** EVM chain the connected wallet is on. Default: the selected option's. */
  chainId?: number
  error?: H402Error
  /** True when a payment has been signed for this intent. */
  signed?: boolean
  /** Seconds until the quote expires (the consent's countdown). */
  expiresInSeconds?: number
  receipt?: Partial<H402Receipt>
  reconciliation?: PaymentReconciliation
}

/** Builds a pinned payment in any status from a parsed 402. */
export function pinPayment(options: PinOptions): H402Payment {
  const { paymentRequired } = options
  const status = options.status ?? 'selecting'
  const serverOptions = paymentRequired?.options ?? []
  const balanceOf = (index: number) => options.balances?.[index]
  const ranked = rankPaymentOptions(serverOptions, undefined, {
    balance: (option) => balanceOf(serverOptions.indexOf(option)),
  })
  const views: H402OptionView[] = ranked.map((entry) => {
    const balance = balanceOf(serverOptions.indexOf(entry.option))
    return {
      ...entry,
      id: entry.option.id,
      ...(balance === undefined ? {} : { balance }),
      ...(entry.option.asset.decimals === undefined
        ? {}
        : { decimals: entry.option.asset.decimals }),
      extraCosts: [],
      verified:
        entry.option.asset.native ||
        getToken(entry.option.network.id, entry.option.asset.address) !== undefined,
    }
  })
  const selected =
    options.selected === null
      ? undefined
      : options.selected === undefined
        ? views.find((view) => view.eligible)
        : views[options.selected]
  const namespace = ((selected ?? views[0])?.option.network.namespace ?? 'evm') as WalletNamespace
  const choices = namespace === 'evm' ? EVM_WALLETS : SOLANA_WALLETS
  const setting = options.wallet ?? 'connected'
  const connection: WalletConnection =
    typeof setting === 'object'
      ? { namespace, status: 'disconnected', wallets: choices, ...setting }
      : setting === 'connected'
        ? {
            namespace,
            status: 'connected',
            address: namespace === 'evm' ? EVM_ADDRESS : SOLANA_ADDRESS,
            walletName: choices[0]?.name ?? 'Wallet',
            ...(namespace === 'evm'
              ? { chainId: options.chainId ?? (selected ?? views[0])?.option.network.chainId }
              : {}),
            wallets: choices,
          }
        : {
            namespace,
            status: setting === 'none' ? 'disconnected' : setting,
            wallets: setting === 'none' ? [] : choices,
          }
  const option = selected?.option
  const transaction = namespace === 'evm' ? EVM_TRANSACTION : SOLANA_TRANSACTION
  const receipt: H402Receipt | undefined =
    status === 'settled' && option
      ? {
          transaction,
          explorerUrl:
            namespace === 'evm'
              ? `https://sepolia.basescan.org/tx/${transaction}`
              : `https://explorer.solana.com/tx/${transaction}?cluster=devnet`,
          amount: option.amount,
          asset: option.asset,
          network: option.network,
          payer: connection.address,
          option,
          ...options.receipt,
        }
      : undefined
  const prepared: PreparedPayment | undefined = options.signed
    ? { kind: 'authorization', payload: {}, payer: connection.address ?? '' }
    : undefined
  const session = {
    getSnapshot: () => ({ status, payment: prepared, since: 0 }),
    subscribe: () => () => {},
  } as unknown as PaymentSession
  return {
    status,
    step: options.step,
    paymentRequired,
    options: views,
    selected,
    receipt,
    error: options.error,
    expiresAt:
      options.expiresInSeconds === undefined
        ? undefined
        : Date.now() + options.expiresInSeconds * 1000,
    data: undefined,
    response:
      status === 'settled'
        ? new Response(JSON.stringify({ report: 'Sunny, 24 °C' }), {
            status: 200,
            headers: { 'content-type': 'application/json' },
          })
        : undefined,
    wallets: { [namespace]: connection },
    wallet: connection,
    reconciliation: options.reconciliation,
    start: fn(async () => {}).mockName('start'),
    select: fn((_id: string) => {}).mockName('select'),
    connect: fn(async (_id: string) => {}).mockName('connect'),
    disconnect: fn(async (_namespace: WalletNamespace) => {}).mockName('disconnect'),
    pay: fn(async () => {}).mockName('pay'),
    retry: fn(async () => {}).mockName('retry'),
    check: fn(async () => {}).mockName('check'),
    reset: fn(() => {}).mockName('reset'),
    session,
  }
}
