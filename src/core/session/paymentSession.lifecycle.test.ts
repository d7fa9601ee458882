import { describe, expect, test } from 'vitest'
import { mockPayer } from '../../testing/mockPayer.js'
import { mockAccepts, mockServer } from '../../testing/mockServer.js'
import { encodeBase64Json } from '../codec/base64Json.js'
import { createH402Fetch } from '../createH402Fetch.js'
import type { Payer } from '../payer.js'
import { stablecoinCaps } from '../policy/paymentPolicy.js'
import { PaymentSession } from './paymentSession.js'
import { gate, tick } from './test/controls.js'

// The session's lifecycle under React (StrictMode, unmounts, cancels, slow wallets), against an
// in-process server: no network, exact counts of prompts, signatures and settlements.
const policy = { caps: stablecoinCaps('0.10') }
const url = 'https://shop.example/article'
const USDT_BASE = '0xfde4C96c8593536E31F229EA8f37b2ADa2699bb2'

/** Two options on Base: USDC (first) and USDT. */
function twoOptions(usdtAmount = '20000') {
  return [mockAccepts[0]!, { ...mockAccepts[0]!, asset: USDT_BASE, amount: usdtAmount, extra: {} }]
}

describe('start() is idempotent (React StrictMode runs effects twice)', () => {
  test('start(); reset(); start() during the first 402 load with autoPay: exactly one signature', async () => {
    const server = mockServer()
    // A network and a wallet that take a moment, as real ones do.
    const payer = mockPayer({ signDelay: 5 })
    const session = new PaymentSession({
      input: url,
      fetch: async (input, init) => {
        await new Promise((resolve) => setTimeout(resolve, 10))
        return server.fetch(input, init)
      },
      payers: [payer],
      policy,
      autoPay: true,
    })
    const first = session.start()
    expect(session.reset()).toBe(true)
    const second = session.start()
    await Promise.all([first, second])
    await tick()
    expect(session.getSnapshot().status).toBe('settled')
    expect(payer.calls).toHaveLength(1)
    expect(server.settled).toHaveLength(1)
    expect(server.requests.filter((r) => r.payment)).toHaveLength(1)
  })

  test('a second start() while fetching, or after the 402, fetches nothing more', async () => {
    const server = mockServer()
    const session = new PaymentSession({ input: url, fetch: server.fetch, payers: [mockPayer()] })
    const first = session.start()
    const second = session.start()
    await Promise.all([first, second])
    expect(session.getSnapshot().status).toBe('payment-required')
    await session.start()
    expect(server.requests).toHaveLength(1)
  })
})

