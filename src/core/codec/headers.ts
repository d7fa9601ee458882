import { isLosslessNumber, loadedLosslessJson } from '../parse/losslessNumber.js'
import type { Protocol } from '../types.js'
import { encodeBase64Text } from './base64Json.js'

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
 * bigints as decimal strings and lossless-json numbers (an exact echo of the server's, from a 402
 * the kit parsed) verbatim.
 */
export function encodePaymentHeader(
  protocol: Protocol,
  payload: unknown,
): { name: string; value: string } {
  return { name: paymentHeaderName(protocol), value: encodeBase64Text(paymentJson(payload)) }
}

function paymentJson(payload: unknown): string {
  // Without lossless-json loaded, no number of the kit's needs its text: JSON.stringify alone
  // writes the tree, several times faster than with a replacer; it throws for a bigint.
  if (!loadedLosslessJson())
    try {
      return JSON.stringify(payload) ?? 'null'
    } catch {}
  let exact = false
  let json: string | undefined = JSON.stringify(payload, (_key, value: unknown) => {
    if (isLosslessNumber(value)) exact = true
    return bigintAsText(_key, value)
  })
  if (exact) {
    const losslessJson = loadedLosslessJson()
    if (!losslessJson) throw new TypeError('A lossless number that the kit did not parse.')
    json = losslessJson.stringify(payload, bigintAsText)
  }
  return json ?? 'null'
}

function bigintAsText(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? value.toString() : value
}

/** Every payment request header, for stripping them (e.g. before a cross-origin redirect). */
export const paymentRequestHeaderNames: readonly string[] = [
  headerNames.paymentSignature,
  headerNames.xPayment,
]
