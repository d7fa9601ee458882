import { describe, expect, test } from 'vitest'
import { type MockPayerOptions, mockPayer } from '../../testing/mockPayer.js'
import { type MockServerOptions, mockAccepts, mockServer } from '../../testing/mockServer.js'
import { encodeBase64Json } from '../codec/base64Json.js'
import { createH402Fetch } from '../createH402Fetch.js'
import {
  OutcomeUnknownError,
  PaidNotDeliveredError,
  PaymentNotSettledError,
  PaymentRejectedError,
  RequestTimeoutError,
} from '../errors/payment.js'
import { stablecoinCaps } from '../policy/paymentPolicy.js'
import { PaymentSession } from './paymentSession.js'

// The session's outcome rules (SPEC §5.2, §5.6, §5.7): what a person is told after a payment
// exists, and what `check()` turns an unknown outcome into. In-process server, counted exactly.
const policy = { caps: stablecoinCaps('0.10') }
const url = 'https://shop.example/article'

function session(
  options: {
    answers?: MockServerOptions['answers']
    check?: MockPayerOptions['check']
    kind?: 'authorization' | 'transaction' | 'broadcast'
  } = {},
) {
  const server = mockServer({ answers: options.answers ?? 'settle' })
  const payer = mockPayer({
    ...(options.check ? { check: options.check } : {}),
    ...(options.kind ? { kind: options.kind } : {}),
  })
  const paymentSession = new PaymentSession({
    input: url,
    fetch: server.fetch,
    payers: [payer],
    resendDelayMs: 1,
  })
  return { server, payer, session: paymentSession }
}

async function pay(paymentSession: PaymentSession) {
  await paymentSession.start()
  await paymentSession.pay()
  return paymentSession.getSnapshot()
}

describe('a refusal of a signed payload (non-5xx) is "nothing moved" only once the chain says so', () => {
  test('checkPayment says not-paid: failed, PaymentRejectedError, reconciliation recorded', async () => {
    const { session: s, payer } = session({ answers: 'refuse', check: 'not-paid' })
    const state = await pay(s)
    expect(state.status).toBe('failed')
    expect(state.error).toBeInstanceOf(PaymentRejectedError)
    expect(state.reconciliation).toMatchObject({ status: 'not-paid' })
    expect(payer.checks).toEqual([state.payment])
  })

  test('the server settled and refused anyway, checkPayment says paid: PaidNotDeliveredError, never "rejected"', async () => {
    const { session: s, server } = session({
      answers: 'settle-then-refuse',
      check: () => ({ status: 'paid', transaction: '0xfeed' }),
    })
    const state = await pay(s)
    expect(server.settled).toHaveLength(1)
    expect(state.status).toBe('outcome-unknown')
    expect(state.error).toBeInstanceOf(PaidNotDeliveredError)
    expect((state.error as PaidNotDeliveredError).transaction).toBe('0xfeed')
    expect(state.reconciliation).toMatchObject({ status: 'paid', transaction: '0xfeed' })
  })

  test.each([
    ['no checkPayment', undefined],
    ['checkPayment unknown', 'unknown'],
    ['checkPayment throws', () => Promise.reject(new Error('rpc down'))],
  ] as const)(
    '%s: outcome-unknown, with the server’s refusal as the cause',
    async (_name, check) => {
      const { session: s } = session({
        answers: 'refuse',
        ...(check ? { check } : {}),
      })
      const state = await pay(s)
      expect(state.status).toBe('outcome-unknown')
      expect(state.error).toBeInstanceOf(OutcomeUnknownError)
      expect(state.error?.walk((e) => e instanceof PaymentRejectedError)).toMatchObject({
        reason: 'invalid_payload',
      })
      expect(state.reconciliation?.status).toBe('unknown')
    },
  )

  test('a failed settlement (success: false) follows the same rule', async () => {
    const fetch: typeof globalThis.fetch = async (input, init) => {
      const paid = new Headers(init?.headers).has('PAYMENT-SIGNATURE')
      if (!paid) return mockServer().fetch(input, init)
      return new Response('{}', {
        status: 402,
        headers: {
          'PAYMENT-RESPONSE': encodeBase64Json({
            success: false,
            errorReason: 'insufficient_funds',
            transaction: '',
            network: 'eip155:8453',
          }),
        },
      })
    }
    for (const [check, status, name] of [
      ['not-paid', 'failed', 'SettlementFailedError'],
      ['unknown', 'outcome-unknown', 'OutcomeUnknownError'],
    ] as const) {
      const payer = mockPayer({ check })
      const s = new PaymentSession({ input: url, fetch, payers: [payer] })
      const state = await pay(s)
      expect([state.status, state.error?.name]).toEqual([status, name])
    }
  })

  test('a refusal of a resend, a 5xx and a refusal after a broadcast are outcome-unknown without a chain check', async () => {
    const cases = [
      session({ answers: ['settle-then-drop', 'refuse'], check: 'not-paid' }),
      session({ answers: 'settle-then-fail', check: 'not-paid' }),
      session({ answers: 'refuse', check: 'not-paid', kind: 'broadcast' }),
    ]
    for (const { session: s, payer } of cases) {
      const state = await pay(s)
      expect(state.status).toBe('outcome-unknown')
      expect(state.error).toBeInstanceOf(OutcomeUnknownError)
      expect(payer.checks).toHaveLength(0)
      expect(payer.calls).toHaveLength(1)
    }
  })
})

