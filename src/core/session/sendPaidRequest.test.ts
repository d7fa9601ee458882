import { afterEach, describe, expect, test, vi } from 'vitest'
import {
  CrossOriginRedirectError,
  OutcomeUnknownError,
  RequestTimeoutError,
} from '../errors/payment.js'
import type { RequestSnapshot } from './requestSnapshot.js'
import { type SendPaidRequestParameters, sendPaidRequest } from './sendPaidRequest.js'

// The paid request on its own: a fake `fetch` answers, drops or redirects each send, and
// records what it was sent, so each rule of SPEC §5.2 and §5.4 is checked at its boundary.

interface Sent {
  url: string
  method: string | undefined
  body: string | undefined
  payment: string | null
  redirect: RequestRedirect | undefined
}

function recorder(answer: (sent: Sent, index: number) => Response | Promise<Response>) {
  const sent: Sent[] = []
  const fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const entry: Sent = {
      url: String(input),
      method: init?.method,
      body: init?.body ? new TextDecoder().decode(init.body as ArrayBuffer) : undefined,
      payment: new Headers(init?.headers).get('X-PAYMENT'),
      redirect: init?.redirect,
    }
    sent.push(entry)
    return answer(entry, sent.length - 1)
  }) as typeof globalThis.fetch
  return { fetch, sent }
}

function snapshot(fields: Partial<RequestSnapshot> = {}): RequestSnapshot {
  return {
    url: 'https://shop.example/buy',
    method: 'POST',
    headers: new Headers({ 'content-type': 'application/json' }),
    body: new TextEncoder().encode('{"item":1}').buffer as ArrayBuffer,
    init: {},
    ...fields,
  }
}

function send(
  fetch: typeof globalThis.fetch,
  fields: Partial<SendPaidRequestParameters> = {},
): Promise<Response> {
  return sendPaidRequest({
    fetch,
    snapshot: snapshot(),
    header: { name: 'X-PAYMENT', value: 'signed' },
    now: () => 1_700_000_000_000,
    maxResends: 2,
    resendDelayMs: 0,
    timeoutMs: 30_000,
    ...fields,
  })
}

const dropped = () => Promise.reject(new TypeError('fetch failed'))
const redirect = (status: number, location?: string) =>
  new Response(null, { status, headers: location ? { location } : {} })

afterEach(() => {
  vi.useRealTimers()
})

