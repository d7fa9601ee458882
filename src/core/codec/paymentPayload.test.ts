import { describe, expect, test } from 'vitest'
import { parsePaymentRequired } from '../parsePaymentRequired.js'
import type { PreparedPayment } from '../payer.js'
import { decodeBase64Json, decodeBase64Text, encodeBase64Json } from './base64Json.js'
import { encodePaymentHeader } from './headers.js'
import { buildPaymentPayload } from './paymentPayload.js'

// The envelope each dialect's server reads (protocols.md §1.4), built from a parsed 402.
const payment: PreparedPayment = {
  kind: 'authorization',
  payload: { signature: '0xsig', authorization: { value: '10000' } },
  payer: '0x1111111111111111111111111111111111111111',
}
const USDC = '0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913'
const PAY = '0x209693Bc6afc0C5328bA36FaF03C514EF312287C'

async function parsed(document: unknown, asHeader = false) {
  return parsePaymentRequired(
    asHeader
      ? new Response('{}', {
          status: 402,
          headers: { 'PAYMENT-REQUIRED': encodeBase64Json(document) },
        })
      : new Response(JSON.stringify(document), { status: 402 }),
  )
}

describe('x402 v1', () => {
  test('{ x402Version: 1, scheme, network (the server’s v1 name), payload } in X-PAYMENT', async () => {
    const required = await parsed({
      x402Version: 1,
      accepts: [
        {
          scheme: 'exact',
          network: 'base',
          maxAmountRequired: '10000',
          resource: 'https://a.example/r',
          payTo: PAY,
          asset: USDC,
          maxTimeoutSeconds: 60,
          extra: { name: 'USD Coin', version: '2' },
        },
      ],
    })
    const option = required.options[0]!
    expect(option.network.id).toBe('eip155:8453')
    const envelope = buildPaymentPayload(required, option, payment)
    // Exactly these keys: v1 servers reject unknown fields in strict validators.
    expect(envelope).toStrictEqual({
      x402Version: 1,
      scheme: 'exact',
      network: 'base',
      payload: payment.payload,
    })
    const header = encodePaymentHeader(option.protocol, envelope)
    expect(header.name).toBe('X-PAYMENT')
    expect(decodeBase64Json(header.value)).toStrictEqual(envelope)
  })
})

describe('x402 v2', () => {
  test('echoes accepted, resource and extensions verbatim in PAYMENT-SIGNATURE', async () => {
    const entry = {
      scheme: 'exact',
      network: 'eip155:8453',
      amount: '10000',
      asset: USDC,
      payTo: PAY,
      maxTimeoutSeconds: 60,
      extra: { name: 'USD Coin', version: '2', vendor: [1, { deep: true }] },
    }
    const document = {
      x402Version: 2,
      resource: { url: 'https://a.example/r', description: 'An article' },
      accepts: [entry],
      extensions: { bazaar: { info: { a: 1 } } },
    }
    const required = await parsed(document, true)
    const envelope = buildPaymentPayload(required, required.options[0]!, payment)
    const header = encodePaymentHeader('x402-v2', envelope)
    expect(header.name).toBe('PAYMENT-SIGNATURE')
    expect(decodeBase64Json(header.value)).toStrictEqual({
      x402Version: 2,
      resource: document.resource,
      accepted: entry,
      payload: payment.payload,
      extensions: document.extensions,
    })
  })

  test('numbers above 2^53 in accepted, resource and extensions are echoed digit for digit', async () => {
    const entry = `{"scheme":"exact","network":"eip155:8453","amount":"10000","asset":"${USDC}","payTo":"${PAY}","maxTimeoutSeconds":60,"extra":{"name":"USD Coin","version":"2","id":9007199254740993}}`
    const text = `{"x402Version":2,"resource":{"url":"https://a.example/r","v":18446744073709551617},"accepts":[${entry}],"extensions":{"n":123456789012345678901234567890}}`
    const required = await parsePaymentRequired(
      new Response('{}', { status: 402, headers: { 'PAYMENT-REQUIRED': btoa(text) } }),
    )
    const json = decodeBase64Text(
      encodePaymentHeader('x402-v2', buildPaymentPayload(required, required.options[0]!, payment))
        .value,
    )
    expect(json).toContain(`"accepted":${entry}`)
    expect(json).toContain('"v":18446744073709551617')
    expect(json).toContain('"n":123456789012345678901234567890')
    // The public raw stays a plain object.
    expect(typeof (required.options[0]!.raw as { extra: { id: unknown } }).extra.id).toBe('number')
  })
})

describe('h402', () => {
  test('{ h402Version: 1, scheme, namespace, networkId (a string), resource, payload }', async () => {
    const required = await parsed({
      h402Version: 1,
      accepts: [
        {
          scheme: 'exact',
          namespace: 'evm',
          networkId: 8453,
          amountRequired: 10000,
          amountRequiredFormat: 'smallestUnit',
          tokenAddress: USDC,
          payToAddress: PAY,
          resource: 'https://a.example/r',
        },
      ],
    })
    expect(buildPaymentPayload(required, required.options[0]!, payment)).toStrictEqual({
      h402Version: 1,
      scheme: 'exact',
      namespace: 'evm',
      networkId: '8453',
      resource: 'https://a.example/r',
      payload: payment.payload,
    })
  })
})
