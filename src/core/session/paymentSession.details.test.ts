import { describe, expect, test } from 'vitest'
import { mockPayer } from '../../testing/mockPayer.js'
import { mockAccepts, mockServer } from '../../testing/mockServer.js'
import { encodeBase64Json } from '../codec/base64Json.js'
import {
  CrossOriginRedirectError,
  NetworkRequestError,
  OutcomeUnknownError,
} from '../errors/payment.js'
import type { Payer, PaymentCheckContext } from '../payer.js'
import { stablecoinCaps } from '../policy/paymentPolicy.js'
import { PaymentSession } from './paymentSession.js'
import { clock, gate, tick } from './test/controls.js'

// What the session tells a person and a wallet in the less common cases: a fetch that fails, a
// 412, a paid request redirected to another origin, a payload that cannot be encoded, a refusal
// whose settlement names a transaction, a chain check cancelled by reset(), which balances are
// read, and what becomes of the 402's body and of a revived broadcast's answer.
const policy = { caps: stablecoinCaps('0.10') }
const url = 'https://shop.example/article'
const USDT_BASE = '0xfde4C96c8593536E31F229EA8f37b2ADa2699bb2'
const usdt = { ...mockAccepts[0]!, asset: USDT_BASE, extra: {} }
const document = { x402Version: 2, resource: { url }, accepts: mockAccepts }

const paidRequests = (server: ReturnType<typeof mockServer>) =>
  server.requests.filter((request) => request.payment)

describe('the 402 request', () => {
  test('a fetch that fails: NetworkRequestError, carrying the cause', async () => {
    const cause = new TypeError('fetch failed')
    const session = new PaymentSession({
      input: url,
      fetch: async () => {
        throw cause
      },
    })
    await session.start()
    const { status, error } = session.getSnapshot()
    expect(status).toBe('failed')
    expect(error).toBeInstanceOf(NetworkRequestError)
    expect(error?.cause).toBe(cause)
  })

  test('a 412 with payment requirements is a quote, never a delivered resource', async () => {
    const server = mockServer()
    const fetch: typeof globalThis.fetch = async (input, init) => {
      const response = await server.fetch(input, init)
      if (response.status !== 402) return response
      return new Response(response.body, { status: 412, headers: response.headers })
    }
    const payer = mockPayer()
    const session = new PaymentSession({ input: url, fetch, payers: [payer] })
    await session.start()
    expect(session.getSnapshot().status).toBe('payment-required')
    await session.pay()
    expect(session.getSnapshot().status).toBe('settled')
    expect(payer.calls).toHaveLength(1)
  })
})