describe('check() reconciles outcome-unknown', () => {
  test('paid: the person is told they paid; the status stays outcome-unknown; nothing is signed', async () => {
    const { session: s, payer } = session({
      answers: 'settle-then-fail',
      check: () => ({ status: 'paid', transaction: '0xabc' }),
    })
    await pay(s)
    await s.check()
    const state = s.getSnapshot()
    expect(state.status).toBe('outcome-unknown')
    expect(state.error).toBeInstanceOf(PaidNotDeliveredError)
    expect(state.reconciliation).toMatchObject({ status: 'paid', transaction: '0xabc' })
    expect(typeof state.reconciliation?.at).toBe('number')
    expect(payer.calls).toHaveLength(1)
  })

  test('not-paid: the intent is over (failed, retry); retry() fetches afresh and signs only after a new pay()', async () => {
    const { session: s, payer, server } = session({ answers: ['drop'], check: 'not-paid' })
    // The connection drops on every send: outcome unknown.
    let state = await pay(s)
    expect(state.status).toBe('outcome-unknown')
    await s.check()
    state = s.getSnapshot()
    expect(state.status).toBe('failed')
    expect(state.error).toBeInstanceOf(PaymentNotSettledError)
    expect(state.error?.userAction).toBe('retry')
    const quotes = server.requests.filter((r) => !r.payment).length
    await s.retry()
    state = s.getSnapshot()
    expect(state.status).toBe('payment-required')
    expect(state.payment).toBeUndefined()
    expect(state.reconciliation).toBeUndefined()
    expect(server.requests.filter((r) => !r.payment).length).toBe(quotes + 1)
    expect(payer.calls).toHaveLength(1)
    await s.pay()
    expect(payer.calls).toHaveLength(2)
  })

  test('unknown: stays outcome-unknown with the answer recorded; retry() resends the same payload', async () => {
    const {
      session: s,
      payer,
      server,
    } = session({ answers: ['settle-then-fail', 'settle'], check: 'unknown' })
    await pay(s)
    await s.check()
    expect(s.getSnapshot()).toMatchObject({
      status: 'outcome-unknown',
      reconciliation: { status: 'unknown' },
    })
    await s.retry()
    const sent = server.requests.filter((r) => r.payment)
    expect(sent).toHaveLength(2)
    expect(sent[1]!.payment).toBe(sent[0]!.payment)
    expect(payer.calls).toHaveLength(1)
  })

  test('a payer without checkPayment: unknown, with a reason', async () => {
    const { session: s } = session({ answers: 'settle-then-fail' })
    await pay(s)
    await s.check()
    expect(s.getSnapshot().reconciliation).toMatchObject({
      status: 'unknown',
      reason: expect.stringContaining('cannot check'),
    })
  })

  test('does nothing outside outcome-unknown', async () => {
    const { session: s, payer } = session({ check: 'paid' })
    await pay(s)
    await s.check()
    expect(payer.checks).toHaveLength(0)
    expect(s.getSnapshot().reconciliation).toBeUndefined()
  })
})