describe('reset() ends the task it replaces', () => {
  test('during fetching: the 402 request is aborted and nothing is shown from it', async () => {
    const signals: AbortSignal[] = []
    const hold = gate()
    const server = mockServer()
    const fetch: typeof globalThis.fetch = async (input, init) => {
      signals.push(init!.signal!)
      await hold.promise
      return server.fetch(input, { ...init, signal: null })
    }
    const payer = mockPayer()
    const session = new PaymentSession({
      input: url,
      fetch,
      payers: [payer],
      policy,
      autoPay: true,
    })
    const running = session.start()
    await tick()
    expect(session.getSnapshot().status).toBe('fetching')
    expect(session.reset()).toBe(true)
    expect(signals[0]!.aborted).toBe(true)
    hold.open()
    await running
    await tick()
    expect(session.getSnapshot()).toMatchObject({ status: 'idle', paymentRequired: undefined })
    expect(payer.calls).toHaveLength(0)
  })

  test('during connecting: connect() gets an aborted signal and a wallet that connects later signs nothing', async () => {
    const server = mockServer()
    const payer = mockPayer()
    const connected = gate<Payer>()
    const signals: AbortSignal[] = []
    const session = new PaymentSession({
      input: url,
      fetch: server.fetch,
      connect: (namespace, { signal }) => {
        expect(namespace).toBe('evm')
        signals.push(signal)
        return connected.promise
      },
    })
    await session.start()
    const paying = session.pay()
    await tick()
    expect(session.getSnapshot().status).toBe('connecting')
    expect(session.reset()).toBe(true)
    expect(signals[0]!.aborted).toBe(true)
    // The cancel is immediate: pay() does not wait for the wallet.
    await paying
    connected.open(payer)
    await tick()
    expect(payer.calls).toHaveLength(0)
    expect(server.requests.filter((r) => r.payment)).toHaveLength(0)
    // Not a dead end: a new intent pays once.
    await session.start()
    expect(session.getSnapshot().status).toBe('payment-required')
  })

  test('during balance reads: they are aborted, and the new intent does not wait for them', async () => {
    const server = mockServer({ accepts: twoOptions() })
    const signals: AbortSignal[] = []
    const session = new PaymentSession({
      input: url,
      fetch: server.fetch,
      payers: [mockPayer()],
      getBalance: (_option, { signal }) => {
        signals.push(signal)
        return new Promise(() => {})
      },
    })
    const loading = session.start()
    await tick()
    await tick()
    expect(signals).toHaveLength(2)
    session.reset()
    expect(signals.every((signal) => signal.aborted)).toBe(true)
    await loading
    expect(session.getSnapshot().status).toBe('idle')
  })

  test('during signing: the prompt cannot be withdrawn; its authorization is dropped, never sent', async () => {
    const server = mockServer()
    const answer = gate<'approve'>()
    const payer = mockPayer({ signDelay: () => answer.promise })
    const session = new PaymentSession({ input: url, fetch: server.fetch, payers: [payer] })
    await session.start()
    const paying = session.pay()
    await tick()
    expect(session.getSnapshot().status).toBe('signing')
    expect(session.reset()).toBe(true)
    answer.open('approve')
    await paying
    await tick()
    expect(payer.payments).toHaveLength(1)
    expect(server.requests.filter((r) => r.payment)).toHaveLength(0)
    expect(session.getSnapshot()).toMatchObject({ status: 'idle', payment: undefined })
  })

  test('during signing: a broadcast that arrives after the cancel is still submitted and shown', async () => {
    const server = mockServer()
    const answer = gate<'approve'>()
    const payer = mockPayer({ kind: 'broadcast', steps: [], signDelay: () => answer.promise })
    const session = new PaymentSession({ input: url, fetch: server.fetch, payers: [payer] })
    await session.start()
    const paying = session.pay()
    await tick()
    expect(session.reset()).toBe(true)
    answer.open('approve')
    await paying
    await tick()
    expect(server.requests.filter((r) => r.payment)).toHaveLength(1)
    expect(session.getSnapshot()).toMatchObject({
      status: 'settled',
      payment: { kind: 'broadcast' },
    })
  })

  test('once the wallet reports a broadcast, reset() is refused until the outcome is known', async () => {
    const server = mockServer()
    const answer = gate<'approve'>()
    const payer = mockPayer({
      kind: 'broadcast',
      steps: ['signing', 'broadcasting'],
      signDelay: () => answer.promise,
    })
    const session = new PaymentSession({ input: url, fetch: server.fetch, payers: [payer] })
    await session.start()
    const paying = session.pay()
    await tick()
    expect(session.reset()).toBe(false)
    answer.open('approve')
    await paying
    expect(session.getSnapshot().status).toBe('settled')
    expect(session.reset()).toBe(true)
  })

  test('dispose() cancels for good: nothing signs, later calls do nothing, listeners are dropped', async () => {
    const server = mockServer()
    const connected = gate<Payer>()
    const payer = mockPayer()
    const session = new PaymentSession({
      input: url,
      fetch: server.fetch,
      connect: () => connected.promise,
    })
    await session.start()
    let notified = 0
    session.subscribe(() => notified++)
    const paying = session.pay()
    await tick()
    session.dispose()
    connected.open(payer)
    await paying
    const seen = notified
    await session.start()
    await session.pay()
    expect(session.reset()).toBe(false)
    expect(payer.calls).toHaveLength(0)
    expect(notified).toBe(seen)
  })
})

