/**
 * What a {@link mockServer} does with a paid request. `'settle'`: moves the money and answers
 * 200 with a receipt. `'refuse'`: answers 402, nothing moves. `'settle-then-refuse'`: moves the
 * money and answers 402 anyway (a hostile or buggy server). `'settle-then-fail'`: moves it and
 * answers 500. `'drop'`: the connection drops before anything moves. `'settle-then-drop'`: it
 * drops after the money moved. `'hang'`: no answer until the request is aborted.
 */
export type MockServerAnswer =
  | 'settle'
  | 'refuse'
  | 'settle-then-refuse'
  | 'settle-then-fail'
  | 'drop'
  | 'settle-then-drop'
  | 'hang'

/** Options of {@link mockServer}. */
export interface MockServerOptions {
  /** The x402 v2 `accepts` entries of each 402 (a function: a new quote per request). */
  accepts?: readonly Record<string, unknown>[] | (() => readonly Record<string, unknown>[])
  /**
   * What the paid requests get: one answer, a list in order (the last one repeats), or a
   * function asked at each paid request. Default `'settle'`.
   */
  answers?: MockServerAnswer | readonly MockServerAnswer[] | (() => MockServerAnswer)
}

/** A request the {@link mockServer} received. */
export interface MockServerRequest {
  url: string
  method: string
  /** The `PAYMENT-SIGNATURE` (or `X-PAYMENT`) header, when there was one. */
  payment: string | undefined
}

/** An in-process x402 v2 resource server: a `fetch` function, and what it saw and settled. */
export interface MockServer {
  /** Pass it as the session's (or `createH402Fetch`'s) `fetch`. No network is used. */
  fetch: typeof globalThis.fetch
  /** Every request, in order. */
  readonly requests: MockServerRequest[]
  /** The payment headers whose money moved, each once (a settled payload cannot settle again). */
  readonly settled: string[]
}

/** Base USDC, 0.01, to a fixed payee: the default quote. */
export const mockAccepts: readonly Record<string, unknown>[] = [
  {
    scheme: 'exact',
    network: 'eip155:8453',
    amount: '10000',
    asset: '0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913',
    payTo: '0x209693Bc6afc0C5328bA36FaF03C514EF312287C',
    maxTimeoutSeconds: 60,
    extra: { name: 'USD Coin', version: '2' },
  },
]

/**
 * A 402 resource server for tests and stories, as a `fetch` function: every request without a
 * payment header gets an x402 v2 402; a paid one gets the scripted answer. A payload that
 * settled once is refused after (as a used EIP-3009 nonce is), so `settled` counts transfers.
 */
export function mockServer(options: MockServerOptions = {}): MockServer {
  const requests: MockServerRequest[] = []
  const settled: string[] = []
  const answers = options.answers ?? 'settle'
  let paid = 0
  const fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init)
    const signal = init?.signal ?? undefined
    signal?.throwIfAborted()
    const payment =
      request.headers.get('PAYMENT-SIGNATURE') ?? request.headers.get('X-PAYMENT') ?? undefined
    requests.push({ url: request.url, method: request.method, payment })
    if (payment === undefined) {
      const accepts = typeof options.accepts === 'function' ? options.accepts() : options.accepts
      const document = {
        x402Version: 2,
        resource: { url: request.url },
        accepts: accepts ?? mockAccepts,
      }
      return new Response('{}', {
        status: 402,
        headers: { 'PAYMENT-REQUIRED': encodeBase64Json(document) },
      })
    }
    const answer =
      typeof answers === 'string'
        ? answers
        : typeof answers === 'function'
          ? answers()
          : (answers[Math.min(paid, answers.length - 1)] ?? 'settle')
    paid++
    const settle = () => {
      if (settled.includes(payment)) return false
      settled.push(payment)
      return true
    }
    switch (answer) {
      case 'hang':
        return new Promise((_, reject) => {
          signal?.addEventListener('abort', () => reject(signal.reason), { once: true })
        })
      case 'drop':
        throw new TypeError('fetch failed')
      case 'settle-then-drop':
        settle()
        throw new TypeError('fetch failed')
      case 'refuse':
        return refusal('invalid_payload')
      case 'settle-then-refuse':
        settle()
        return refusal('invalid_payload')
      case 'settle-then-fail':
        settle()
        return new Response('oops', { status: 500 })
      default: {
        if (!settle()) return refusal('nonce_already_used')
        const accepted = (decodeBase64Json(payment) as { accepted?: { network?: string } }).accepted
        return new Response(JSON.stringify({ paid: true }), {
          status: 200,
          headers: {
            'content-type': 'application/json',
            'PAYMENT-RESPONSE': encodeBase64Json({
              success: true,
              transaction: `0x${settled.length.toString(16).padStart(64, '0')}`,
              network: accepted?.network ?? 'eip155:8453',
            }),
          },
        })
      }
    }
  }
  return { fetch: fetch as typeof globalThis.fetch, requests, settled }
}

function refusal(error: string): Response {
  const document = { x402Version: 2, error, accepts: mockAccepts }
  return new Response('{}', {
    status: 402,
    headers: { 'PAYMENT-REQUIRED': encodeBase64Json(document) },
  })
}

// Self-contained (no core codec) so the testing entry stays small: UTF-8 JSON in base64.
function encodeBase64Json(value: unknown): string {
  let binary = ''
  for (const byte of new TextEncoder().encode(JSON.stringify(value)))
    binary += String.fromCharCode(byte)
  return btoa(binary)
}

function decodeBase64Json(text: string): unknown {
  return JSON.parse(new TextDecoder().decode(Uint8Array.from(atob(text), (c) => c.charCodeAt(0))))
}