describe('timeouts: every wait ends', () => {
  test('a paid request that never gets an answer: outcome-unknown after timeoutMs, not resent', async () => {
    const server = mockServer({ answers: 'hang' })
    const payer = mockPayer()
    const fetch = createH402Fetch({ evm: payer, policy, fetch: server.fetch, timeoutMs: 50 })
    const error = await fetch(url).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(OutcomeUnknownError)
    expect(
      (error as OutcomeUnknownError).walk((e) => e instanceof RequestTimeoutError),
    ).toBeTruthy()
    expect(server.requests.filter((r) => r.payment)).toHaveLength(1)
  })

  test('a paid request whose fetch ignores its signal still ends', async () => {
    const server = mockServer()
    const fetch: typeof globalThis.fetch = (input, init) =>
      new Headers(init?.headers).has('PAYMENT-SIGNATURE')
        ? new Promise(() => {})
        : server.fetch(input, init)
    const error = await createH402Fetch({ evm: mockPayer(), policy, fetch, timeoutMs: 50 })(
      url,
    ).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(OutcomeUnknownError)
  })

  test('a refusal whose body never ends still ends: the refusal is reported after timeoutMs', async () => {
    const server = mockServer()
    const fetch: typeof globalThis.fetch = async (input, init) =>
      new Headers(init?.headers).has('PAYMENT-SIGNATURE')
        ? new Response(new ReadableStream({ pull: () => new Promise(() => {}) }), { status: 402 })
        : server.fetch(input, init)
    const session = new PaymentSession({
      input: url,
      fetch,
      payers: [mockPayer({ check: 'not-paid' })],
      policy,
      autoPay: true,
      timeoutMs: 50,
    })
    await session.start()
    const { status, error } = session.getSnapshot()
    expect(status).toBe('failed')
    expect(error).toBeInstanceOf(PaymentRejectedError)
    expect(error?.details).toContain('402')
  })

  test('a 402 whose body never ends: RequestTimeoutError before anything is signed', async () => {
    const payer = mockPayer()
    const fetch: typeof globalThis.fetch = async () =>
      new Response(new ReadableStream({ pull: () => new Promise(() => {}) }), { status: 402 })
    const error = await createH402Fetch({ evm: payer, policy, fetch, timeoutMs: 50 })(url).catch(
      (e: unknown) => e,
    )
    expect(error).toBeInstanceOf(RequestTimeoutError)
    expect(payer.calls).toHaveLength(0)
  })

  test('the caller’s abort while the 402 body is read is an abort, not an invalid 402', async () => {
    const controller = new AbortController()
    const fetch: typeof globalThis.fetch = async () => {
      setTimeout(() => controller.abort(), 10)
      return new Response(new ReadableStream({ pull: () => new Promise(() => {}) }), {
        status: 402,
      })
    }
    const error = await createH402Fetch({ evm: mockPayer(), policy, fetch })(url, {
      signal: controller.signal,
    }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(DOMException)
    expect((error as DOMException).name).toBe('AbortError')
  })

  test('a checkPayment that never answers ends as unknown after timeoutMs', async () => {
    const server = mockServer({ answers: 'refuse' })
    const payer = mockPayer({ check: () => new Promise(() => {}) })
    const s = new PaymentSession({
      input: url,
      fetch: server.fetch,
      payers: [payer],
      timeoutMs: 50,
    })
    const state = await pay(s)
    expect(state.status).toBe('outcome-unknown')
    expect(state.reconciliation?.reason).toContain('50 ms')
  })
})

describe('the x402 v2 envelope on the wire', () => {
  test('accepted is echoed exactly, numbers above 2^53 included', async () => {
    const big =
      '{"scheme":"exact","network":"eip155:8453","amount":"10000","asset":"0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913","payTo":"0x209693Bc6afc0C5328bA36FaF03C514EF312287C","maxTimeoutSeconds":60,"extra":{"name":"USD Coin","version":"2","nonce":123456789012345678901234567890}}'
    const document = `{"x402Version":2,"resource":{"url":"${url}"},"accepts":[${big}]}`
    let sent: string | undefined
    const fetch: typeof globalThis.fetch = async (_input, init) => {
      const header = new Headers(init?.headers).get('PAYMENT-SIGNATURE')
      if (!header)
        return new Response('{}', {
          status: 402,
          headers: { 'PAYMENT-REQUIRED': btoa(document) },
        })
      sent = new TextDecoder().decode(Uint8Array.from(atob(header), (c) => c.charCodeAt(0)))
      return new Response('ok')
    }
    await createH402Fetch({ evm: mockPayer(), policy, fetch })(url)
    expect(sent).toContain(`"accepted":${big}`)
  })

  test('the receipt’s explorer link follows the paid option’s network', async () => {
    const server = mockServer({
      accepts: [
        {
          ...mockAccepts[0]!,
          network: 'eip155:84532',
          asset: '0x036CbD53842c5426634e7929541eC2318f3dCF7e',
        },
      ],
    })
    const fetch: typeof globalThis.fetch = async (input, init) => {
      const response = await server.fetch(input, init)
      if (response.status !== 200) return response
      // The server names mainnet Base for a Base Sepolia payment.
      const headers = new Headers(response.headers)
      headers.set(
        'PAYMENT-RESPONSE',
        encodeBase64Json({
          success: true,
          transaction: `0x${'1'.repeat(64)}`,
          network: 'eip155:8453',
        }),
      )
      return new Response('ok', { headers })
    }
    const s = new PaymentSession({ input: url, fetch, payers: [mockPayer()] })
    const state = await pay(s)
    expect(state.settlement?.explorerUrl).toBe(
      `https://sepolia.basescan.org/tx/0x${'1'.repeat(64)}`,
    )
  })
})
