import { encodeBase64Json } from '../../../src/core/codec/base64Json.js'
import { type Quote, quote } from '../quote.js'

/** An x402 v2 402 (`PAYMENT-REQUIRED` header) on the local chain with one `accepts` entry. */
export function x402V2Quote(entry: Record<string, unknown>): Promise<Quote> {
  const document = {
    x402Version: 2,
    resource: { url: 'http://127.0.0.1/paid' },
    accepts: [{ scheme: 'exact', network: 'eip155:31337', maxTimeoutSeconds: 120, ...entry }],
  }
  return quote(
    new Response('{}', {
      status: 402,
      headers: { 'PAYMENT-REQUIRED': encodeBase64Json(document) },
    }),
  )
}

/** An x402 v1 402 on the local chain (v1 name `hardhat`). */
export function x402V1Quote(entry: Record<string, unknown>): Promise<Quote> {
  const body = {
    x402Version: 1,
    accepts: [
      {
        scheme: 'exact',
        network: 'hardhat',
        resource: 'http://127.0.0.1/paid',
        description: 'Paid data',
        mimeType: 'application/json',
        maxTimeoutSeconds: 60,
        ...entry,
      },
    ],
  }
  return quote(new Response(JSON.stringify(body), { status: 402 }))
}

/** An h402 402 on the local chain, amounts in atomic units. */
export function h402Quote(entry: Record<string, unknown>): Promise<Quote> {
  const body = {
    h402Version: 1,
    accepts: [
      {
        namespace: 'evm',
        networkId: '31337',
        amountRequiredFormat: 'smallestUnit',
        scheme: 'exact',
        resource: 'http://127.0.0.1/image?prompt=cat',
        ...entry,
      },
    ],
  }
  return quote(new Response(JSON.stringify(body), { status: 402 }))
}

export { contextFor, type Quote } from '../quote.js'
