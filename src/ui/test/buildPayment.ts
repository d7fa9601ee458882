import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { vi } from 'vitest'
import {
  fixtureResponse,
  type PaymentRequiredFixture,
} from '../../../test/fixtures/loadFixtures.js'
import { parsePaymentRequired } from '../../core/parsePaymentRequired.js'
import type { PaymentRequired } from '../../core/types.js'
import type { H402Payment, WalletChoice, WalletNamespace } from '../../react/types.js'
import { type PinPaymentOptions, pinPayment } from './pinPayment.js'

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

/** How a pinned payment is built: from a parsed 402. */
export interface BuildPaymentOptions extends PinPaymentOptions {
  paymentRequired: PaymentRequired
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
  return pinPayment(options, {
    spy: (_name, action) => vi.fn(action) as unknown as typeof action,
    wallets: { evm: [metaMask], solana: [phantom] },
    content: () => new Response('{"report":"sunny"}', { status: 200 }),
  }) as PinnedPayment
}
