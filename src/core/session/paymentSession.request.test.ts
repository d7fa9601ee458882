import { describe, expect, test } from 'vitest'
import { mockPayer } from '../../testing/mockPayer.js'
import { mockAccepts, mockServer } from '../../testing/mockServer.js'
import { encodeBase64Json } from '../codec/base64Json.js'
import { PaymentRejectedError, RequestAbortedError } from '../errors/payment.js'
import { PaymentSession } from './paymentSession.js'
import { gate, tick } from './test/controls.js'

// The request as the caller gave it (a Request's own signal and credentials, a body sent again
// on a resend), why a refusal says what it says, the reason a cancelled connect dialog is
// given, and that listeners are told only of changes.
const url = 'https://shop.example/article'
const document = { x402Version: 2, resource: { url }, accepts: mockAccepts }
const USDT_BASE = '0xfde4C96c8593536E31F229EA8f37b2ADa2699bb2'

describe('a Request given as input', () => {
  test('keeps its own signal: aborting it ends the 402 load as an abort', async () => {
    const controller = new AbortController()
    const started = gate()
    const fetch: typeof globalThis.fetch = (_input, init) =>
      new Promise((_, reject) => {
        started.open()
        init?.signal?.addEventListener('abort', () => reject(init.signal?.reason), { once: true })
      })
    const session = new PaymentSession({
      input: new Request(url, { signal: controller.signal }),
      fetch,
    })
    const starting = session.start()
    await started.promise
    controller.abort('the reader left')
    for (let i = 0; i < 3; i++) await tick()
    const { status, error } = session.getSnapshot()
    expect(status).toBe('failed')
    expect(error).toBeInstanceOf(RequestAbortedError)
    await starting
  })

  test('keeps its credentials for the 402 and the paid request', async () => {
    const server = mockServer()
    const credentials: (RequestCredentials | undefined)[] = []
    const fetch: typeof globalThis.fetch = (input, init) => {
      credentials.push(init?.credentials)
      return server.fetch(input, init)
    }
    const session = new PaymentSession({
      input: new Request(url, { credentials: 'include' }),
      fetch,
      payers: [mockPayer()],
    })
    await session.start()
    await session.pay()
    expect(session.getSnapshot().status).toBe('settled')
    expect(credentials).toEqual(['include', 'include'])
  })
})

test('a resend carries the whole body again, even when a fetch took the buffer it was given', async () => {
  const server = mockServer()
  const bodies: string[] = []
  let paid = 0
  const fetch: typeof globalThis.fetch = async (input, init) => {
    const request = new Request(input, init)
    bodies.push(await request.clone().text())
    if (!request.headers.has('PAYMENT-SIGNATURE')) return server.fetch(input, init)
    if (++paid === 1) {
      // A fetch that transfers the body's buffer (to a worker, say), then loses the connection.
      structuredClone(init?.body, { transfer: [init?.body as ArrayBuffer] })
      throw new TypeError('fetch failed')
    }
    return server.fetch(input, init)
  }
  const session = new PaymentSession({
    input: url,
    init: { method: 'POST', body: 'question=42' },
    fetch,
    payers: [mockPayer()],
    resendDelayMs: 1,
  })
  await session.start()
  await session.pay()
  expect(session.getSnapshot().status).toBe('settled')
  expect(bodies).toEqual(['question=42', 'question=42', 'question=42'])
})

