import {
  CrossOriginRedirectError,
  OutcomeUnknownError,
  RequestTimeoutError,
} from '../errors/payment.js'
import { type Deadline, deadline } from './deadline.js'
import { type RequestSnapshot, requestInit } from './requestSnapshot.js'

/** How a paid request is sent. */
export interface SendPaidRequestParameters {
  fetch: typeof globalThis.fetch
  snapshot: RequestSnapshot
  /** The payment header (name and encoded value). */
  header: { name: string; value: string }
  /** Unix seconds after which the payload is refused: no resend after it. */
  validBefore?: number | undefined
  /** Transaction hash or signature already known, for the outcome-unknown error. */
  transaction?: string | undefined
  /** Current time in ms. */
  now: () => number
  /** Resends of the same payload after a transport failure. */
  maxResends: number
  /** Base delay between resends, in ms (doubles each time). */
  resendDelayMs: number
  /** Longest wait for each send's answer (its headers), in ms. */
  timeoutMs: number
  /** Called before each send (1 for the first). */
  onAttempt?: (attempt: number) => void
}

const redirectStatuses = new Set([301, 302, 303, 307, 308])
const maxRedirects = 5
// A resend needs this much validity left to reach the server and be verified in time.
const resendMarginSeconds = 6

/**
 * Sends the paid request. A transport failure (no answer at all) resends the very same signed
 * payload while it is still valid, never a new signature (SPEC §5.2). Redirects are followed by
 * hand and only within the origin: the payment header never goes to another origin (§5.4,
 * mppx#893). When no answer arrives, the outcome is unknown: the server may have settled. A send
 * that gets no answer within `timeoutMs` is not resent (the server may be settling it): it is
 * `outcome-unknown` at once, so the call always ends.
 */
export async function sendPaidRequest(parameters: SendPaidRequestParameters): Promise<Response> {
  const { fetch, snapshot, header, now, maxResends } = parameters
  let lastError: unknown
  for (let attempt = 1; attempt <= maxResends + 1; attempt++) {
    if (attempt > 1) {
      const validBefore = parameters.validBefore
      if (validBefore !== undefined && now() / 1000 >= validBefore - resendMarginSeconds) break
      await delay(parameters.resendDelayMs * 2 ** (attempt - 2), snapshot.init.signal)
    }
    parameters.onAttempt?.(attempt)
    const limit = deadline(parameters.timeoutMs, [snapshot.init.signal], snapshot.init.signal)
    try {
      return await followSameOrigin(fetch, snapshot, header, limit)
    } catch (error) {
      if (error instanceof CrossOriginRedirectError || error instanceof OutcomeUnknownError)
        throw error
      if (limit.timedOut)
        throw new OutcomeUnknownError({
          cause: new RequestTimeoutError({ timeoutMs: parameters.timeoutMs }),
          transaction: parameters.transaction,
          details: `No answer within ${parameters.timeoutMs} ms after the payment was sent.`,
        })
      lastError = error
      if (snapshot.init.signal?.aborted) break
    } finally {
      limit.clear()
    }
  }
  throw new OutcomeUnknownError({
    cause: lastError,
    transaction: parameters.transaction,
    details: 'No answer came back after the payment was sent.',
  })
}

async function followSameOrigin(
  fetch: typeof globalThis.fetch,
  snapshot: RequestSnapshot,
  header: { name: string; value: string },
  limit: Deadline,
): Promise<Response> {
  let current = snapshot
  for (let hop = 0; hop <= maxRedirects; hop++) {
    const init = requestInit(current, header)
    init.redirect = 'manual'
    init.signal = limit.signal
    // Raced: a `fetch` that ignores its signal (a custom one) must not hold the call open.
    const response = await limit.race(fetch(current.url, init))
    if (response.type === 'opaqueredirect')
      throw new OutcomeUnknownError({
        details: 'The server redirected the paid request and the browser hides where to.',
      })
    if (!redirectStatuses.has(response.status)) return response
    const location = response.headers.get('location')
    if (!location) return response
    const target = new URL(location, current.url)
    if (target.origin !== new URL(current.url).origin)
      throw new CrossOriginRedirectError({ from: current.url, to: target.href })
    // Fetch semantics: 303 (and 301/302 after a POST) become a GET without a body.
    const toGet =
      response.status === 303 ||
      ((response.status === 301 || response.status === 302) && current.method === 'POST')
    current = toGet
      ? { ...current, url: target.href, method: 'GET', body: undefined }
      : { ...current, url: target.href }
    await response.body?.cancel().catch(() => {})
  }
  throw new OutcomeUnknownError({
    details: `More than ${maxRedirects} redirects after the payment was sent.`,
  })
}

/** Waits `ms`, or less when `signal` aborts; no timer or listener outlives it. */
async function delay(ms: number, signal: AbortSignal | null | undefined): Promise<void> {
  if (ms <= 0) return
  const wait = deadline(ms, [signal])
  await wait.race(new Promise(() => {})).catch(() => {})
  wait.clear()
}
