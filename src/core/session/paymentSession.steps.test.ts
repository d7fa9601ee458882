import { describe, expect, test } from 'vitest'
import { mockPayer } from '../../testing/mockPayer.js'
import { mockServer } from '../../testing/mockServer.js'
import { UnexpectedError } from '../errors/payment.js'
import { UserRejectedError } from '../errors/wallet.js'
import type { Payer } from '../payer.js'
import { defaultPaymentPolicy } from '../policy/paymentPolicy.js'
import { PaymentSession } from './paymentSession.js'
import type { PaymentEvent } from './types.js'

// The wallet's steps as the UI sees them, connecting, unexpected failures, autoPay on retry.
const url = 'https://shop.example/article'

describe('wallet steps', () => {
  test('each step reported by the wallet is shown; submitting starts with none', async () => {
    const seen: string[] = []
    const events: PaymentEvent[] = []
    const session = new PaymentSession({
      input: url,
      fetch: mockServer().fetch,
      payers: [mockPayer({ steps: ['switching-network', 'signing'] })],
      onEvent: (event) => events.push(event),
    })
    session.subscribe(() => {
      const { status, step } = session.getSnapshot()
      const entry = `${status}:${step ?? '-'}`
      if (seen.at(-1) !== entry) seen.push(entry)
    })
    await session.start()
    await session.pay()
    expect(seen).toContain('switching-network:switching-network')
    expect(seen).toContain('signing:signing')
    expect(seen.indexOf('switching-network:switching-network')).toBeLessThan(
      seen.indexOf('signing:signing'),
    )
    expect(events.find((event) => event.type === 'submitting')?.state.step).toBeUndefined()
    expect(seen.at(-1)).toBe('settled:-')
  })

  test('a step within the same status updates the step only', async () => {
    const seen: (string | undefined)[] = []
    const session = new PaymentSession({
      input: url,
      fetch: mockServer().fetch,
      payers: [mockPayer({ steps: ['signing'] })],
    })
    session.subscribe(() => {
      const { status, step } = session.getSnapshot()
      if (status === 'signing') seen.push(step)
    })
    await session.start()
    await session.pay()
    expect(seen.slice(0, 2)).toEqual([undefined, 'signing'])
  })

  test('a refusal confirmed on chain: one submitting event, then failed', async () => {
    const events: string[] = []
    const session = new PaymentSession({
      input: url,
      fetch: mockServer({ answers: 'refuse' }).fetch,
      payers: [mockPayer({ check: 'not-paid' })],
      onEvent: (event) => events.push(event.type),
    })
    await session.start()
    await session.pay()
    expect(events.filter((type) => type === 'submitting')).toHaveLength(1)
    expect(events.at(-1)).toBe('failed')
  })
})

describe('connecting', () => {
  test('connecting again after a rejected prompt clears the error shown', async () => {
    const events: PaymentEvent[] = []
    const session = new PaymentSession({
      input: url,
      fetch: mockServer().fetch,
      connect: async () => mockPayer({ rejections: 1 }),
      onEvent: (event) => events.push(event),
    })
    await session.start()
    await session.pay()
    expect(session.getSnapshot().error).toBeInstanceOf(UserRejectedError)
    events.length = 0
    await session.pay()
    const connecting = events.find((event) => event.type === 'connecting')
    expect(connecting?.state.error).toBeUndefined()
  })
})

describe('unexpected failures', () => {
  for (const [name, thrown] of [
    ['an Error', new Error('wallet bug')],
    ['undefined', undefined],
  ] as const) {
    test(`a wallet that throws ${name}: failed with an UnexpectedError carrying it`, async () => {
      const payer: Payer = {
        ...mockPayer(),
        createPayment: async () => {
          throw thrown
        },
      }
      const session = new PaymentSession({ input: url, fetch: mockServer().fetch, payers: [payer] })
      await session.start()
      await expect(session.pay()).resolves.toBeUndefined()
      const { status, error } = session.getSnapshot()
      expect(status).toBe('failed')
      expect(error).toBeInstanceOf(UnexpectedError)
      expect(error?.cause).toBe(thrown)
    })
  }
})

describe('autoPay', () => {
  test('retry() after a failed fetch pays by the policy', async () => {
    const server = mockServer()
    let calls = 0
    const fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
      calls++
      if (calls === 1) throw new TypeError('fetch failed')
      return server.fetch(input, init)
    }) as typeof globalThis.fetch
    const payer = mockPayer()
    const session = new PaymentSession({
      input: url,
      fetch,
      payers: [payer],
      autoPay: true,
      policy: defaultPaymentPolicy,
    })
    await session.start()
    expect(session.getSnapshot().status).toBe('failed')
    await session.retry()
    expect(session.getSnapshot().status).toBe('settled')
    expect(payer.calls).toHaveLength(1)
  })
})
