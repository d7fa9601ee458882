import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest'
import { mockPayer } from '../../testing/mockPayer.js'
import { mockAccepts, mockServer } from '../../testing/mockServer.js'
import { encodeBase64Json } from '../codec/base64Json.js'
import { OutcomeUnknownError, RequestTimeoutError } from '../errors/payment.js'
import { PaymentSession } from './paymentSession.js'

// The session's own waits, on a fake clock: how long each one is (a slow 402 body, a balance that
// never comes, the pause before a resend), that a caller's abort ends the paid send at once, and
// that no timer is left behind once a call has ended (a Node script exits as soon as its paid
// fetch resolves). Only setTimeout/clearTimeout are faked; promises run as they do.
const url = 'https://shop.example/article'
const USDT_BASE = '0xfde4C96c8593536E31F229EA8f37b2ADa2699bb2'
const twoOptions = [mockAccepts[0]!, { ...mockAccepts[0]!, asset: USDT_BASE, extra: {} }]

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
})
afterEach(() => {
  vi.useRealTimers()
})

/** Lets pending promise callbacks run, without moving the fake clock. */
const settle = () => vi.advanceTimersByTimeAsync(0)

describe('no timer outlives a call', () => {
  test('a paid fetch: the 402, the balances, the paid send and the 402 body each clear theirs', async () => {
    const server = mockServer({ accepts: twoOptions })
    const session = new PaymentSession({
      input: url,
      fetch: server.fetch,
      payers: [mockPayer()],
      getBalance: async () => 1_000_000n,
    })
    await session.start()
    expect(session.getSnapshot().options.map((entry) => entry.balance)).toEqual([
      1_000_000n,
      1_000_000n,
    ])
    expect(vi.getTimerCount()).toBe(0)
    await session.pay()
    expect(session.getSnapshot().status).toBe('settled')
    expect(vi.getTimerCount()).toBe(0)
  })

  test('a refusal asked of the chain: the check clears its timer', async () => {
    const payer = mockPayer({ check: 'not-paid' })
    const session = new PaymentSession({
      input: url,
      fetch: mockServer({ answers: 'refuse' }).fetch,
      payers: [payer],
    })
    await session.start()
    await session.pay()
    expect(session.getSnapshot()).toMatchObject({
      status: 'failed',
      reconciliation: { status: 'not-paid' },
    })
    expect(payer.checks).toHaveLength(1)
    expect(vi.getTimerCount()).toBe(0)
  })
})

/** A 402 (requirements in the header) whose body sends nothing and never ends. */
function endlessBody402(onCancel: () => void) {
  const document = { x402Version: 2, resource: { url }, accepts: mockAccepts }
  return new Response(new ReadableStream<Uint8Array>({ cancel: onCancel }), {
    status: 402,
    headers: { 'PAYMENT-REQUIRED': encodeBase64Json(document) },
  })
}

describe('how long each wait is', () => {
  test('a 402 body still coming after 1 s is cancelled: the price shows then, not at the request timeout', async () => {
    let cancelled = false
    const session = new PaymentSession({
      input: url,
      fetch: async () => endlessBody402(() => (cancelled = true)),
      payers: [mockPayer()],
    })
    const starting = session.start()
    await vi.advanceTimersByTimeAsync(999)
    expect(session.getSnapshot().status).toBe('fetching')
    expect(cancelled).toBe(false)
    await vi.advanceTimersByTimeAsync(1)
    expect(session.getSnapshot().status).toBe('payment-required')
    expect(cancelled).toBe(true)
    await starting
    expect(vi.getTimerCount()).toBe(0)
  })

  test('balances that never come hold the choice 5 s by default, then it is made without them', async () => {
    const session = new PaymentSession({
      input: url,
      fetch: mockServer({ accepts: twoOptions }).fetch,
      payers: [mockPayer()],
      getBalance: () => new Promise<bigint>(() => {}),
    })
    const starting = session.start()
    await vi.advanceTimersByTimeAsync(4_999)
    expect(session.getSnapshot()).toMatchObject({ status: 'payment-required', selected: undefined })
    await vi.advanceTimersByTimeAsync(1)
    const state = session.getSnapshot()
    expect(state.selected?.asset.address).toBe(mockAccepts[0]!.asset)
    expect(state.options.map((entry) => entry.balance)).toEqual([undefined, undefined])
    await starting
  })

  test('a balance that takes a moment is waited for', async () => {
    const session = new PaymentSession({
      input: url,
      fetch: mockServer({ accepts: twoOptions }).fetch,
      payers: [mockPayer()],
      getBalance: (option) =>
        new Promise<bigint>((resolve) =>
          setTimeout(() => resolve(option.asset.address === USDT_BASE ? 1_000_000n : 0n), 50),
        ),
    })
    const starting = session.start()
    await vi.advanceTimersByTimeAsync(50)
    await starting
    // USDC cannot be afforded: the USDT option, which can, is chosen.
    expect(session.getSnapshot().selected?.asset.address).toBe(USDT_BASE)
  })

  test('a dropped paid request is resent after 250 ms by default, not at once', async () => {
    const server = mockServer({ answers: ['drop', 'settle'] })
    const session = new PaymentSession({ input: url, fetch: server.fetch, payers: [mockPayer()] })
    await session.start()
    const paying = session.pay()
    await vi.advanceTimersByTimeAsync(249)
    expect(server.requests.filter((r) => r.payment)).toHaveLength(1)
    await vi.advanceTimersByTimeAsync(1)
    await paying
    expect(server.requests.filter((r) => r.payment)).toHaveLength(2)
    expect(session.getSnapshot().status).toBe('settled')
  })

  test('a paid request that gets no answer: outcome-unknown after timeoutMs, the timeout named', async () => {
    const server = mockServer({ answers: 'hang' })
    const session = new PaymentSession({
      input: url,
      fetch: server.fetch,
      payers: [mockPayer()],
      timeoutMs: 3_000,
    })
    await session.start()
    const paying = session.pay()
    await vi.advanceTimersByTimeAsync(2_999)
    expect(session.getSnapshot().status).toBe('submitting')
    await vi.advanceTimersByTimeAsync(1)
    await paying
    const { status, error } = session.getSnapshot()
    expect(status).toBe('outcome-unknown')
    expect(error).toBeInstanceOf(OutcomeUnknownError)
    expect(error?.cause).toBeInstanceOf(RequestTimeoutError)
    expect((error?.cause as RequestTimeoutError | undefined)?.timeoutMs).toBe(3_000)
    expect(server.requests.filter((r) => r.payment)).toHaveLength(1)
  })

  test("the caller's abort ends a paid request at once, as outcome-unknown, without waiting for the timeout", async () => {
    const controller = new AbortController()
    const server = mockServer({ answers: 'hang' })
    const session = new PaymentSession({
      input: url,
      init: { signal: controller.signal },
      fetch: server.fetch,
      payers: [mockPayer()],
    })
    await session.start()
    const paying = session.pay()
    await settle()
    expect(session.getSnapshot().status).toBe('submitting')
    controller.abort()
    await settle()
    expect(session.getSnapshot().status).toBe('outcome-unknown')
    await paying
    expect(server.requests.filter((r) => r.payment)).toHaveLength(1)
    expect(vi.getTimerCount()).toBe(0)
  })
})
