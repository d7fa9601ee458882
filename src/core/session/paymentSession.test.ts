import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest'
import { mockPayer } from '../../testing/mockPayer.js'
import { decodeBase64Json, encodeBase64Json } from '../codec/base64Json.js'
import { createH402Fetch, getPaymentResult } from '../createH402Fetch.js'
import {
  CrossOriginRedirectError,
  OutcomeUnknownError,
  PaymentRejectedError,
} from '../errors/payment.js'
import { NoPayableOptionError } from '../errors/policy.js'
import { stablecoinCaps } from '../policy/paymentPolicy.js'
import { PaymentSession } from './paymentSession.js'
import type { PaymentEvent } from './types.js'

// A real HTTP server on 127.0.0.1 whose routes misbehave on purpose; the payer is the kit's own
// mock payer, so these tests count signatures and sends exactly.
const BASE_USDC = '0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913'
const PAY = '0x209693Bc6afc0C5328bA36FaF03C514EF312287C'
const policy = { caps: stablecoinCaps('0.10') }

interface Received {
  path: string
  method: string
  payment: string | undefined
  body: string
}

let received: Received[] = []
let paidCount = new Map<string, number>()
let maxTimeoutSeconds = 60
let server: Server
let other: Server
let origin: string
let otherOrigin: string

function accepts(amount = '10000') {
  return [
    {
      scheme: 'exact',
      network: 'eip155:8453',
      amount,
      asset: BASE_USDC,
      payTo: PAY,
      maxTimeoutSeconds,
      extra: { name: 'USD Coin', version: '2' },
    },
  ]
}

function challenge(response: ServerResponse, path: string, error?: string) {
  const document = {
    x402Version: 2,
    ...(error ? { error } : {}),
    resource: { url: `${origin}${path}` },
    accepts: path === '/two' ? [...accepts(), ...accepts('20000')] : accepts(),
    extensions: { bazaar: { info: { a: 1 }, schema: {} } },
  }
  response.writeHead(402, {
    'PAYMENT-REQUIRED': encodeBase64Json(document),
    'content-type': 'application/json',
  })
  response.end('{}')
}

function paid(response: ServerResponse, body: unknown) {
  response.writeHead(200, {
    'content-type': 'application/json',
    'PAYMENT-RESPONSE': encodeBase64Json({
      success: true,
      transaction: `0x${'12'.repeat(32)}`,
      network: 'eip155:8453',
      payer: '0x1111111111111111111111111111111111111111',
    }),
  })
  response.end(JSON.stringify(body))
}

async function handle(request: IncomingMessage, response: ServerResponse) {
  const chunks: Buffer[] = []
  for await (const chunk of request) chunks.push(chunk as Buffer)
  const path = request.url ?? '/'
  const payment = request.headers['payment-signature'] as string | undefined
  received.push({
    path,
    method: request.method ?? 'GET',
    payment,
    body: Buffer.concat(chunks).toString(),
  })
  const count = (paidCount.get(path) ?? 0) + (payment ? 1 : 0)
  paidCount.set(path, count)
  if (path === '/free') return paid(response, { free: true })
  if (path === '/redirect-away' && payment) {
    response.writeHead(307, { location: `${otherOrigin}/collect` })
    return response.end()
  }
  if (path === '/redirect-home' && payment) {
    response.writeHead(307, { location: '/content' })
    return response.end()
  }
  if (!payment) return challenge(response, path)
  const decoded = decodeBase64Json(payment) as Record<string, unknown>
  if (path === '/drop-once' && count === 1) return request.socket.destroy()
  if (path === '/drop-always') return request.socket.destroy()
  if (path === '/error-after-settle') {
    response.writeHead(500)
    return response.end('oops')
  }
  if (path === '/refuse') return challenge(response, path, 'invalid_exact_evm_payload_signature')
  if (path === '/settle-fails') {
    response.writeHead(402, {
      'PAYMENT-RESPONSE': encodeBase64Json({
        success: false,
        errorReason: 'failed_to_execute_transfer',
        transaction: '',
        network: 'eip155:8453',
      }),
    })
    return response.end('{}')
  }
  paid(response, {
    path,
    method: request.method,
    body: Buffer.concat(chunks).toString(),
    payment: decoded,
  })
}

beforeAll(async () => {
  server = createServer((request, response) => void handle(request, response))
  other = createServer((request, response) => {
    received.push({
      path: `other:${request.url}`,
      method: request.method ?? 'GET',
      payment: request.headers['payment-signature'] as string,
      body: '',
    })
    response.end('stolen')
  })
  await Promise.all([
    new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve)),
    new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve)),
  ])
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  otherOrigin = `http://127.0.0.1:${(other.address() as AddressInfo).port}`
})

