import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { vi } from 'vitest'
import {
  fixtureResponse,
  type PaymentRequiredFixture,
} from '../../../test/fixtures/loadFixtures.js'
import type { H402Error } from '../../core/errors/base.js'
import { getToken } from '../../core/networks/tokens.js'
import { parsePaymentRequired } from '../../core/parsePaymentRequired.js'
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

const directory = join(import.meta.dirname, '../../../test/fixtures/payment-required')

/** A real 402 fixture, parsed by the engine: the options the UI shows are the ones that are signed. */
export async function loadPaymentRequired(prefix: string): Promise<PaymentRequired> {
  const file = readdirSync(directory).find((name) => name.startsWith(prefix))
  if (!file) throw new Error(`No fixture ${prefix}`)
  const fixture = JSON.parse(readFileSync(join(directory, file), 'utf8')) as PaymentRequiredFixture
  return parsePaymentRequired(fixtureResponse(fixture))
}

/** Parses a 402 made up in a test (e.g. with hostile strings), through the same engine. */
export function parseDocument(body: unknown, status = 402): Promise<PaymentRequired> {
  return parsePaymentRequired(
    new Response(JSON.stringify(body), {
      status,
      headers: { 'content-type': 'application/json' },
    }),
  )
}

/** Wallets a test browser "has". */
export const metaMask: WalletChoice = {
  id: 'io.metamask',
  name: 'MetaMask',
  icon: 'data:image/svg+xml;base64,PHN2Zy8+',
  namespace: 'evm',
  installed: true,
}
export const phantom: WalletChoice = {
  id: 'Phantom',
  name: 'Phantom',
  namespace: 'solana',
  installed: true,
}

/** How a pinned payment is built. */
export interface BuildPaymentOptions {
  paymentRequired: PaymentRequired
  status?: PaymentStatus
  step?: PaymentStep
  /** Index into the ranked options; `null` for none. Default: the first eligible one. */
  selected?: number | null
  /** Balances by the server's option index. */
  balances?: Readonly<Record<number, bigint>>
  /** `'connected'` (default), `'disconnected'`, `'none'` (no wallet installed) or a connection. */
  wallet?: 'connected' | 'disconnected' | 'none' | 'reconnecting' | Partial<WalletConnection>
  /** EVM chain the connected wallet is on. Default: the selected option's. */
  chainId?: number
  error?: H402Error
  /** True when a payment has been signed for this intent. */
  signed?: boolean
  expiresAt?: number
  receipt?: Partial<H402Receipt>
  response?: Response
  reconciliation?: PaymentReconciliation
}

/** A pinned `H402Payment` whose actions are spies. */
export type PinnedPayment = H402Payment & {
  start: ReturnType<typeof vi.fn<() => Promise<void>>>
  select: ReturnType<typeof vi.fn<(id: string) => void>>
  connect: ReturnType<typeof vi.fn<(id: string) => Promise<void>>>
  disconnect: ReturnType<typeof vi.fn<(namespace: WalletNamespace) => Promise<void>>>
  pay: ReturnType<typeof vi.fn<() => Promise<void>>>
  retry: ReturnType<typeof vi.fn<() => Promise<void>>>
  check: ReturnType<typeof vi.fn<() => Promise<void>>>
  reset: ReturnType<typeof vi.fn<() => void>>
}

/** Builds a pinned payment in any status from a parsed 402, as `useH402Payment` would return it. */
export function buildPayment(options: BuildPaymentOptions): PinnedPayment {
  const { paymentRequired } = options
  const status = options.status ?? 'selecting'
  const balanceOf = (index: number) => options.balances?.[index]
  const ranked = rankPaymentOptions(paymentRequired.options, undefined, {
    balance: (option) => balanceOf(paymentRequired.options.indexOf(option)),
  })
  const views: H402OptionView[] = ranked.map((entry) => {
    const balance = balanceOf(paymentRequired.options.indexOf(entry.option))
    return {
      ...entry,
      id: entry.option.id,
      ...(balance === undefined ? {} : { balance }),
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
  const namespace = (selected ?? views[0])?.option.network.namespace as WalletNamespace
  const choices = [metaMask, phantom].filter((choice) => choice.namespace === namespace)
  const walletSetting = options.wallet ?? 'connected'
  const connection: WalletConnection =
    typeof walletSetting === 'object'
      ? { namespace, status: 'disconnected', wallets: choices, ...walletSetting }
      : walletSetting === 'connected'
        ? {
            namespace,
            status: 'connected',
            address:
              namespace === 'evm'
                ? '0x1111111111111111111111111111111111111111'
                : '9WzDXwBbmkg8ZTbNMqUxvQRAyrZzDsGYdLVL9zYtAWWM',
            walletName: choices[0]?.name ?? 'Wallet',
            ...(namespace === 'evm'
              ? { chainId: options.chainId ?? (selected ?? views[0])?.option.network.chainId }
              : {}),
            wallets: choices,
          }
        : {
            namespace,
            status: walletSetting === 'reconnecting' ? 'reconnecting' : 'disconnected',
            wallets: walletSetting === 'none' ? [] : choices,
          }
  const option = selected?.option
  const receipt: H402Receipt | undefined =
    status === 'settled' && option
      ? {
          transaction: '0xabc1230000000000000000000000000000000000000000000000000000def456',
          explorerUrl:
            'https://sepolia.basescan.org/tx/0xabc1230000000000000000000000000000000000000000000000000000def456',
          amount: option.amount,
          asset: option.asset,
          network: option.network,
          option,
          ...options.receipt,
        }
      : undefined
  const payment: PreparedPayment | undefined = options.signed
    ? { kind: 'authorization', payload: {}, payer: connection.address ?? '' }
    : undefined
  const session = {
    getSnapshot: () => ({ status, payment, since: 0 }),
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
    expiresAt: options.expiresAt,
    data: undefined,
    response:
      options.response ??
      (status === 'settled' ? new Response('{"report":"sunny"}', { status: 200 }) : undefined),
    wallets: { [namespace]: connection },
    wallet: connection,
    reconciliation: options.reconciliation,
    start: vi.fn(async () => {}),
    select: vi.fn((_id: string) => {}),
    connect: vi.fn(async (_id: string) => {}),
    disconnect: vi.fn(async (_namespace: WalletNamespace) => {}),
    pay: vi.fn(async () => {}),
    retry: vi.fn(async () => {}),
    check: vi.fn(async () => {}),
    reset: vi.fn(() => {}),
    session,
  }
}
