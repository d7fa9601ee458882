import fc from 'fast-check'
import { parse as parseLossless, stringify } from 'lossless-json'
import { describe, expect, test } from 'vitest'
import { decodeBase64Text } from '../codec/base64Json.js'
import { encodePaymentHeader } from '../codec/headers.js'
import { numberText, parseJson } from './parseJson.js'

/** JSON number texts of every shape: exponents, trailing zeros, -0, more digits than a double. */
const numberText_ = fc.stringMatching(/^-?(?:0|[1-9]\d{0,24})(?:\.\d{1,20})?(?:[eE][+-]?\d{1,3})?$/)

/** JSON text whose numbers are written as above, with digits, colons and commas in strings too. */
const jsonText: fc.Arbitrary<string> = fc.letrec<{ value: string }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    numberText_,
    fc
      .oneof(
        fc.string(),
        numberText_.map((text) => `a:${text}`),
      )
      .map((text) => JSON.stringify(text)),
    fc.constantFrom('true', 'null'),
    fc.array(tie('value'), { maxLength: 4 }).map((items) => `[ ${items.join(' ,')}]`),
    fc
      .uniqueArray(fc.tuple(fc.string(), tie('value')), { maxLength: 4, selector: ([key]) => key })
      .map((entries) => `{${entries.map(([k, v]) => `${JSON.stringify(k)}:\n${v}`).join(',')}}`),
  ),
})).value

describe('parseJson', () => {
  test('parses once when JSON.parse keeps every number as written', async () => {
    const text = '{"x402Version":2,"accepts":[{"amount":"10000","maxTimeoutSeconds":300,"p":0.01}]}'
    const { value, exact } = await parseJson(text)
    expect(exact).toBe(value)
    expect(value).toEqual(JSON.parse(text))
  })

  test('a number of up to 15 digits, or of 16 that a double holds, needs no second tree', async () => {
    for (const number of ['0', '7', '300', '999999999999999', '1234567890123456', '-5']) {
      const { value, exact } = await parseJson(`{"a":[1, ${number}]}`)
      expect(exact, number).toBe(value)
    }
  })

  test.each([
    '12345678901234567890',
    '9007199254740993',
    '1e6',
    '1.0',
    '-0',
    '0.1000000000000000055511151231257827',
  ])('keeps the text of %s', async (number) => {
    const { value, exact } = await parseJson(`{"a":[1, ${number}]}`)
    expect(exact).not.toBe(value)
    expect(numberText((exact as { a: unknown[] }).a[1])).toBe(number)
  })

  test('digits, quotes and backslashes inside strings are not numbers', async () => {
    for (const text of [
      '{"a":"1e6","b":"x\\"1.0","c":"\\\\","d":2}',
      '["12345678901234567890 \\" -0", 3]',
    ]) {
      const { value, exact } = await parseJson(text)
      expect(exact).toBe(value)
      expect(value).toEqual(JSON.parse(text))
    }
    const { value, exact } = await parseJson('{"a":"\\\\","b":1.0}')
    expect(exact).not.toBe(value)
  })

  test('every number of the exact tree reads as its text, and the value is JSON.parse', async () => {
    await fc.assert(
      fc.asyncProperty(jsonText, async (text) => {
        const { value, exact } = await parseJson(text)
        expect(value).toEqual(JSON.parse(text))
        // lossless-json writes a plain number as String(n) and a lossless one as its text.
        expect(stringify(exact)).toBe(stringify(parseLossless(text)))
      }),
      { numRuns: 500 },
    )
  })
})

describe('encodePaymentHeader', () => {
  test('writes lossless numbers as their text, bigints as strings, and no marker', async () => {
    const text = '{"a":12345678901234567890,"b":[1e6,"x"],"c":{"d":1.50}}'
    const { exact } = await parseJson(text)
    const header = encodePaymentHeader('x402-v2', { exact, n: 5n, s: '~"' })
    expect(decodeBase64Text(header.value)).toBe(
      '{"exact":{"a":12345678901234567890,"b":[1e6,"x"],"c":{"d":1.50}},"n":"5","s":"~\\""}',
    )
  })

  test('writes what JSON.stringify writes when no number needs its text', () => {
    const payload = { a: 1, b: [0.01, 'x', null], c: { n: 10n } }
    const header = encodePaymentHeader('x402-v1', payload)
    expect(header.name).toBe('X-PAYMENT')
    expect(decodeBase64Text(header.value)).toBe('{"a":1,"b":[0.01,"x",null],"c":{"n":"10"}}')
  })
})