afterAll(async () => {
  server.closeAllConnections()
  other.closeAllConnections()
  await Promise.all([new Promise((r) => server.close(r)), new Promise((r) => other.close(r))])
})

afterEach(() => {
  received = []
  paidCount = new Map()
  maxTimeoutSeconds = 60
})

const paidRequests = () => received.filter((r) => r.payment)

describe('createH402Fetch', () => {
  test('pays a 402 once and echoes accepted, resource and extensions verbatim (x402 v2)', async () => {
    const payer = mockPayer()
    const events: PaymentEvent[] = []
    const fetch = createH402Fetch({ evm: payer, policy, onEvent: (event) => events.push(event) })
    const response = await fetch(`${origin}/content`)
    expect(response.status).toBe(200)
    const body = (await response.json()) as { payment: Record<string, unknown> }
    expect(payer.calls).toHaveLength(1)
    expect(body.payment).toEqual({
      x402Version: 2,
      resource: { url: `${origin}/content` },
      accepted: accepts()[0],
      payload: { mock: true, option: payer.calls[0]!.id, signature: 'mock-signature-1' },
      extensions: { bazaar: { info: { a: 1 }, schema: {} } },
    })
    expect(getPaymentResult(response)?.settlement).toMatchObject({
      success: true,
      network: 'eip155:8453',
      explorerUrl: `https://basescan.org/tx/0x${'12'.repeat(32)}`,
    })
    expect(events.map((event) => event.type)).toEqual([
      'fetching',
      'payment-required',
      'selecting',
      'signing',
      'submitting',
      'settled',
    ])
    for (const event of events) expect(event.durationMs).toBeGreaterThanOrEqual(0)
  })

  test('returns a response that needs no payment untouched, signing nothing', async () => {
    const payer = mockPayer()
    const response = await createH402Fetch({ evm: payer, policy })(`${origin}/free`)
    expect(await response.json()).toEqual({ free: true })
    expect(payer.calls).toHaveLength(0)
    expect(getPaymentResult(response)).toBeUndefined()
  })

  test('keeps the method, headers and body through the paid retry', async () => {
    const response = await createH402Fetch({ evm: mockPayer(), policy })(`${origin}/content`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', 'x-app': 'kept' },
      body: 'the request body',
    })
    expect(await response.json()).toMatchObject({ method: 'POST', body: 'the request body' })
    expect(received.map((r) => [r.method, r.body])).toEqual([
      ['POST', 'the request body'],
      ['POST', 'the request body'],
    ])
  })

  test('accepts a Request object whose body is a stream', async () => {
    const request = new Request(`${origin}/content`, {
      method: 'PUT',
      body: 'streamed',
      headers: { 'x-a': '1' },
    })
    const response = await createH402Fetch({ evm: mockPayer(), policy })(request)
    expect(await response.json()).toMatchObject({ method: 'PUT', body: 'streamed' })
  })

  test('refuses what the policy refuses, signing nothing', async () => {
    const payer = mockPayer()
    const fetch = createH402Fetch({ evm: payer, policy: { caps: stablecoinCaps('0.001') } })
    await expect(fetch(`${origin}/content`)).rejects.toBeInstanceOf(NoPayableOptionError)
    expect(payer.calls).toHaveLength(0)
    expect(paidRequests()).toHaveLength(0)
  })

  test('uses the default policy when none is given', async () => {
    const payer = mockPayer()
    await expect(createH402Fetch({ evm: payer })(`${origin}/content`)).resolves.toHaveProperty(
      'status',
      200,
    )
    expect(payer.calls).toHaveLength(1)
  })

  test('refuses without a payer for the namespace', async () => {
    await expect(
      createH402Fetch({ solana: mockPayer({ namespace: 'solana' }), policy })(`${origin}/content`),
    ).rejects.toBeInstanceOf(NoPayableOptionError)
  })

  test('resends the same payload when the connection drops, never a new signature', async () => {
    const payer = mockPayer()
    const response = await createH402Fetch({ evm: payer, policy, resendDelayMs: 1 })(
      `${origin}/drop-once`,
    )
    expect(response.status).toBe(200)
    expect(payer.calls).toHaveLength(1)
    const sent = paidRequests()
    expect(sent).toHaveLength(2)
    expect(sent[1]!.payment).toBe(sent[0]!.payment)
  })

  test('gives outcome-unknown when no answer ever comes, after bounded resends of one payload', async () => {
    const payer = mockPayer()
    const error = await createH402Fetch({ evm: payer, policy, resendDelayMs: 1, maxResends: 2 })(
      `${origin}/drop-always`,
    ).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(OutcomeUnknownError)
    expect(payer.calls).toHaveLength(1)
    expect(new Set(paidRequests().map((r) => r.payment)).size).toBe(1)
    expect(paidRequests()).toHaveLength(3)
  })

  test('a 500 after the payment is outcome-unknown, not a retry', async () => {
    const payer = mockPayer()
    const error = await createH402Fetch({ evm: payer, policy })(
      `${origin}/error-after-settle`,
    ).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(OutcomeUnknownError)
    expect(payer.calls).toHaveLength(1)
    expect(paidRequests()).toHaveLength(1)
  })

  test('a refusal the chain proves harmless is a typed error with the server’s reason, and no second signature', async () => {
    const payer = mockPayer({ check: 'not-paid' })
    const error = await createH402Fetch({ evm: payer, policy })(`${origin}/refuse`).catch(
      (e: unknown) => e,
    )
    expect(error).toBeInstanceOf(PaymentRejectedError)
    expect((error as PaymentRejectedError).reason).toBe('invalid_exact_evm_payload_signature')
    expect(payer.calls).toHaveLength(1)
    expect(payer.checks).toHaveLength(1)
  })

  test('a refusal the chain cannot vouch for is outcome-unknown, carrying the server’s reason', async () => {
    const payer = mockPayer()
    const error = await createH402Fetch({ evm: payer, policy })(`${origin}/refuse`).catch(
      (e: unknown) => e,
    )
    expect(error).toBeInstanceOf(OutcomeUnknownError)
    const refusal = (error as OutcomeUnknownError).walk((e) => e instanceof PaymentRejectedError)
    expect(refusal).toMatchObject({ reason: 'invalid_exact_evm_payload_signature' })
  })

  test('a refusal after a broadcast is outcome-unknown: the money has moved', async () => {
    const payer = mockPayer({ kind: 'broadcast' })
    const error = await createH402Fetch({ evm: payer, policy })(`${origin}/refuse`).catch(
      (e: unknown) => e,
    )
    expect(error).toBeInstanceOf(OutcomeUnknownError)
    expect((error as OutcomeUnknownError).transaction).toBe(`0x${'ab'.repeat(32)}`)
  })

  test('a failed settlement is reported with its reason once the chain shows nothing moved', async () => {
    const error = await createH402Fetch({ evm: mockPayer({ check: 'not-paid' }), policy })(
      `${origin}/settle-fails`,
    ).catch((e: unknown) => e)
    expect(error).toMatchObject({
      name: 'SettlementFailedError',
      reason: 'failed_to_execute_transfer',
    })
  })

  test('never sends the payment header to another origin on a redirect', async () => {
    const error = await createH402Fetch({ evm: mockPayer(), policy })(
      `${origin}/redirect-away`,
    ).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(CrossOriginRedirectError)
    expect(received.some((r) => r.path.startsWith('other:'))).toBe(false)
  })

  test('follows a same-origin redirect with the payment', async () => {
    const response = await createH402Fetch({ evm: mockPayer(), policy })(`${origin}/redirect-home`)
    expect(await response.json()).toMatchObject({ path: '/content' })
    expect(paidRequests().map((r) => r.path)).toEqual(['/redirect-home', '/content'])
  })

  test('does not pay a request that already carries a payment header', async () => {
    const payer = mockPayer()
    const error = await createH402Fetch({ evm: payer, policy })(`${origin}/refuse`, {
      headers: { 'PAYMENT-SIGNATURE': 'e30=' },
    }).catch((e: unknown) => e)
    expect(error).toMatchObject({ name: 'PaymentAlreadyAttemptedError' })
  })
})

