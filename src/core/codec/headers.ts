import { isLosslessNumber } from '../parse/losslessNumber.js'
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
  // Nearly every payload has no number that needs its text: JSON.stringify alone writes it,
  // several times faster than with a replacer. It throws for a bigint, and writes a lossless-json
  // number as the object it is, `{"value":"…","isLosslessNumber":true}`: then the replacer.
  try {
    const json = JSON.stringify(payload) ?? 'null'
    if (!json.includes(losslessObject)) return json
  } catch {}
  let exact = false
  const json = JSON.stringify(payload, (_key, value: unknown) => {
    if (isLosslessNumber(value)) {
      // An exact echo of the server's number (or a payer's own): written as its text, whether or
      // not the kit has lossless-json loaded, and only if it is a JSON number.
      if (!jsonNumber.test(value.value))
        throw new TypeError(`Not a JSON number: ${JSON.stringify(value.value)}.`)
      exact = true
      return `${numberMark}${value.value}`
    }
    return typeof value === 'bigint' ? value.toString() : value
  })
  // Not undefined: a payload JSON writes as nothing took the path above.
  return exact ? json.replace(markedNumber, '$1') : json
}

const losslessObject = '"isLosslessNumber":true'
const jsonNumber = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/
// A mark no payload can hold, even a server's string it echoes: a NUL (which JSON writes as
// \u0000) and a random tag. The replacer's marked strings are then taken out with their quotes.
const tag = Math.random().toString(36).slice(2)
const numberMark = `\u0000${tag}:`
const markedNumber = new RegExp(`"\\\\u0000${tag}:(-?[0-9][0-9.eE+-]*)"`, 'g')

/** Every payment request header, for stripping them (e.g. before a cross-origin redirect). */
export const paymentRequestHeaderNames: readonly string[] = [
  headerNames.paymentSignature,
  headerNames.xPayment,
]