describe('what may be signed', () => {
  test.each([
    ['X-PAYMENT', 'an x402 v2 request'],
    ['PAYMENT-SIGNATURE', 'an x402 v2 request'],
  ])(
    'a request that already carries %s (%s) is refused before anything is signed',
    async (name) => {
      const server = mockServer({ answers: 'refuse' })
      const payer = mockPayer()
      const fetch = createH402Fetch({ evm: payer, policy, fetch: server.fetch })
      const error = await fetch(url, { headers: { [name]: 'e30=' } }).catch((e: unknown) => e)
      expect(error).toMatchObject({ name: 'PaymentAlreadyAttemptedError' })
      expect(payer.calls).toHaveLength(0)
    },
  )

  test('an unsupported option is never signed, even with no policy, a custom payer and a person’s choice', async () => {
    const server = mockServer({ accepts: [{ ...mockAccepts[0]!, scheme: 'upto' }] })
    const payer = mockPayer()
    const custom: Payer = { ...payer, canPay: () => undefined }
    const session = new PaymentSession({ input: url, fetch: server.fetch, payers: [custom] })
    await session.start()
    const option = session.getSnapshot().options[0]!.option
    expect(option.supported).toBe(false)
    session.select(option.id)
    expect(session.getSnapshot().selected).toBe(option)
    await session.pay()
    expect(session.getSnapshot()).toMatchObject({
      status: 'failed',
      error: { name: 'UnsupportedOptionError' },
    })
    expect(payer.calls).toHaveLength(0)
  })

  test('a quote that expires while the wallet connects is fetched again before signing', async () => {
    let now = 1_700_000_000_000
    const server = mockServer()
    const payer = mockPayer()
    const session = new PaymentSession({
      input: url,
      fetch: server.fetch,
      now: () => now,
      connect: async () => {
        now += 61_000
        return payer
      },
    })
    await session.start()
    const first = session.getSnapshot().paymentRequired!.receivedAt
    await session.pay()
    expect(session.getSnapshot().status).toBe('settled')
    expect(server.requests.map((r) => r.payment === undefined)).toEqual([true, true, false])
    expect(payer.calls).toHaveLength(1)
    expect(payer.contexts[0]!.paymentRequired.receivedAt).toBe(first + 61_000)
  })

  test('a re-fetched quote is checked for expiry again: one that is stale on arrival is never signed', async () => {
    let now = 1_700_000_000_000
    const server = mockServer({ accepts: twoOptions() })
    const payer = mockPayer()
    const session = new PaymentSession({
      input: url,
      fetch: server.fetch,
      payers: [payer],
      now: () => now,
      // Each balance read takes the session's clock past the quote's 60 s.
      getBalance: async () => {
        now += 31_000
        return 1_000_000n
      },
    })
    await session.start()
    await session.pay()
    expect(session.getSnapshot()).toMatchObject({
      status: 'failed',
      error: { name: 'QuoteExpiredError' },
    })
    expect(payer.calls).toHaveLength(0)
  })

  test('after a price change the person’s option stays selected at its new price, never another one', async () => {
    let now = 1_700_000_000_000
    let usdt = '20000'
    const server = mockServer({ accepts: () => twoOptions(usdt) })
    const payer = mockPayer()
    const session = new PaymentSession({
      input: url,
      fetch: server.fetch,
      payers: [payer],
      now: () => now,
    })
    await session.start()
    const chosen = session.getSnapshot().options[1]!.option
    session.select(chosen.id)
    now += 61_000
    usdt = '30000'
    await session.pay()
    const state = session.getSnapshot()
    expect(state.error).toMatchObject({ name: 'QuoteExpiredError' })
    expect(state.selected).toMatchObject({ id: chosen.id, amount: 30000n })
    expect(payer.calls).toHaveLength(0)
    await session.pay()
    expect(payer.calls.map((option) => [option.id, option.amount])).toEqual([[chosen.id, 30000n]])
  })
})

test('the payer is told the URL being paid, so h402 signs a resource of that origin only', async () => {
  const payer = mockPayer()
  const session = new PaymentSession({ input: url, fetch: mockServer().fetch, payers: [payer] })
  await session.start()
  await session.pay()
  expect(payer.contexts[0]!.requestUrl).toBe(url)
})

