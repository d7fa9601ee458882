import { exactOf } from '../parse/exactJson.js'
import { field } from '../parse/parseJson.js'
import type { PreparedPayment } from '../payer.js'
import type { PaymentOption, PaymentRequired } from '../types.js'

/**
 * Wraps a chain adapter's scheme payload in the envelope of the option's dialect
 * (protocols.md §1.4). x402 v2 echoes the chosen `accepts` entry verbatim as `accepted`, with the
 * server's `resource` and `extensions`, because v2 servers match by deep equality. Numbers that
 * `JSON.parse` would round (above 2^53) are echoed as the server wrote them: such parts come back
 * as lossless-json trees, which `encodePaymentHeader` writes out exactly.
 */
export function buildPaymentPayload(
  paymentRequired: PaymentRequired,
  option: PaymentOption,
  payment: PreparedPayment,
): Record<string, unknown> {
  if (option.protocol === 'x402-v1')
    return {
      x402Version: 1,
      scheme: option.scheme,
      network: field(option.raw, 'network'),
      payload: payment.payload,
    }
  if (option.protocol === 'x402-v2') {
    const envelope: Record<string, unknown> = { x402Version: 2 }
    const resource = field(paymentRequired.raw, 'resource')
    if (resource !== undefined) envelope.resource = exactOf(resource)
    envelope.accepted = exactOf(option.raw)
    envelope.payload = payment.payload
    const extensions = field(paymentRequired.raw, 'extensions')
    if (extensions !== undefined) envelope.extensions = exactOf(extensions)
    return envelope
  }
  const networkId = field(option.raw, 'networkId')
  const envelope: Record<string, unknown> = {
    h402Version: 1,
    scheme: option.scheme,
    namespace: field(option.raw, 'namespace'),
    networkId: typeof networkId === 'number' ? String(networkId) : networkId,
  }
  // h402 servers (and facilitators) match the payment to the requirement by `resource`.
  if (option.resource !== undefined) envelope.resource = option.resource
  envelope.payload = payment.payload
  return envelope
}
