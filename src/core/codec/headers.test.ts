import { describe, expect, test } from 'vitest'
import { decodeBase64Text } from './base64Json.js'
import { encodePaymentHeader } from './headers.js'

// A plain tree skips the replacer; anything a replacer or toJSON changes must still come out right.
const written = (payload: unknown) =>
  decodeBase64Text(encodePaymentHeader('x402-v1', payload).value)

describe('encodePaymentHeader', () => {
  test('a plain tree is written as JSON.stringify writes it', () => {
    const payload = { a: [1, 'two', null, true, { b: 0.5 }], c: undefined, d: 'Café ☕' }
    expect(written(payload)).toBe(JSON.stringify(payload))
  })

  test('bigints at any depth, and in arrays, become decimal strings', () => {
    expect(written({ a: [{ b: 2n ** 64n }], c: 1n })).toBe(
      '{"a":[{"b":"18446744073709551616"}],"c":"1"}',
    )
    expect(written(5n)).toBe('"5"')
  })

  test('toJSON is honoured, even when it returns a bigint', () => {
    expect(written({ at: new Date(0) })).toBe('{"at":"1970-01-01T00:00:00.000Z"}')
    expect(written({ v: { toJSON: () => 7n } })).toBe('{"v":"7"}')
  })

  test('inherited properties are not written; a tree deeper than the fast path is still whole', () => {
    const child = Object.create({ inherited: 1n }) as Record<string, unknown>
    child.own = 1
    expect(written(child)).toBe('{"own":1}')
    let deep: unknown = 3n
    for (let i = 0; i < 40; i++) deep = [deep]
    expect(written(deep)).toBe(`${'['.repeat(40)}"3"${']'.repeat(40)}`)
  })

  test('undefined is written as null; a cycle still throws', () => {
    expect(written(undefined)).toBe('null')
    const cycle: Record<string, unknown> = {}
    cycle.self = cycle
    expect(() => encodePaymentHeader('x402-v2', cycle)).toThrow(TypeError)
  })
})
