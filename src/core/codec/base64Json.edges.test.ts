import { describe, expect, test } from 'vitest'
import { InvalidHeaderError } from '../errors/parse.js'
import {
  decodeBase64Json,
  decodeBase64Text,
  encodeBase64,
  encodeBase64Json,
  maxHeaderLength,
} from './base64Json.js'

// Headers carry what is paid and what was settled: each limit on its edge, and encodings that a
// mistake in the chunking or the padding would corrupt.

function reason(run: () => unknown): string | undefined {
  try {
    run()
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidHeaderError)
    return (error as InvalidHeaderError).details
  }
  return undefined
}

describe('decodeBase64Text: limits', () => {
  test('a header of exactly the maximum length is read; one character more is not', () => {
    expect(maxHeaderLength).toBe(65_536)
    const longest = 'QUFB'.repeat(maxHeaderLength / 4)
    expect(decodeBase64Text(longest)).toHaveLength((maxHeaderLength / 4) * 3)
    expect(reason(() => decodeBase64Text(`${longest}Q`))).toBe(
      `The header is longer than ${maxHeaderLength} characters.`,
    )
  })

  test('surrounding spaces are ignored; a header of spaces is empty', () => {
    expect(decodeBase64Text('  e30=\n')).toBe('{}')
    expect(reason(() => decodeBase64Text('   '))).toBe('The header is empty.')
  })

  test('the exact reasons of the other refusals', () => {
    expect(reason(() => decodeBase64Text('a$b'))).toBe('Not base64.')
    expect(reason(() => decodeBase64Text('QUFBQ'))).toBe('Truncated base64.')
    expect(reason(() => decodeBase64Json(btoa('nope')))).toBe('The header is not JSON.')
    expect(reason(() => decodeBase64Text(btoa('\xff')))).toBe('The header is not UTF-8 text.')
  })

  test('what atob would let through is still refused: inner whitespace, mixed alphabets, a third =', () => {
    for (const space of [' ', '\n', '\t', '\r', '\f'])
      expect(reason(() => decodeBase64Text(`e3${space}0=`))).toBe('Not base64.')
    expect(reason(() => decodeBase64Text('Pj4-Pz8/'))).toBe('Not base64.')
    expect(reason(() => decodeBase64Text('YQ==='))).toBe('Not base64.')
    expect(reason(() => decodeBase64Text('Y=Q='))).toBe('Not base64.')
    expect(reason(() => decodeBase64Text('$$$$$'))).toBe('Not base64.')
  })

  test('non-ASCII text comes back as UTF-8, from either alphabet', () => {
    const json = JSON.stringify({ d: 'Café ☕ 🚀' })
    expect(decodeBase64Text(Buffer.from(json).toString('base64'))).toBe(json)
    expect(decodeBase64Text(Buffer.from(json).toString('base64url'))).toBe(json)
  })

  test('restores the padding of 2 and 3 leftover characters, and of none', () => {
    expect(decodeBase64Text('YQ')).toBe('a')
    expect(decodeBase64Text('YWI')).toBe('ab')
    expect(decodeBase64Text('YWJj')).toBe('abc')
    expect(decodeBase64Text('YQ==')).toBe('a')
  })

  test('URL-safe base64: - and _ become + and /, every one of them', () => {
    // '>>>' and '???' encode to 'Pj4+' and 'Pz8/': two of each in the URL alphabet.
    expect(decodeBase64Text('Pj4-Pz8_Pj4-Pz8_')).toBe('>>>???>>>???')
  })
})

describe('encodeBase64', () => {
  test('matches Node for payloads larger than one 32 KiB chunk', () => {
    const bytes = new Uint8Array(0x8000 * 2 + 123).map((_, i) => (i * 7) % 256)
    expect(encodeBase64(bytes)).toBe(Buffer.from(bytes).toString('base64'))
    expect(encodeBase64(new Uint8Array(0))).toBe('')
  })

  test('encodeBase64Json writes ASCII and non-ASCII JSON as Node does', () => {
    for (const value of [{ a: 'plain' }, { d: 'Café ☕ 🚀' }, 'x'.repeat(0x9000)])
      expect(encodeBase64Json(value)).toBe(Buffer.from(JSON.stringify(value)).toString('base64'))
  })

  test('encodeBase64Json writes bigints as decimal strings, at any depth', () => {
    expect(Buffer.from(encodeBase64Json({ a: [1n, { b: 2n ** 64n }] }), 'base64').toString()).toBe(
      '{"a":["1",{"b":"18446744073709551616"}]}',
    )
  })
})
