import { describe, expect, test } from 'vitest'
import { decodeBase64Json, decodeBase64Text } from './base64Json.js'

// The URL-safe alphabet with its padding kept: Python's base64.urlsafe_b64encode and Java's
// Base64.getUrlEncoder() write it so (Node's 'base64url' drops the `=`). The `=` must be taken off
// before the alphabet is told apart, or such a header reads as neither alphabet.

/** The standard base64 of `json` written in the URL-safe alphabet, padding kept. */
function urlSafePadded(json: string): string {
  return Buffer.from(json).toString('base64').replace(/\+/g, '-').replace(/\//g, '_')
}

describe('decodeBase64Json: URL-safe base64 with its padding', () => {
  test('one and two `=` after URL-safe characters are read as padding', () => {
    const two = { a: 'ü?>~' }
    const one = { a: 'ü?>~~' }
    // The fixtures hold what they claim: a URL-safe character, and the padding.
    expect(urlSafePadded(JSON.stringify(two))).toBe('eyJhIjoiw7w_Pn4ifQ==')
    expect(urlSafePadded(JSON.stringify(one))).toBe('eyJhIjoiw7w_Pn5-In0=')
    expect(decodeBase64Json('eyJhIjoiw7w_Pn4ifQ==')).toEqual(two)
    expect(decodeBase64Json('eyJhIjoiw7w_Pn5-In0=')).toEqual(one)
  })

  test('with surrounding whitespace, as a header value may come', () => {
    expect(decodeBase64Text(' eyJhIjoiw7w_In0=\t')).toBe('{"a":"ü?"}')
  })
})