describe('balances and refresh (what the React layer needs)', () => {
  test('readBalances "always" reads a single option’s balance, with the getBalance override', async () => {
    const server = mockServer()
    const seen: string[] = []
    const session = new PaymentSession({
      input: url,
      fetch: server.fetch,
      payers: [mockPayer({ balance: 1n })],
      readBalances: 'always',
      getBalance: async (option) => {
        seen.push(option.id)
        return 5_000_000n
      },
    })
    await session.start()
    expect(seen).toHaveLength(1)
    expect(session.getSnapshot().options[0]).toMatchObject({
      balance: 5_000_000n,
      affordable: true,
    })
  })

  test('by default a single option’s balance is not read', async () => {
    const payer = mockPayer({ balance: 1n })
    const session = new PaymentSession({
      input: url,
      fetch: mockServer().fetch,
      payers: [payer],
    })
    await session.start()
    expect(session.getSnapshot().options[0]!.balance).toBeUndefined()
  })

  test('refresh() re-ranks with a wallet that connected, and keeps a person’s choice', async () => {
    let payers: Payer[] = []
    const session = new PaymentSession({
      input: url,
      fetch: mockServer({ accepts: twoOptions() }).fetch,
      payers: () => payers,
    })
    await session.start()
    expect(session.getSnapshot().options.every((entry) => !entry.eligible)).toBe(true)
    expect(session.getSnapshot().selected).toBeUndefined()
    // A wallet connects: the engine chooses, by balance (USDT affordable, USDC not).
    payers = [
      mockPayer({ balance: (option) => (option.asset.address === USDT_BASE ? 10n ** 9n : 0n) }),
    ]
    await session.refresh()
    let state = session.getSnapshot()
    expect(state.options.every((entry) => entry.eligible)).toBe(true)
    expect(state.selected?.asset.address).toBe(USDT_BASE)
    expect(state.options[0]!.balance).toBe(10n ** 9n)
    // The person picks USDC; a refresh keeps it.
    const usdc = state.options.find((entry) => entry.option.asset.address !== USDT_BASE)!.option
    session.select(usdc.id)
    await session.refresh()
    state = session.getSnapshot()
    expect(state.selected?.id).toBe(usdc.id)
    expect(state.status).toBe('selecting')
  })

  test('refresh() does nothing once a payment is signed', async () => {
    const payer = mockPayer()
    const session = new PaymentSession({
      input: url,
      fetch: mockServer().fetch,
      payers: [payer],
    })
    await session.start()
    await session.pay()
    const before = session.getSnapshot()
    await session.refresh()
    expect(session.getSnapshot()).toBe(before)
  })
})

