import http from 'node:http'
import { decodeBase64Json, encodeBase64Json, isRecord, jsonDeepEqual } from '../common/encoding.js'
import { listenHttp, postJson, type RunningHttpServer, readBody, sendJson } from '../common/http.js'
import {
  buildAccepts,
  type Dialect,
  type RouteDef,
  routeDefs,
  type ServerChains,
} from './routes.js'

/** Faults applied to every paid request of a server instance (the `/fault/<name>/…` paths apply one per request). */
export interface ServerFaults {
  /** Destroy the connection after verifying, before settling: nothing was paid, the client sees a network error. */
  dropBeforeSettle?: boolean
  /** Destroy the connection after settling: the payment happened, the client never hears of it. */
  dropAfterSettle?: boolean
  /** Answer 500 after settling (no settlement header). */
  errorAfterSettle?: boolean
  /** Answer a paid request with a 307 to the other origin, after settling. */
  redirectAfterPayment?: boolean
}

export interface DemoServerOptions extends ServerChains {
  facilitatorUrl: string
  /** Port to listen on; a free one when omitted. */
  port?: number
  /** Port of the "other origin" used by redirect routes; a free one when omitted. */
  otherOriginPort?: number
  /** `maxTimeoutSeconds` (x402) / `estimatedProcessingTime` (h402) of every route; default 60. */
  maxTimeoutSeconds?: number
  /** The value used by `/fault/short-timeout/…` routes; default 10 (x402's facilitator wants ≥ 6 s left). */
  shortTimeoutSeconds?: number
  faults?: ServerFaults
  /**
   * h402 Express/Hono send no `X-PAYMENT-RESPONSE` for payments the client broadcast itself (verify
   * type "transaction"). Default false: send one like h402-next does. Settlement (which marks the
   * hash as used) happens either way.
   */
  h402OmitBroadcastReceipt?: boolean
  /**
   * Refuse an h402 payment (verification or settlement failed) as h402's Express middleware
   * does: `"error": {}`, the JSON of an `Error` (bit-gpt/h402
   * typescript/packages/h402-express/src/index.ts). Default false: the facilitator's reason.
   */
  h402EmptyRefusals?: boolean
}

export interface RouteInfo {
  path: string
  url: string
  dialect: Dialect
  description: string
}

export interface RequestLogEntry {
  origin: 'main' | 'other'
  method: string
  path: string
  headers: Record<string, string | string[] | undefined>
}

export interface DemoServer {
  url: string
  /** A second listener on another port, for redirect tests: same routes, logged as origin "other". */
  otherOriginUrl: string
  routes: RouteInfo[]
  /** Mutable: change faults between requests. */
  faults: ServerFaults
  /** Every request both origins received (also served as JSON at `GET /_requests`, cleared by `DELETE`). */
  requests: RequestLogEntry[]
  stop(): Promise<void>
}

const FAULT_PREFIXES = {
  'drop-before-settle': { dropBeforeSettle: true },
  'drop-after-settle': { dropAfterSettle: true },
  'error-after-settle': { errorAfterSettle: true },
  'redirect-after-payment': { redirectAfterPayment: true },
  'short-timeout': {},
} as const satisfies Record<string, ServerFaults>

const CORS_HEADERS = {
  'Access-Control-Allow-Methods': 'GET, POST, PUT, PATCH, DELETE, OPTIONS',
  'Access-Control-Expose-Headers': 'PAYMENT-REQUIRED, PAYMENT-RESPONSE, X-PAYMENT-RESPONSE',
  'Access-Control-Max-Age': '600',
}

/**
 * The demo resource server: one route per dialect × chain × payment kind, answering exactly as each
 * dialect's reference middleware does, verifying and settling through the facilitator.
 */
