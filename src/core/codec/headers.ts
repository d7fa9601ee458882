import { isLosslessNumber } from '../parse/losslessNumber.js'
import type { Protocol } from '../types.js'
import { encodeBase64 } from './base64Json.js'

/** Header names of each dialect (protocols.md §0). */
export const headerNames = {
  /** x402 v2 sends its requirements in this header. */
  paymentRequired: 'PAYMENT-REQUIRED',
  /** x402 v2 payment header. */
  paymentSignature: 'PAYMENT-SIGNATURE',
  /** x402 v1 and h402 payment header. */
  xPayment: 'X-PAYMENT',
  /** x402 v2 settlement header. */
  paymentResponse: 'PAYMENT-RESPONSE',
  /** x402 v1 and h402 settlement header. */
  xPaymentResponse: 'X-PAYMENT-RESPONSE',
} as const

/** The request header a dialect reads the payment from. */
export function paymentHeaderName(protocol: Protocol): string {
  return protocol === 'x402-v2' ? headerNames.paymentSignature : headerNames.xPayment
}

/**
 * Encodes a payment payload into the header its dialect expects: base64 of its UTF-8 JSON, with
 * bigints as decimal strings and lossless-json numbers (an exact echo of the server's) verbatim.
 */
export function encodePaymentHeader(
  protocol: Protocol,
  payload: unknown,
): { name: string; value: string } {
  let exact = false
  let json: string | undefined = JSON.stringify(payload, (_key, value: unknown) => {
    if (isLosslessNumber(value)) exact = true
    return typeof value === 'bigint' ? value.toString() : value
  })
  if (exact) json = stringifyExact(payload)
  return {
    name: paymentHeaderName(protocol),
    value: encodeBase64(new TextEncoder().encode(json ?? 'null')),
  }
}

/**
 * JSON with lossless-json numbers written as their text: each becomes a string between two
 * copies of a random marker (no server can put one in its own strings), then the quotes and
 * markers around it are dropped.
 */
function stringifyExact(payload: unknown): string | undefined {
  const bytes = crypto.getRandomValues(new Uint8Array(16))
  const marker = `~${Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('')}~`
  const json = JSON.stringify(payload, (_key, value: unknown) =>
    isLosslessNumber(value)
      ? `${marker}${numberText(value.value)}${marker}`
      : typeof value === 'bigint'
        ? value.toString()
        : value,
  )
  return json?.replace(new RegExp(`"${marker}([^"]*)${marker}"`, 'g'), '$1')
}

const jsonNumber = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/

/** A lossless number's text, checked to be a JSON number (it is spliced into the JSON as is). */
function numberText(text: string): string {
  if (!jsonNumber.test(text)) throw new TypeError(`Not a JSON number: ${text.slice(0, 40)}`)
  return text
}

/** Every payment request header, for stripping them (e.g. before a cross-origin redirect). */
export const paymentRequestHeaderNames: readonly string[] = [
  headerNames.paymentSignature,
  headerNames.xPayment,
]
