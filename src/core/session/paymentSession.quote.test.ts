import { describe, expect, test } from 'vitest'
import { mockPayer } from '../../testing/mockPayer.js'
import { mockAccepts, mockServer } from '../../testing/mockServer.js'
import {
  OutcomeUnknownError,
  QuoteExpiredError,
  RequestAbortedError,
  RequestTimeoutError,
} from '../errors/payment.js'
import type { Payer } from '../payer.js'
import { PaymentSession } from './paymentSession.js'
import { clock, gate, tick } from './test/controls.js'
import type { PaymentEvent } from './types.js'

// Quote expiry at its boundary, a changed price, the resend window's boundary, what a refusal
// and a failed check report, and the errors of a 402 that never comes.
const url = 'https://shop.example/article'

describe('quote expiry', () => {
  test('a quote is still good at exactly maxTimeoutSeconds: paid without fetching again', async () => {
    const time = clock()
    const server = mockServer()
    const session = new PaymentSession({
      input: url,
      fetch: server.fetch,
      payers: [mockPayer()],
      now: time.now,
    })
    await session.start()
    time.advance(60_000)
    await session.pay()
    expect(session.getSnapshot().status).toBe('settled')
    expect(server.requests.map((r) => r.payment !== undefined)).toEqual([false, true])
  })

  test('an expired quote is fetched again (fetching, error cleared) and paid when unchanged', async () => {
    const time = clock()
    const server = mockServer()
    const events: PaymentEvent[] = []
    const session = new PaymentSession({
      input: url,
      fetch: server.fetch,
      payers: [mockPayer({ rejections: 1 })],
      now: time.now,
      onEvent: (event) => events.push(event),
    })
    await session.start()
    await session.pay()
    expect(session.getSnapshot().error).toBeDefined()
    time.advance(60_001)
    events.length = 0
    await session.pay()
    expect(events.map((event) => event.type)).toEqual([
      'fetching',
      'payment-required',
      'selecting',
      'signing',
      'submitting',
      'settled',
    ])
    expect(events[0]?.state.error).toBeUndefined()
    expect(server.requests.map((r) => r.payment !== undefined)).toEqual([false, false, true])
  })

  test('a changed price is not paid: the person confirms it, told why', async () => {
    const time = clock()
    let amount = 10_000
    const server = mockServer({
      accepts: () => [{ ...mockAccepts[0]!, amount: String(amount) }],
    })
    const payer = mockPayer()
    const session = new PaymentSession({
      input: url,
      fetch: server.fetch,
      payers: [payer],
      now: time.now,
    })
    await session.start()
    amount = 20_000
    time.advance(61_000)
    await session.pay()
    const { status, error, selected } = session.getSnapshot()
    expect(status).toBe('payment-required')
    expect(error).toBeInstanceOf(QuoteExpiredError)
    expect(error?.details).toBe('The price changed; confirm the new one.')
    expect(selected?.amount).toBe(20_000n)
    expect(payer.calls).toHaveLength(0)
  })
})

describe('resend window', () => {
  test('retry() does not resend at exactly 6 s before validBefore', async () => {
    const time = clock()
    const server = mockServer({ answers: 'settle-then-fail' })
    // Signed at a whole second: validBefore = now/1000 + 60.
    const session = new PaymentSession({
      input: url,
      fetch: server.fetch,
      payers: [mockPayer()],
      now: time.now,
    })
    await session.start()
    await session.pay()
    expect(session.getSnapshot().status).toBe('outcome-unknown')
    time.advance(54_000)
    await session.retry()
    expect(server.requests.filter((r) => r.payment)).toHaveLength(1)
  })
})

describe('what a refusal reports', () => {
  test('while the chain is asked, the session says it is confirming', async () => {
    let seen: unknown
    let session: PaymentSession | undefined
    const payer = mockPayer({
      check: () => {
        const state = session?.getSnapshot()
        seen = [state?.status, state?.step]
        return { status: 'not-paid' }
      },
    })
    session = new PaymentSession({
      input: url,
      fetch: mockServer({ answers: 'refuse' }).fetch,
      payers: [payer],
    })
    await session.start()
    await session.pay()
    expect(seen).toEqual(['submitting', 'confirming'])
    expect(session.getSnapshot().status).toBe('failed')
  })

  test('a refusal the chain cannot confirm: outcome-unknown, saying what the server said', async () => {
    const session = new PaymentSession({
      input: url,
      fetch: mockServer({ answers: 'refuse' }).fetch,
      payers: [mockPayer()],
    })
    await session.start()
    await session.pay()
    const { status, error } = session.getSnapshot()
    expect(status).toBe('outcome-unknown')
    expect(error).toBeInstanceOf(OutcomeUnknownError)
    const refusal = (error?.cause ?? {}) as { details?: string }
    expect(refusal.details).toBeTruthy()
    expect(error?.details).toBe(
      `The server refused the payment (${refusal.details}), but the chain does not show yet that nothing moved.`,
    )
  })

  test('a check that throws: unknown, with its message', async () => {
    const inner = mockPayer()
    const payer: Payer = {
      ...inner,
      checkPayment: async () => {
        throw new Error('RPC down')
      },
    }
    const session = new PaymentSession({
      input: url,
      fetch: mockServer({ answers: 'refuse' }).fetch,
      payers: [payer],
    })
    await session.start()
    await session.pay()
    expect(session.getSnapshot().reconciliation).toMatchObject({
      status: 'unknown',
      reason: 'The check failed: Error: RPC down',
    })
  })

  test('dispose() while the paid request is out: the chain is still asked', async () => {
    const release = gate()
    const server = mockServer({ answers: 'refuse' })
    const fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
      if (new Headers(init?.headers).has('PAYMENT-SIGNATURE')) await release.promise
      return server.fetch(input, init)
    }) as typeof globalThis.fetch
    const payer = mockPayer({ check: 'not-paid' })
    const session = new PaymentSession({ input: url, fetch, payers: [payer] })
    await session.start()
    const paying = session.pay()
    await tick()
    expect(session.getSnapshot().status).toBe('submitting')
    session.dispose()
    release.open()
    await paying
    expect(session.getSnapshot()).toMatchObject({
      status: 'failed',
      reconciliation: { status: 'not-paid' },
    })
  })
})

describe('a 402 that never comes', () => {
  const hanging = ((_input: RequestInfo | URL, init?: RequestInit) =>
    new Promise<Response>((_, reject) => {
      init?.signal?.addEventListener('abort', () => reject(init.signal?.reason), { once: true })
    })) as typeof globalThis.fetch

  test('times out with the timeout named', async () => {
    const session = new PaymentSession({ input: url, fetch: hanging, timeoutMs: 20 })
    await session.start()
    const { status, error } = session.getSnapshot()
    expect(status).toBe('failed')
    expect(error).toBeInstanceOf(RequestTimeoutError)
    expect((error as RequestTimeoutError).timeoutMs).toBe(20)
  })

  test("the caller's abort: RequestAbortedError with the caller's reason", async () => {
    const controller = new AbortController()
    const session = new PaymentSession({
      input: url,
      init: { signal: controller.signal },
      fetch: hanging,
    })
    const starting = session.start()
    await tick()
    const reason = new Error('user left')
    controller.abort(reason)
    await starting
    const { status, error } = session.getSnapshot()
    expect(status).toBe('failed')
    expect(error).toBeInstanceOf(RequestAbortedError)
    expect(error?.cause).toBe(reason)
  })
})