describe('sendPaidRequest: resends the same payload only after a transport failure', () => {
  test('sends the payment header once when the server answers, with manual redirects', async () => {
    const { fetch, sent } = recorder(() => new Response('paid', { status: 200 }))
    const response = await send(fetch)
    expect(await response.text()).toBe('paid')
    expect(sent).toEqual([
      {
        url: 'https://shop.example/buy',
        method: 'POST',
        body: '{"item":1}',
        payment: 'signed',
        redirect: 'manual',
      },
    ])
  })

  test('an answer, even a refusal, is never resent', async () => {
    const { fetch, sent } = recorder(() => new Response('no', { status: 402 }))
    expect((await send(fetch)).status).toBe(402)
    expect(sent).toHaveLength(1)
  })

  test('a dropped connection: the same header again, maxResends times, then outcome-unknown', async () => {
    const { fetch, sent } = recorder(dropped)
    const attempts: number[] = []
    const error = await send(fetch, {
      maxResends: 2,
      transaction: '0xabc',
      onAttempt: (n) => attempts.push(n),
    }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(OutcomeUnknownError)
    expect((error as OutcomeUnknownError).details).toBe(
      'No answer came back after the payment was sent.',
    )
    expect((error as OutcomeUnknownError).cause).toBeInstanceOf(TypeError)
    expect((error as OutcomeUnknownError).transaction).toBe('0xabc')
    expect(attempts).toEqual([1, 2, 3])
    expect(sent.map((s) => s.payment)).toEqual(['signed', 'signed', 'signed'])
    expect(sent.map((s) => s.body)).toEqual(['{"item":1}', '{"item":1}', '{"item":1}'])
  })

  test('no resend at all with maxResends 0', async () => {
    const { fetch, sent } = recorder(dropped)
    await expect(send(fetch, { maxResends: 0 })).rejects.toBeInstanceOf(OutcomeUnknownError)
    expect(sent).toHaveLength(1)
  })

  test('a resend that answers ends the loop with that answer', async () => {
    const { fetch, sent } = recorder((_sent, index) =>
      index === 0 ? dropped() : new Response('paid', { status: 200 }),
    )
    expect((await send(fetch)).status).toBe(200)
    expect(sent).toHaveLength(2)
  })

  test('resends only with more than 6 s of validity left', async () => {
    const validBefore = 1_700_000_060
    const at = (ms: number) => {
      const { fetch, sent } = recorder(dropped)
      return send(fetch, { validBefore, now: () => ms, maxResends: 1 })
        .catch(() => undefined)
        .then(() => sent.length)
    }
    // 6 s before validBefore is too late; a millisecond earlier is still in time.
    expect(await at((validBefore - 6) * 1000)).toBe(1)
    expect(await at((validBefore - 6) * 1000 - 1)).toBe(2)
    expect(await at((validBefore + 10) * 1000)).toBe(1)
  })

  test('waits resendDelayMs, doubling, between sends', async () => {
    vi.useFakeTimers()
    const { fetch, sent } = recorder(dropped)
    const done = send(fetch, { resendDelayMs: 100, maxResends: 2 }).catch((e: unknown) => e)
    await vi.advanceTimersByTimeAsync(0)
    expect(sent).toHaveLength(1)
    await vi.advanceTimersByTimeAsync(99)
    expect(sent).toHaveLength(1)
    await vi.advanceTimersByTimeAsync(1)
    expect(sent).toHaveLength(2)
    await vi.advanceTimersByTimeAsync(199)
    expect(sent).toHaveLength(2)
    await vi.advanceTimersByTimeAsync(1)
    expect(sent).toHaveLength(3)
    expect(await done).toBeInstanceOf(OutcomeUnknownError)
  })

  test('the caller’s abort stops the resends, also during the delay', async () => {
    const controller = new AbortController()
    const { fetch, sent } = recorder(() => {
      controller.abort()
      return dropped()
    })
    const error = await send(fetch, {
      snapshot: snapshot({ init: { signal: controller.signal } }),
    }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(OutcomeUnknownError)
    expect(sent).toHaveLength(1)

    vi.useFakeTimers()
    const later = new AbortController()
    const second = recorder(dropped)
    const waiting = send(second.fetch, {
      snapshot: snapshot({ init: { signal: later.signal } }),
      resendDelayMs: 60_000,
      maxResends: 1,
    }).catch((e: unknown) => e)
    await vi.advanceTimersByTimeAsync(10)
    later.abort()
    await vi.advanceTimersByTimeAsync(0)
    // The abort ends the 60 s delay at once: this await would otherwise wait on fake time.
    expect(await waiting).toBeInstanceOf(OutcomeUnknownError)
  })

  test('a send with no answer within timeoutMs is outcome-unknown at once, never resent', async () => {
    vi.useFakeTimers()
    const { fetch, sent } = recorder(() => new Promise<Response>(() => undefined))
    const error = send(fetch, { timeoutMs: 5_000, transaction: 'sig' }).catch((e: unknown) => e)
    await vi.advanceTimersByTimeAsync(4_999)
    expect(sent).toHaveLength(1)
    await vi.advanceTimersByTimeAsync(1)
    const outcome = (await error) as OutcomeUnknownError
    expect(outcome).toBeInstanceOf(OutcomeUnknownError)
    expect(outcome.cause).toBeInstanceOf(RequestTimeoutError)
    expect(outcome.details).toBe('No answer within 5000 ms after the payment was sent.')
    expect(outcome.transaction).toBe('sig')
    expect(sent).toHaveLength(1)
  })
})

describe('sendPaidRequest: redirects, within the origin only (SPEC §5.4)', () => {
  test('follows a same-origin 307 with method, body and payment', async () => {
    const { fetch, sent } = recorder((_s, index) =>
      index === 0 ? redirect(307, '/paid') : new Response('ok'),
    )
    expect((await send(fetch)).status).toBe(200)
    expect(sent[1]).toEqual({
      url: 'https://shop.example/paid',
      method: 'POST',
      body: '{"item":1}',
      payment: 'signed',
      redirect: 'manual',
    })
  })

  test('303 always, and 301/302 after a POST, become a GET without a body', async () => {
    for (const status of [301, 302, 303]) {
      const { fetch, sent } = recorder((_s, index) =>
        index === 0 ? redirect(status, '/next') : new Response('ok'),
      )
      await send(fetch)
      expect(sent[1], String(status)).toMatchObject({ method: 'GET', body: undefined })
    }
    // A 301 of a PUT, or a 308 of a POST, keeps its method and body.
    for (const [status, method] of [
      [301, 'PUT'],
      [302, 'PUT'],
      [308, 'POST'],
    ] as const) {
      const { fetch, sent } = recorder((_s, index) =>
        index === 0 ? redirect(status, '/next') : new Response('ok'),
      )
      await send(fetch, { snapshot: snapshot({ method }) })
      expect(sent[1], `${status} ${method}`).toMatchObject({ method, body: '{"item":1}' })
    }
    // A 303 of a GET stays a GET.
    const { fetch, sent } = recorder((_s, index) =>
      index === 0 ? redirect(303, '/next') : new Response('ok'),
    )
    await send(fetch, { snapshot: snapshot({ method: 'GET', body: undefined }) })
    expect(sent[1]).toMatchObject({ method: 'GET', body: undefined })
  })

  test('never sends the payment to another origin, and does not resend', async () => {
    const { fetch, sent } = recorder(() => redirect(302, 'https://evil.example/take'))
    const error = await send(fetch).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(CrossOriginRedirectError)
    expect(sent.map((s) => s.url)).toEqual(['https://shop.example/buy'])
  })

  test('another port or scheme is another origin', async () => {
    for (const location of ['https://shop.example:8443/x', 'http://shop.example/x']) {
      const { fetch, sent } = recorder(() => redirect(307, location))
      await expect(send(fetch)).rejects.toBeInstanceOf(CrossOriginRedirectError)
      expect(sent, location).toHaveLength(1)
    }
  })

  test('a redirect status without Location, or another 3xx, is the answer', async () => {
    for (const response of [redirect(302), redirect(304, '/x'), redirect(300, '/x')]) {
      const { fetch, sent } = recorder(() => response)
      expect((await send(fetch)).status).toBe(response.status)
      expect(sent).toHaveLength(1)
    }
  })

  test('five redirects are followed, a sixth is outcome-unknown', async () => {
    const five = recorder((_s, index) =>
      index < 5 ? redirect(307, `/${index}`) : new Response('ok'),
    )
    expect((await send(five.fetch)).status).toBe(200)
    expect(five.sent).toHaveLength(6)
    const endless = recorder((_s, index) => redirect(307, `/${index}`))
    const error = await send(endless.fetch).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(OutcomeUnknownError)
    expect((error as OutcomeUnknownError).details).toBe(
      'More than 5 redirects after the payment was sent.',
    )
    expect(endless.sent).toHaveLength(6)
  })

  test('a redirect the browser hides (opaqueredirect) is outcome-unknown, not resent', async () => {
    const opaque = { type: 'opaqueredirect', status: 0, headers: new Headers() } as Response
    const { fetch, sent } = recorder(() => opaque)
    const error = await send(fetch).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(OutcomeUnknownError)
    expect((error as OutcomeUnknownError).details).toBe(
      'The server redirected the paid request and the browser hides where to.',
    )
    expect(sent).toHaveLength(1)
  })
})
