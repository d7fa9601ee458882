import { describe, expect, test } from 'vitest'
import { mockPayer } from '../../testing/mockPayer.js'
import { mockServer } from '../../testing/mockServer.js'
import {
  OutcomeUnknownError,
  PaidNotDeliveredError,
  PaymentNotSettledError,
} from '../errors/payment.js'
import type { Payer } from '../payer.js'
import { PaymentSession } from './paymentSession.js'

// retry() and check() guards: what they do, and refuse to do, in each state.
const url = 'https://shop.example/article'

/** A fetch that fails with a network error `failures` times, then serves `then`. */
function flakyFetch(failures: number, then: typeof globalThis.fetch) {
  let calls = 0
  const fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    calls++
    if (calls <= failures) throw new TypeError('fetch failed')
    return then(input, init)
  }) as typeof globalThis.fetch
  return { fetch, calls: () => calls }
}

describe('retry() after a failed fetch', () => {
  test('fetches again and reaches payment-required', async () => {
    const server = mockServer()
    const flaky = flakyFetch(1, server.fetch)
    const session = new PaymentSession({ input: url, fetch: flaky.fetch, payers: [mockPayer()] })
    await session.start()
    expect(session.getSnapshot().status).toBe('failed')
    await session.retry()
    expect(flaky.calls()).toBe(2)
    expect(session.getSnapshot().status).toBe('payment-required')
    expect(session.getSnapshot().paymentRequired).toBeDefined()
  })

  test('two concurrent retries fetch once: the second finds the session settled', async () => {
    const flaky = flakyFetch(1, async () => new Response('free', { status: 200 }))
    const session = new PaymentSession({ input: url, fetch: flaky.fetch, payers: [mockPayer()] })
    await session.start()
    expect(session.getSnapshot().status).toBe('failed')
    await Promise.all([session.retry(), session.retry()])
    expect(session.getSnapshot().status).toBe('settled')
    expect(flaky.calls()).toBe(2)
  })

  test('retries queued behind another task: the second finds the session settled', async () => {
    const flaky = flakyFetch(1, async () => new Response('free', { status: 200 }))
    const session = new PaymentSession({ input: url, fetch: flaky.fetch, payers: [mockPayer()] })
    await session.start()
    expect(session.getSnapshot().status).toBe('failed')
    // pay() does nothing here, but holds the session while both retries are asked for.
    await Promise.all([session.pay(), session.retry(), session.retry()])
    expect(session.getSnapshot().status).toBe('settled')
    expect(flaky.calls()).toBe(2)
  })

  test('retry() on a settled session does nothing', async () => {
    const flaky = flakyFetch(0, async () => new Response('free', { status: 200 }))
    const session = new PaymentSession({ input: url, fetch: flaky.fetch })
    await session.start()
    expect(session.getSnapshot().status).toBe('settled')
    await session.retry()
    expect(flaky.calls()).toBe(1)
  })

  test('retry() while payment-required does nothing', async () => {
    const server = mockServer()
    const session = new PaymentSession({ input: url, fetch: server.fetch, payers: [mockPayer()] })
    await session.start()
    const before = session.getSnapshot()
    await session.retry()
    expect(session.getSnapshot()).toBe(before)
    expect(server.requests).toHaveLength(1)
  })
})

/** A payer whose first prompt fails with a plain error (nothing signed), then signs. */
function failingOnce(): Payer & { prompts: () => number } {
  const inner = mockPayer()
  let prompts = 0
  return {
    ...inner,
    prompts: () => prompts,
    createPayment: async (option, context) => {
      prompts++
      if (prompts === 1) throw new Error('wallet crashed')
      return inner.createPayment(option, context)
    },
  }
}

describe('retry() after a failure before signing', () => {
  test('returns to payment-required with the error cleared, without a new prompt', async () => {
    const server = mockServer()
    const payer = failingOnce()
    const events: string[] = []
    const session = new PaymentSession({
      input: url,
      fetch: server.fetch,
      payers: [payer],
      onEvent: (event) => events.push(event.type),
    })
    await session.start()
    await session.pay()
    expect(session.getSnapshot().status).toBe('failed')
    expect(session.getSnapshot().error).toBeDefined()
    events.length = 0
    await session.retry()
    expect(session.getSnapshot().status).toBe('payment-required')
    expect(session.getSnapshot().error).toBeUndefined()
    expect(events).toEqual(['payment-required'])
    expect(payer.prompts()).toBe(1)
    // No new fetch: the quote in hand is kept.
    expect(server.requests).toHaveLength(1)
  })

  test('with autoPay, the policy pays again', async () => {
    const { defaultPaymentPolicy } = await import('../policy/paymentPolicy.js')
    const server = mockServer()
    const payer = failingOnce()
    const session = new PaymentSession({
      input: url,
      fetch: server.fetch,
      payers: [payer],
      autoPay: true,
      policy: defaultPaymentPolicy,
    })
    await session.start()
    expect(session.getSnapshot().status).toBe('failed')
    await session.retry()
    expect(payer.prompts()).toBe(2)
    expect(session.getSnapshot().status).toBe('settled')
    expect(server.settled).toHaveLength(1)
  })
})