describe('why a refused payment was refused', () => {
  /** A server that refuses every paid request with `refusal`, and a chain that saw nothing move. */
  async function refusedWith(refusal: () => Response) {
    const server = mockServer()
    const fetch: typeof globalThis.fetch = async (input, init) =>
      new Request(input, init).headers.has('PAYMENT-SIGNATURE')
        ? refusal()
        : server.fetch(input, init)
    const session = new PaymentSession({
      input: url,
      fetch,
      payers: [mockPayer({ check: 'not-paid' })],
    })
    await session.start()
    await session.pay()
    const { status, error } = session.getSnapshot()
    expect(status).toBe('failed')
    expect(error).toBeInstanceOf(PaymentRejectedError)
    return error as PaymentRejectedError
  }

  test("a 412 with requirements: the server's reason", async () => {
    const error = await refusedWith(
      () =>
        new Response('{}', {
          status: 412,
          headers: {
            'PAYMENT-REQUIRED': encodeBase64Json({ ...document, error: 'invalid_payload' }),
          },
        }),
    )
    expect(error.status).toBe(412)
    expect(error.reason).toBe('invalid_payload')
  })

  test('requirements with an empty error (h402 middleware): says the server gave no reason, and what to do', async () => {
    const error = await refusedWith(
      () =>
        new Response('{}', {
          status: 402,
          headers: { 'PAYMENT-REQUIRED': encodeBase64Json({ ...document, error: {} }) },
        }),
    )
    expect(error.reason).toBe(
      'The server refused the payment without saying why (it answered 402 with an empty "error"). Nothing in the payment can be corrected: choose another payment option, or ask the site.',
    )
  })

  test('a 402 that is not payment requirements: the status, nothing more is claimed', async () => {
    const error = await refusedWith(() => new Response('Payment invalid', { status: 402 }))
    expect(error.reason).toBe('The server answered 402.')
  })
})

test('a connect dialog cancelled by reset() is told the payment intent was cancelled', async () => {
  const signals: AbortSignal[] = []
  const session = new PaymentSession({
    input: url,
    fetch: mockServer().fetch,
    connect: (_namespace, { signal }) => {
      signals.push(signal)
      return new Promise(() => {})
    },
  })
  await session.start()
  const paying = session.pay()
  await tick()
  expect(session.getSnapshot().status).toBe('connecting')
  expect(session.reset()).toBe(true)
  await paying
  expect(signals[0]?.aborted).toBe(true)
  expect(signals[0]?.reason).toMatchObject({
    name: 'IntentCancelled',
    message: 'The payment intent was cancelled.',
  })
})

describe('listeners are told only of changes', () => {
  /** Every snapshot a listener is given, while `act` runs. */
  async function snapshots(session: PaymentSession, act: () => Promise<void>) {
    const seen: unknown[] = [session.getSnapshot()]
    const unsubscribe = session.subscribe(() => seen.push(session.getSnapshot()))
    await act()
    unsubscribe()
    return seen
  }

  test.each([
    { name: 'start() with one option', accepts: mockAccepts },
    {
      name: 'start() with two options and their balances',
      accepts: [mockAccepts[0]!, { ...mockAccepts[0]!, asset: USDT_BASE, extra: {} }],
    },
  ])('$name: no notification repeats the state before it', async ({ accepts }) => {
    const session = new PaymentSession({
      input: url,
      fetch: mockServer({ accepts }).fetch,
      payers: [mockPayer()],
      getBalance: async (option) => (option.asset.address === USDT_BASE ? 5n : 1_000_000n),
    })
    const seen = await snapshots(session, () => session.start())
    expect(seen.length).toBeGreaterThan(2)
    for (let i = 1; i < seen.length; i++)
      expect(seen[i], `notification ${i}`).not.toEqual(seen[i - 1])
  })

  test('refresh() after the balances changed: no notification repeats the state before it', async () => {
    let usdt = 5n
    const session = new PaymentSession({
      input: url,
      fetch: mockServer({
        accepts: [mockAccepts[0]!, { ...mockAccepts[0]!, asset: USDT_BASE, extra: {} }],
      }).fetch,
      payers: [mockPayer()],
      getBalance: async (option) => (option.asset.address === USDT_BASE ? usdt : 0n),
    })
    await session.start()
    usdt = 1_000_000n
    const seen = await snapshots(session, () => session.refresh())
    expect(session.getSnapshot().selected?.asset.address).toBe(USDT_BASE)
    for (let i = 1; i < seen.length; i++)
      expect(seen[i], `notification ${i}`).not.toEqual(seen[i - 1])
  })
})