describe('after the payment exists', () => {
  test('a paid request redirected to another origin: outcome-unknown, naming both, the payment not forwarded', async () => {
    const server = mockServer()
    const seen: string[] = []
    const fetch: typeof globalThis.fetch = async (input, init) => {
      const request = new Request(input, init)
      seen.push(request.url)
      if (request.headers.has('PAYMENT-SIGNATURE'))
        return new Response(null, {
          status: 307,
          headers: { location: 'https://elsewhere.example/article' },
        })
      return server.fetch(input, init)
    }
    const session = new PaymentSession({ input: url, fetch, payers: [mockPayer()] })
    await session.start()
    await session.pay()
    const { status, error, payment } = session.getSnapshot()
    expect(status).toBe('outcome-unknown')
    expect(payment).toBeDefined()
    expect(error).toBeInstanceOf(CrossOriginRedirectError)
    expect(error?.details).toBe(`${url} → https://elsewhere.example/article`)
    expect(seen).toEqual([url, url])
  })

  test.each([
    { kind: 'authorization', status: 'failed' },
    { kind: 'broadcast', status: 'outcome-unknown' },
  ] as const)(
    'a $kind payload that cannot be encoded is never sent: $status',
    async ({ kind, status }) => {
      const server = mockServer()
      const mock = mockPayer({ kind })
      const payer: Payer = {
        ...mock,
        async createPayment(option, context) {
          const payment = await mock.createPayment(option, context)
          const circular: Record<string, unknown> = {}
          circular.self = circular
          return { ...payment, payload: circular }
        },
      }
      const session = new PaymentSession({ input: url, fetch: server.fetch, payers: [payer] })
      await session.start()
      await session.pay()
      expect(session.getSnapshot()).toMatchObject({ status, payment: { kind } })
      expect(paidRequests(server)).toHaveLength(0)
    },
  )

  test('a payer failure that carries an HTTP response keeps it readable in state.response', async () => {
    const response = new Response('facilitator down', { status: 503 })
    const payer: Payer = {
      ...mockPayer(),
      async createPayment() {
        throw Object.assign(new Error('The facilitator answered 503.'), { response })
      },
    }
    const session = new PaymentSession({ input: url, fetch: mockServer().fetch, payers: [payer] })
    await session.start()
    await session.pay()
    expect(session.getSnapshot().status).toBe('failed')
    expect(session.getSnapshot().response).toBe(response)
  })

  test('a refusal whose settlement names a transaction, unconfirmed by the chain: outcome-unknown with that transaction', async () => {
    const transaction = `0x${'cd'.repeat(32)}`
    const server = mockServer()
    const fetch: typeof globalThis.fetch = async (input, init) => {
      if (!new Request(input, init).headers.has('PAYMENT-SIGNATURE'))
        return server.fetch(input, init)
      return new Response('{}', {
        status: 402,
        headers: {
          'PAYMENT-REQUIRED': encodeBase64Json({ ...document, error: 'settle_failed' }),
          'PAYMENT-RESPONSE': encodeBase64Json({
            success: false,
            errorReason: 'settle_failed',
            transaction,
            network: 'eip155:8453',
          }),
        },
      })
    }
    const session = new PaymentSession({
      input: url,
      fetch,
      payers: [mockPayer({ check: 'unknown' })],
    })
    await session.start()
    await session.pay()
    const { status, error } = session.getSnapshot()
    expect(status).toBe('outcome-unknown')
    expect(error).toBeInstanceOf(OutcomeUnknownError)
    expect((error as OutcomeUnknownError).transaction).toBe(transaction)
  })
})

describe('check()', () => {
  test('the payer is given the session clock in seconds, and a signal that reset() aborts', async () => {
    const time = clock()
    const contexts: PaymentCheckContext[] = []
    const answer = gate()
    const payer: Payer = {
      ...mockPayer(),
      async checkPayment(_option, _payment, context) {
        contexts.push(context)
        await answer.promise
        return { status: 'paid' }
      },
    }
    const session = new PaymentSession({
      input: url,
      fetch: mockServer({ answers: 'settle-then-fail' }).fetch,
      payers: [payer],
      now: time.now,
    })
    await session.start()
    await session.pay()
    expect(session.getSnapshot().status).toBe('outcome-unknown')
    const checking = session.check()
    await tick()
    expect(contexts).toHaveLength(1)
    expect(contexts[0]!.now()).toBe(Math.floor(time.now() / 1000))
    expect(contexts[0]!.signal?.aborted).toBe(false)
    expect(session.reset()).toBe(true)
    expect(contexts[0]!.signal?.aborted).toBe(true)
    answer.open()
    await checking
    expect(session.getSnapshot()).toMatchObject({ status: 'idle', reconciliation: undefined })
  })
})

describe('balances', () => {
  test('only options that could be paid have their balance read', async () => {
    const overCap = { ...usdt, amount: '200000' }
    const read: string[] = []
    const session = new PaymentSession({
      input: url,
      fetch: mockServer({ accepts: [mockAccepts[0]!, overCap] }).fetch,
      payers: [mockPayer()],
      policy,
      readBalances: 'always',
      getBalance: async (option) => {
        read.push(option.asset.address)
        return 1_000_000n
      },
    })
    await session.start()
    expect(read).toEqual([mockAccepts[0]!.asset])
  })

  test("the caller's abort stops the balance reads at once: the choice is made without them", async () => {
    const controller = new AbortController()
    const signals: AbortSignal[] = []
    const session = new PaymentSession({
      input: url,
      init: { signal: controller.signal },
      fetch: mockServer({ accepts: [mockAccepts[0]!, usdt] }).fetch,
      payers: [mockPayer()],
      getBalance: (_option, { signal }) => {
        signals.push(signal)
        return new Promise<bigint>(() => {})
      },
    })
    const starting = session.start()
    for (let i = 0; i < 3; i++) await tick()
    expect(signals).toHaveLength(2)
    controller.abort()
    expect(signals.every((signal) => signal.aborted)).toBe(true)
    for (let i = 0; i < 3; i++) await tick()
    expect(session.getSnapshot().selected?.asset.address).toBe(mockAccepts[0]!.asset)
    await starting
  })

  test('refresh() after the caller aborted its request re-ranks without balances, and fails nothing', async () => {
    const controller = new AbortController()
    const session = new PaymentSession({
      input: url,
      init: { signal: controller.signal },
      fetch: mockServer({ accepts: [mockAccepts[0]!, usdt] }).fetch,
      // A wallet that cannot read balances.
      payers: [mockPayer()],
    })
    await session.start()
    controller.abort()
    await session.refresh()
    const state = session.getSnapshot()
    expect(state).toMatchObject({ status: 'payment-required', error: undefined })
    expect(state.selected?.asset.address).toBe(mockAccepts[0]!.asset)
  })

  test('with a wallet still to connect, two options are offered without an error', async () => {
    const session = new PaymentSession({
      input: url,
      fetch: mockServer({ accepts: [mockAccepts[0]!, usdt] }).fetch,
      connect: async () => mockPayer(),
    })
    await session.start()
    const state = session.getSnapshot()
    expect(state).toMatchObject({ status: 'payment-required', error: undefined })
    expect(state.selected?.asset.address).toBe(mockAccepts[0]!.asset)
    expect(state.options.every((entry) => entry.eligible)).toBe(true)
  })
})

