import type { H402Error } from '../../core/errors/base.js'
import { getToken } from '../../core/networks/tokens.js'
import type { PaymentStep, PreparedPayment } from '../../core/payer.js'
import { rankPaymentOptions } from '../../core/policy/selectPaymentOption.js'
import type { PaymentSession } from '../../core/session/paymentSession.js'
import type { PaymentReconciliation, PaymentStatus } from '../../core/session/types.js'
import type { PaymentRequired } from '../../core/types.js'
import type {
  H402OptionView,
  H402Payment,
  H402Receipt,
  WalletChoice,
  WalletConnection,
  WalletNamespace,
} from '../../react/types.js'

// One builder of pinned payments for the UI tests (src/ui/test/buildPayment.ts, vitest spies) and
// the state stories (stories/support/pinnedPayment.ts, Storybook spies): no Node, no test runner.

/** How a pinned payment is built. */
export interface PinPaymentOptions {
  /** The parsed 402; none while the price loads. */
  paymentRequired?: PaymentRequired | undefined
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
  /** When the quote expires (ms since the epoch). */
  expiresAt?: number
  /** Seconds from now until the quote expires (the consent's countdown), when `expiresAt` is not given. */
  expiresInSeconds?: number
  receipt?: Partial<H402Receipt>
  /** The paid response. Default once settled: the kit's `content()`. */
  response?: Response
  reconciliation?: PaymentReconciliation
}

/** What differs between the tests' pinned payments and the stories'. */
export interface PinPaymentKit {
  /** Wraps an action in the runner's spy (`vi.fn`, Storybook's `fn`). */
  spy: <F extends (...args: never[]) => unknown>(name: string, action: F) => F
  /** The wallets the browser "has", per namespace. */
  wallets: Readonly<Record<WalletNamespace, readonly WalletChoice[]>>
  /** The paid content once settled. */
  content: () => Response
}

/** Test addresses and transactions, per namespace. */
export const pinnedAddresses = {
  evm: '0x1111111111111111111111111111111111111111',
  solana: '9WzDXwBbmkg8ZTbNMqUxvQRAyrZzDsGYdLVL9zYtAWWM',
} as const
export const pinnedTransactions = {
  evm: '0xabc1230000000000000000000000000000000000000000000000000000def456',
  solana:
    '5VERv8NMvzbJMEkV8xnrLkEaWRtSz9CosKDYjCJjBRnbJLgp8uirBgmQpjKhoR4tjF3ZpRzrFmBV6UjKdiSZkQUW',
} as const

/** Builds a pinned payment in any status from a parsed 402, as `useH402Payment` would return it. */
export function pinPayment(options: PinPaymentOptions, kit: PinPaymentKit): H402Payment {
  const { paymentRequired } = options
  const status = options.status ?? 'selecting'
  const serverOptions = paymentRequired?.options ?? []
  const balanceOf = (index: number) => options.balances?.[index]
  const ranked = rankPaymentOptions(serverOptions, undefined, {
    balance: (option) => balanceOf(serverOptions.indexOf(option)),
  })
  const views: H402OptionView[] = ranked.map((entry) => {
    const balance = balanceOf(serverOptions.indexOf(entry.option))
    const { decimals } = entry.option.asset
    return {
      ...entry,
      id: entry.option.id,
      ...(balance === undefined ? {} : { balance }),
      ...(decimals === undefined ? {} : { decimals }),
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
  const choices = kit.wallets[namespace]
  const setting = options.wallet ?? 'connected'
  const connection: WalletConnection =
    typeof setting === 'object'
      ? { namespace, status: 'disconnected', wallets: choices, ...setting }
      : setting === 'connected'
        ? {
            namespace,
            status: 'connected',
            address: pinnedAddresses[namespace],
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
  const transaction = pinnedTransactions[namespace]
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
  const { spy } = kit
  return {
    status,
    step: options.step,
    paymentRequired,
    options: views,
    selected,
    receipt,
    error: options.error,
    expiresAt:
      options.expiresAt ??
      (options.expiresInSeconds === undefined
        ? undefined
        : Date.now() + options.expiresInSeconds * 1000),
    data: undefined,
    dataError: undefined,
    response: options.response ?? (status === 'settled' ? kit.content() : undefined),
    wallets: { [namespace]: connection },
    wallet: connection,
    reconciliation: options.reconciliation,
    start: spy('start', async () => {}),
    select: spy('select', (_id: string) => {}),
    connect: spy('connect', async (_id: string) => {}),
    disconnect: spy('disconnect', async (_namespace: WalletNamespace) => {}),
    pay: spy('pay', async () => {}),
    retry: spy('retry', async () => {}),
    check: spy('check', async () => {}),
    reset: spy('reset', () => {}),
    session,
  }
}