describe('the 402 response itself', () => {
  test('its body is read to the end (small) so the connection is reused, even when the header was enough', async () => {
    let pulled = 0
    let done = false
    const document = { x402Version: 2, resource: { url }, accepts: mockAccepts }
    const fetch: typeof globalThis.fetch = async () => {
      const chunks = ['{"x":', '1}']
      const body = new ReadableStream<Uint8Array>({
        pull(controller) {
          pulled++
          const chunk = chunks.shift()
          if (chunk === undefined) {
            done = true
            controller.close()
          } else controller.enqueue(new TextEncoder().encode(chunk))
        },
      })
      return new Response(body, {
        status: 402,
        headers: { 'PAYMENT-REQUIRED': encodeBase64Json(document) },
      })
    }
    const session = new PaymentSession({ input: url, fetch, payers: [mockPayer()] })
    await session.start()
    expect(session.getSnapshot().status).toBe('payment-required')
    expect(pulled).toBeGreaterThan(0)
    expect(done).toBe(true)
  })

  test('a large body is cancelled, not downloaded', async () => {
    let cancelled = false
    const document = { x402Version: 2, resource: { url }, accepts: mockAccepts }
    const fetch: typeof globalThis.fetch = async () =>
      new Response(
        new ReadableStream<Uint8Array>({
          pull(controller) {
            controller.enqueue(new Uint8Array(16 * 1024))
          },
          cancel() {
            cancelled = true
          },
        }),
        { status: 402, headers: { 'PAYMENT-REQUIRED': encodeBase64Json(document) } },
      )
    const session = new PaymentSession({ input: url, fetch, payers: [mockPayer()] })
    await session.start()
    await tick()
    expect(session.getSnapshot().status).toBe('payment-required')
    expect(cancelled).toBe(true)
  })

  /** An x402 v1 402 (requirements in the body only) of the mock's price, as a stream of chunks. */
  function v1Body(chunks: Uint8Array[], onCancel?: () => void) {
    return new ReadableStream<Uint8Array>({
      pull(controller) {
        const chunk = chunks.shift()
        if (chunk === undefined) controller.close()
        else controller.enqueue(chunk)
      },
      cancel: onCancel,
    })
  }
  const v1Document = {
    x402Version: 1,
    error: 'X-PAYMENT header is required',
    accepts: [
      {
        ...mockAccepts[0]!,
        network: 'base',
        maxAmountRequired: '10000',
        resource: url,
        description: 'An article',
        mimeType: 'text/html',
      },
    ],
  }

  test('a body-only 402 is read to its end, in chunks, and paid from', async () => {
    const text = new TextEncoder().encode(JSON.stringify(v1Document))
    const chunks = [text.subarray(0, 40), text.subarray(40, 41), text.subarray(41)]
    let cancelled = false
    const fetch: typeof globalThis.fetch = async () =>
      new Response(
        v1Body(chunks, () => (cancelled = true)),
        { status: 402 },
      )
    const session = new PaymentSession({ input: url, fetch, payers: [mockPayer()] })
    await session.start()
    const state = session.getSnapshot()
    expect(state.status).toBe('payment-required')
    expect(state.paymentRequired?.protocol).toBe('x402-v1')
    expect(state.paymentRequired?.options[0]?.amount).toBe(10000n)
    expect(chunks).toHaveLength(0)
    expect(cancelled).toBe(false)
  })

  test('a body-only 402 over 256 KiB is refused as invalid and its body cancelled, not downloaded', async () => {
    let pulled = 0
    let cancelled = false
    const fetch: typeof globalThis.fetch = async () =>
      new Response(
        new ReadableStream<Uint8Array>({
          pull(controller) {
            pulled++
            controller.enqueue(new Uint8Array(64 * 1024).fill(32))
          },
          cancel() {
            cancelled = true
          },
        }),
        { status: 402 },
      )
    const session = new PaymentSession({ input: url, fetch, payers: [mockPayer()] })
    await session.start()
    await tick()
    const state = session.getSnapshot()
    expect(state.status).toBe('failed')
    expect(state.error?.name).toBe('InvalidPaymentRequiredError')
    expect(cancelled).toBe(true)
    expect(pulled).toBeLessThanOrEqual(6)
  })

  test('a refusal after payment stays readable in state.response, with its exact body', async () => {
    const refusal = JSON.stringify({ ...v1Document, error: 'invalid_exact_evm_payload_signature' })
    const fetch: typeof globalThis.fetch = async (_input, init) => {
      const paid = new Headers(init?.headers).has('X-PAYMENT')
      return new Response(paid ? refusal : JSON.stringify(v1Document), {
        status: 402,
        statusText: 'Payment Required',
        headers: { 'content-type': 'application/json', 'x-trace': 'r1' },
      })
    }
    const session = new PaymentSession({
      input: url,
      fetch,
      payers: [mockPayer({ check: 'not-paid' })],
      policy,
      autoPay: true,
    })
    await session.start()
    const { status, error, response } = session.getSnapshot()
    expect(status).toBe('failed')
    expect(error?.name).toBe('PaymentRejectedError')
    expect(response?.status).toBe(402)
    expect(response?.statusText).toBe('Payment Required')
    expect(response?.headers.get('x-trace')).toBe('r1')
    expect(await response?.text()).toBe(refusal)
  })
})