describe("the 402's body", () => {
  /** A 402 with requirements in the header and a body of `bytes`, served by `pull`. */
  function sized402(bytes: number, onCancel: () => void) {
    let sent = false
    return new Response(
      new ReadableStream<Uint8Array>(
        {
          pull(controller) {
            if (sent) controller.close()
            else controller.enqueue(new Uint8Array(bytes))
            sent = true
          },
          cancel: onCancel,
        },
        // Pulled only when read, so a cancel after the first chunk reaches the source.
        { highWaterMark: 0 },
      ),
      { status: 402, headers: { 'PAYMENT-REQUIRED': encodeBase64Json(document) } },
    )
  }

  test.each([
    { bytes: 64 * 1024, cancelled: false },
    { bytes: 64 * 1024 + 1, cancelled: true },
  ])(
    '$bytes bytes: cancelled $cancelled (up to 64 KiB is read to its end, so the connection is reused)',
    async ({ bytes, cancelled }) => {
      let cancels = 0
      const session = new PaymentSession({
        input: url,
        fetch: async () => sized402(bytes, () => cancels++),
        payers: [mockPayer()],
      })
      await session.start()
      expect(session.getSnapshot().status).toBe('payment-required')
      expect(cancels).toBe(cancelled ? 1 : 0)
    },
  )

  test('reset() while the body is still coming cancels it at once', async () => {
    let cancelled = false
    const fetch: typeof globalThis.fetch = async () =>
      new Response(
        new ReadableStream<Uint8Array>({
          cancel: () => {
            cancelled = true
          },
        }),
        {
          status: 402,
          headers: { 'PAYMENT-REQUIRED': encodeBase64Json(document) },
        },
      )
    const session = new PaymentSession({ input: url, fetch, payers: [mockPayer()] })
    const starting = session.start()
    await tick()
    expect(session.getSnapshot().status).toBe('fetching')
    expect(cancelled).toBe(false)
    expect(session.reset()).toBe(true)
    await tick()
    expect(cancelled).toBe(true)
    await starting
  })
})

describe('a broadcast of a disposed session', () => {
  test('is still delivered, and the answer nobody will read is cancelled, not left holding its connection', async () => {
    const answer = gate<'approve'>()
    const payer = mockPayer({ kind: 'broadcast', steps: [], signDelay: () => answer.promise })
    const server = mockServer()
    let cancelled = false
    const fetch: typeof globalThis.fetch = async (input, init) => {
      const response = await server.fetch(input, init)
      if (!new Request(input, init).headers.has('PAYMENT-SIGNATURE')) return response
      return new Response(
        new ReadableStream<Uint8Array>({
          cancel: () => {
            cancelled = true
          },
        }),
        { status: response.status, headers: response.headers },
      )
    }
    const session = new PaymentSession({ input: url, fetch, payers: [payer] })
    await session.start()
    const paying = session.pay()
    await tick()
    session.dispose()
    answer.open('approve')
    await paying
    await tick()
    expect(server.settled).toHaveLength(1)
    expect(cancelled).toBe(true)
  })
})