describe('PaymentSession', () => {
  test('re-fetches an expired quote instead of signing it', async () => {
    maxTimeoutSeconds = 30
    let now = 1_700_000_000_000
    const payer = mockPayer()
    const session = new PaymentSession({
      input: `${origin}/content`,
      payers: [payer],
      now: () => now,
    })
    await session.start()
    expect(session.getSnapshot().status).toBe('payment-required')
    now += 31_000
    await session.pay()
    expect(session.getSnapshot().status).toBe('settled')
    expect(received.filter((r) => !r.payment)).toHaveLength(2)
    expect(payer.calls).toHaveLength(1)
  })

  test('a person chooses an option: selecting, then that option and no other is paid', async () => {
    const payer = mockPayer()
    const session = new PaymentSession({ input: `${origin}/two`, payers: [payer] })
    await session.start()
    const [first, second] = session.getSnapshot().options.map((entry) => entry.option)
    expect(session.getSnapshot()).toMatchObject({ status: 'payment-required', selected: first })
    session.select(second!.id)
    expect(session.getSnapshot()).toMatchObject({ status: 'selecting', selected: second })
    await session.pay()
    expect(payer.calls).toEqual([second])
    const body = (await session.getSnapshot().response!.json()) as {
      payment: { accepted: { amount: string } }
    }
    expect(body.payment.accepted.amount).toBe('20000')
  })

  test('connects a wallet when none is there, and reports a network switch as a status', async () => {
    const payer = mockPayer({ steps: ['switching-network', 'signing'] })
    const statuses: string[] = []
    const session = new PaymentSession({
      input: `${origin}/content`,
      connect: async (namespace) => {
        expect(namespace).toBe('evm')
        return payer
      },
      onEvent: (event) => statuses.push(event.type),
    })
    await session.start()
    await session.pay()
    expect(statuses).toEqual([
      'fetching',
      'payment-required',
      'selecting',
      'connecting',
      // 'signing' means "the wallet is at work": the payer finds out there that it must switch.
      'signing',
      'switching-network',
      'signing',
      'submitting',
      'settled',
    ])
    expect(payer.calls).toHaveLength(1)
  })

  test('a rejected prompt returns to the choice; paying again is a new click', async () => {
    const payer = mockPayer({ rejections: 1 })
    const session = new PaymentSession({ input: `${origin}/content`, payers: [payer] })
    await session.start()
    await session.pay()
    expect(session.getSnapshot()).toMatchObject({
      status: 'payment-required',
      error: { code: 'user_rejected' },
    })
    await session.pay()
    expect(session.getSnapshot().status).toBe('settled')
    expect(payer.calls).toHaveLength(2)
  })

  test('reset during a wallet prompt: the authorization it returns later is dropped, never sent', async () => {
    let approve: (answer: 'approve') => void = () => {}
    const payer = mockPayer({
      signDelay: () =>
        new Promise((resolve) => {
          approve = resolve
        }),
    })
    const session = new PaymentSession({ input: `${origin}/content`, payers: [payer] })
    await session.start()
    const paying = session.pay()
    await new Promise((resolve) => setTimeout(resolve, 10))
    expect(session.getSnapshot().status).toBe('signing')
    expect(session.reset()).toBe(true)
    expect(session.getSnapshot().status).toBe('idle')
    expect(payer.contexts[0]!.signal?.aborted).toBe(true)
    approve('approve')
    await paying
    expect(payer.payments).toHaveLength(1)
    expect(paidRequests()).toHaveLength(0)
    expect(session.getSnapshot()).toMatchObject({ status: 'idle', payment: undefined })
  })

  test('reset is refused while the payment is being submitted: it ends on its own', async () => {
    const payer = mockPayer()
    const session = new PaymentSession({ input: `${origin}/content`, payers: [payer] })
    await session.start()
    const refused: boolean[] = []
    session.subscribe(() => {
      if (session.getSnapshot().status === 'submitting') refused.push(session.reset())
    })
    await session.pay()
    expect(refused.length).toBeGreaterThan(0)
    expect(refused.every((answer) => answer === false)).toBe(true)
    expect(session.getSnapshot().status).toBe('settled')
    expect(session.reset()).toBe(true)
  })

  test('two clicks on Pay make one payment', async () => {
    const payer = mockPayer()
    const session = new PaymentSession({ input: `${origin}/content`, payers: [payer] })
    await session.start()
    await Promise.all([session.pay(), session.pay(), session.pay()])
    expect(session.getSnapshot().status).toBe('settled')
    expect(payer.calls).toHaveLength(1)
    expect(paidRequests()).toHaveLength(1)
  })

  test('retry after outcome-unknown resends the same payload, and never signs again', async () => {
    const payer = mockPayer()
    const session = new PaymentSession({ input: `${origin}/error-after-settle`, payers: [payer] })
    await session.start()
    await session.pay()
    expect(session.getSnapshot().status).toBe('outcome-unknown')
    await session.retry()
    await session.pay()
    expect(payer.calls).toHaveLength(1)
    const sent = paidRequests()
    expect(sent).toHaveLength(2)
    expect(sent[1]!.payment).toBe(sent[0]!.payment)
    session.reset()
    expect(session.getSnapshot().status).toBe('idle')
  })

  test('ranks by balance and lets a person choose; unsupported options stay listed', async () => {
    const session = new PaymentSession({
      input: `${origin}/content`,
      payers: [mockPayer({ balance: 10n })],
    })
    const seen: string[] = []
    const unsubscribe = session.subscribe(() => seen.push(session.getSnapshot().status))
    await session.start()
    unsubscribe()
    const state = session.getSnapshot()
    expect(state.options).toHaveLength(1)
    expect(state.selected?.id).toBe(state.options[0]!.option.id)
    expect(seen).toContain('payment-required')
    expect(session.getServerSnapshot().status).toBe('idle')
    expect(Object.isFrozen(state)).toBe(true)
  })
})
