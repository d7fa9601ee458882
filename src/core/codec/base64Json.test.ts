import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { InvalidHeaderError } from '../errors/parse.js'
import { decodeBase64Json, encodeBase64Json, maxHeaderLength } from './base64Json.js'
import { encodePaymentHeader, paymentHeaderName } from './headers.js'

describe('base64 JSON headers', () => {
  test('round-trips any JSON value, including non-Latin-1 text', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(decodeBase64Json(encodeBase64Json(value))).toEqual(JSON.parse(JSON.stringify(value)))
      }),
      { numRuns: 500 },
    )
    expect(decodeBase64Json(encodeBase64Json({ d: 'Café ☕ 日本 🚀' }))).toEqual({
      d: 'Café ☕ 日本 🚀',
    })
  })

  test('encodes the standard alphabet with padding, as x402 servers require', () => {
    const encoded = encodeBase64Json({ text: '>>>???' })
    expect(encoded).toMatch(/^[A-Za-z0-9+/]*={0,2}$/)
    expect(Buffer.from(encoded, 'base64').toString('utf8')).toBe('{"text":">>>???"}')
  })

  test('writes bigints as decimal strings', () => {
    expect(decodeBase64Json(encodeBase64Json({ value: 10n ** 30n }))).toEqual({
      value: '1000000000000000000000000000000',
    })
  })

  test('decodes what Node’s own base64 encoder writes, URL-safe and unpadded too', () => {
    const json = JSON.stringify({ a: 'ü?>~' })
    expect(decodeBase64Json(Buffer.from(json).toString('base64'))).toEqual({ a: 'ü?>~' })
    expect(decodeBase64Json(Buffer.from(json).toString('base64url'))).toEqual({ a: 'ü?>~' })
  })

  test.each([
    ['', 'empty'],
    ['***', 'Not base64'],
    ['a', 'Truncated'],
    [Buffer.from('not json').toString('base64'), 'not JSON'],
    [Buffer.from([0xff, 0xfe, 0xfd]).toString('base64'), 'UTF-8'],
    ['A'.repeat(maxHeaderLength + 4), 'longer than'],
  ])('rejects %j', (header, reason) => {
    let error: unknown
    try {
      decodeBase64Json(header)
    } catch (caught) {
      error = caught
    }
    expect(error).toBeInstanceOf(InvalidHeaderError)
    expect((error as InvalidHeaderError).details).toContain(reason)
  })

  test('picks the payment header of each dialect', () => {
    expect(paymentHeaderName('x402-v2')).toBe('PAYMENT-SIGNATURE')
    expect(paymentHeaderName('x402-v1')).toBe('X-PAYMENT')
    expect(paymentHeaderName('h402-v1')).toBe('X-PAYMENT')
    const header = encodePaymentHeader('x402-v2', { x402Version: 2 })
    expect(header.name).toBe('PAYMENT-SIGNATURE')
    expect(decodeBase64Json(header.value)).toEqual({ x402Version: 2 })
  })
})