describe('after dispose()', () => {
  test('retry() does not resend an outcome-unknown payment', async () => {
    const server = mockServer({ answers: 'settle-then-fail' })
    const session = new PaymentSession({ input: url, fetch: server.fetch, payers: [mockPayer()] })
    await session.start()
    await session.pay()
    expect(session.getSnapshot().status).toBe('outcome-unknown')
    session.dispose()
    await session.retry()
    expect(server.requests.filter((r) => r.payment)).toHaveLength(1)
  })

  test('check() does not ask the chain', async () => {
    const server = mockServer({ answers: 'settle-then-fail' })
    const payer = mockPayer({ check: 'paid' })
    const session = new PaymentSession({ input: url, fetch: server.fetch, payers: [payer] })
    await session.start()
    await session.pay()
    session.dispose()
    await session.check()
    expect(payer.checks).toHaveLength(0)
    expect(session.getSnapshot().reconciliation).toBeUndefined()
  })

  test('pay() shows no prompt', async () => {
    const server = mockServer()
    const payer = mockPayer()
    const session = new PaymentSession({ input: url, fetch: server.fetch, payers: [payer] })
    await session.start()
    session.dispose()
    await session.pay()
    expect(payer.calls).toHaveLength(0)
    expect(session.getSnapshot().status).toBe('payment-required')
  })

  test('refresh() reads no balance', async () => {
    let reads = 0
    const session = new PaymentSession({
      input: url,
      fetch: mockServer().fetch,
      payers: [mockPayer()],
      readBalances: 'always',
      getBalance: async () => {
        reads++
        return 1_000_000n
      },
    })
    await session.start()
    expect(reads).toBe(1)
    session.dispose()
    await session.refresh()
    expect(reads).toBe(1)
  })

  test('select() changes nothing', async () => {
    const accepts = [
      { ...mockAcceptsEntry(), amount: '10000' },
      { ...mockAcceptsEntry(), amount: '20000' },
    ]
    const session = new PaymentSession({
      input: url,
      fetch: mockServer({ accepts }).fetch,
      payers: [mockPayer()],
    })
    await session.start()
    const { options, selected } = session.getSnapshot()
    const other = options.find((entry) => entry.option !== selected)!
    session.dispose()
    session.select(other.option.id)
    expect(session.getSnapshot().selected).toBe(selected)
    expect(session.getSnapshot().status).toBe('payment-required')
  })
})

function mockAcceptsEntry(): Record<string, unknown> {
  return {
    scheme: 'exact',
    network: 'eip155:8453',
    amount: '10000',
    asset: '0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913',
    payTo: '0x209693Bc6afc0C5328bA36FaF03C514EF312287C',
    maxTimeoutSeconds: 60,
    extra: { name: 'USD Coin', version: '2' },
  }
}

describe('check() records what the chain says', () => {
  test("'paid' names the chain's transaction and keeps the first error as cause", async () => {
    const server = mockServer({ answers: 'settle-then-fail' })
    const payer = mockPayer({ check: () => ({ status: 'paid', transaction: '0xchain' }) })
    const session = new PaymentSession({ input: url, fetch: server.fetch, payers: [payer] })
    await session.start()
    await session.pay()
    const first = session.getSnapshot().error
    expect(first).toBeInstanceOf(OutcomeUnknownError)
    await session.check()
    const { status, error, reconciliation } = session.getSnapshot()
    expect(status).toBe('outcome-unknown')
    expect(error).toBeInstanceOf(PaidNotDeliveredError)
    expect((error as PaidNotDeliveredError).transaction).toBe('0xchain')
    expect(error?.cause).toBe(first)
    expect(reconciliation).toMatchObject({ status: 'paid', transaction: '0xchain' })
  })

  test("'not-paid' fails with the reason and the first error as cause", async () => {
    const server = mockServer({ answers: 'settle-then-fail' })
    const payer = mockPayer({ check: () => ({ status: 'not-paid', reason: 'nonce unused' }) })
    const session = new PaymentSession({ input: url, fetch: server.fetch, payers: [payer] })
    await session.start()
    await session.pay()
    const first = session.getSnapshot().error
    await session.check()
    const { status, error } = session.getSnapshot()
    expect(status).toBe('failed')
    expect(error).toBeInstanceOf(PaymentNotSettledError)
    expect((error as PaymentNotSettledError).reason).toBe('nonce unused')
    expect(error?.cause).toBe(first)
  })
})