export async function startDemoServer(options: DemoServerOptions): Promise<DemoServer> {
  const routes = routeDefs(options)
  const byPath = new Map(routes.map((r) => [r.path, r]))
  const maxTimeoutSeconds = options.maxTimeoutSeconds ?? 60
  const shortTimeoutSeconds = options.shortTimeoutSeconds ?? 10
  const state: DemoServer = {
    url: '',
    otherOriginUrl: '',
    routes: [],
    faults: { ...options.faults },
    requests: [],
    stop: async () => undefined,
  }

  const handler =
    (origin: 'main' | 'other') => (req: http.IncomingMessage, res: http.ServerResponse) => {
      serve(origin, req, res).catch((error) => {
        if (!res.headersSent) sendJson(res, 500, { error: String(error) })
        else res.destroy()
      })
    }

  const serve = async (
    origin: 'main' | 'other',
    req: http.IncomingMessage,
    res: http.ServerResponse,
  ) => {
    const url = new URL(req.url ?? '/', `http://${req.headers.host ?? '127.0.0.1'}`)
    const method = req.method ?? 'GET'
    const cors = {
      ...CORS_HEADERS,
      'Access-Control-Allow-Origin':
        typeof req.headers.origin === 'string' ? req.headers.origin : '*',
      Vary: 'Origin',
    }
    for (const [name, value] of Object.entries(cors)) res.setHeader(name, value)
    if (method === 'OPTIONS') {
      res.writeHead(204, {
        'Access-Control-Allow-Headers':
          req.headers['access-control-request-headers'] ??
          'Content-Type, X-PAYMENT, PAYMENT-SIGNATURE',
      })
      res.end()
      return
    }
    if (url.pathname === '/_requests') {
      if (method === 'DELETE') state.requests.length = 0
      sendJson(res, 200, state.requests)
      return
    }
    state.requests.push({
      origin,
      method,
      path: url.pathname + url.search,
      headers: { ...req.headers },
    })

    if (url.pathname === '/' || url.pathname === '/routes') {
      sendJson(res, 200, { routes: state.routes })
      return
    }
    if (url.pathname === '/health') {
      sendJson(res, 200, { status: 'ok' })
      return
    }
    const body = await readBody(req)
    if (url.pathname === '/free') {
      sendJson(res, 200, { ok: true, paid: false, method, body: body.toString('utf8') })
      return
    }

    // `/redirect/<route>`: the unpaid request is sent to the other origin's copy of the route.
    if (url.pathname.startsWith('/redirect/')) {
      const target = `${state.otherOriginUrl}${url.pathname.slice('/redirect'.length)}${url.search}`
      res.writeHead(307, { Location: target })
      res.end()
      return
    }

    let path = url.pathname
    let faults: ServerFaults = state.faults
    let timeout = maxTimeoutSeconds
    const fault = /^\/fault\/([a-z-]+)(\/.*)$/.exec(path)
    if (fault) {
      const name = fault[1] as keyof typeof FAULT_PREFIXES
      if (!(name in FAULT_PREFIXES)) {
        sendJson(res, 404, { error: `unknown fault ${name}` })
        return
      }
      faults = { ...faults, ...FAULT_PREFIXES[name] }
      if (name === 'short-timeout') timeout = shortTimeoutSeconds
      path = fault[2] ?? ''
    }
    const route = byPath.get(path)
    if (!route) {
      sendJson(res, 404, { error: `no route ${path}` })
      return
    }
    const resource = `${url.origin}${url.pathname}${url.search}`
    const accepts = buildAccepts(route, options, resource, timeout)
    await payAndServe({ req, res, route, accepts, resource, faults, method, body, origin })
  }

  const send402 = (
    res: http.ServerResponse,
    route: RouteDef,
    accepts: unknown[],
    resource: string,
    error: string,
  ) => {
    if (route.dialect === 'h402-v1' && options.h402EmptyRefusals && isRefusal(error)) {
      sendJson(res, 402, { h402Version: 1, error: {}, accepts })
      return
    }
    if (route.dialect === 'x402-v2') {
      const paymentRequired = {
        x402Version: 2,
        error,
        resource: { url: resource, description: route.description, mimeType: 'application/json' },
        accepts,
      }
      sendJson(res, 402, {}, { 'PAYMENT-REQUIRED': encodeBase64Json(paymentRequired) })
    } else if (route.dialect === 'x402-v1') {
      sendJson(res, 402, { x402Version: 1, error, accepts })
    } else {
      sendJson(res, 402, { h402Version: 1, error, accepts })
    }
  }

  const payAndServe = async (ctx: {
    req: http.IncomingMessage
    res: http.ServerResponse
    route: RouteDef
    accepts: Record<string, unknown>[]
    resource: string
    faults: ServerFaults
    method: string
    body: Buffer
    origin: 'main' | 'other'
  }) => {
    const { req, res, route, accepts, resource, faults } = ctx
    const dialect = route.dialect
    const headerName = dialect === 'x402-v2' ? 'payment-signature' : 'x-payment'
    const header = req.headers[headerName]
    if (typeof header !== 'string' || header === '') {
      send402(
        res,
        route,
        accepts,
        resource,
        dialect === 'x402-v2' ? 'Payment required' : 'X-PAYMENT header is required',
      )
      return
    }
    let payment: Record<string, unknown>
    try {
      const decoded = decodeBase64Json(header)
      if (!isRecord(decoded)) throw new Error('not an object')
      payment = decoded
    } catch {
      send402(res, route, accepts, resource, `Invalid ${headerName.toUpperCase()} header`)
      return
    }

    // Which requirement was paid. v2 matches by deep equality of `accepted` (x402ResourceServer's rule);
    // v1 and h402 payloads do not say which asset they pay, so every option on the payload's network is
    // a candidate and the first that verifies wins.
    const candidates = accepts.filter((a) => {
      if (dialect === 'x402-v2') return jsonDeepEqual(a, payment.accepted)
      if (dialect === 'x402-v1') return a.scheme === payment.scheme && a.network === payment.network
      return (
        a.scheme === payment.scheme &&
        a.namespace === payment.namespace &&
        a.networkId === payment.networkId
      )
    })
    if (candidates.length === 0) {
      send402(
        res,
        route,
        accepts,
        resource,
        dialect === 'x402-v2'
          ? 'No matching payment requirements'
          : 'Unable to find matching payment requirements',
      )
      return
    }
    const facilitatorBody = (requirements: unknown) =>
      dialect === 'h402-v1'
        ? { payload: header, paymentRequirements: requirements }
        : {
            x402Version: dialect === 'x402-v1' ? 1 : 2,
            paymentPayload: payment,
            paymentRequirements: requirements,
          }

    let requirements: Record<string, unknown> | undefined
    let verification: Record<string, unknown> = {}
    for (const candidate of candidates) {
      try {
        verification = await postJson<Record<string, unknown>>(
          `${options.facilitatorUrl}/verify`,
          facilitatorBody(candidate),
        )
      } catch (error) {
        send402(res, route, accepts, resource, `verification failed: ${String(error)}`)
        return
      }
      if (verification.isValid === true) {
        requirements = candidate
        break
      }
    }
    if (!requirements) {
      send402(
        res,
        route,
        accepts,
        resource,
        String(verification.invalidReason ?? 'invalid payment'),
      )
      return
    }
    if (faults.dropBeforeSettle) {
      req.socket.destroy()
      return
    }

    let settlement: Record<string, unknown>
    try {
      settlement = await postJson<Record<string, unknown>>(
        `${options.facilitatorUrl}/settle`,
        facilitatorBody(requirements),
      )
    } catch (error) {
      send402(res, route, accepts, resource, `settlement failed: ${String(error)}`)
      return
    }
    if (settlement.success !== true) {
      const reason = String(settlement.errorReason ?? 'settlement failed')
      if (dialect === 'x402-v2') {
        sendJson(
          res,
          402,
          {},
          {
            'PAYMENT-RESPONSE': encodeBase64Json({
              ...settlement,
              transaction: settlement.transaction ?? '',
            }),
          },
        )
      } else if (dialect === 'x402-v1') {
        sendJson(
          res,
          402,
          { x402Version: 1, error: reason, accepts },
          { 'X-PAYMENT-RESPONSE': encodeBase64Json(settlement) },
        )
      } else {
        sendJson(res, 402, {
          h402Version: 1,
          error: options.h402EmptyRefusals ? {} : reason,
          accepts,
        })
      }
      return
    }
    if (faults.dropAfterSettle) {
      req.socket.destroy()
      return
    }
    if (faults.errorAfterSettle) {
      sendJson(res, 500, { error: 'injected failure after settlement' })
      return
    }
    if (faults.redirectAfterPayment) {
      res.writeHead(307, { Location: `${state.otherOriginUrl}/free` })
      res.end()
      return
    }

    const headers: Record<string, string> = {}
    const receipt =
      dialect === 'h402-v1'
        ? {
            success: true,
            transaction: settlement.transaction,
            namespace: settlement.namespace,
            payer: settlement.payer,
          }
        : {
            success: true,
            transaction: settlement.transaction,
            network: settlement.network,
            payer: settlement.payer,
          }
    const broadcast = dialect === 'h402-v1' && verification.type === 'transaction'
    if (!(broadcast && options.h402OmitBroadcastReceipt)) {
      headers[dialect === 'x402-v2' ? 'PAYMENT-RESPONSE' : 'X-PAYMENT-RESPONSE'] =
        encodeBase64Json(receipt)
    }
    sendJson(
      res,
      200,
      {
        ok: true,
        paid: true,
        route: route.path,
        dialect,
        origin: ctx.origin,
        method: ctx.method,
        contentType: req.headers['content-type'] ?? null,
        body: ctx.body.toString('utf8'),
        payer: settlement.payer,
        transaction: settlement.transaction,
        paidWith: requirements,
      },
      headers,
    )
  }

  const servers: RunningHttpServer[] = []
  try {
    const main = await listenHttp(http.createServer(handler('main')), options.port ?? 0)
    servers.push(main)
    const other = await listenHttp(
      http.createServer(handler('other')),
      options.otherOriginPort ?? 0,
    )
    servers.push(other)
    state.url = main.url
    state.otherOriginUrl = other.url
  } catch (error) {
    await Promise.all(servers.map((s) => s.close()))
    throw error
  }
  state.routes = routes.map((r) => ({
    path: r.path,
    url: `${state.url}${r.path}`,
    dialect: r.dialect,
    description: r.description,
  }))
  state.stop = async () => {
    await Promise.all(servers.map((s) => s.close()))
  }
  return state
}

/** The 402s h402's middleware sends with an `Error` (so `{}`): a failed verification or settlement. */
function isRefusal(error: string): boolean {
  return (
    !['X-PAYMENT header is required', 'Invalid X-PAYMENT header'].includes(error) &&
    error !== 'Unable to find matching payment requirements'
  )
}
