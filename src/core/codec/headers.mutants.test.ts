import { LosslessNumber } from 'lossless-json'
import { describe, expect, test, vi } from 'vitest'
import { decodeBase64Text } from './base64Json.js'
// Imported as is too, so that a run of the tests related to headers.ts (Stryker's) includes this
// file: the copies below are imported under queries, which no import graph follows.
import { paymentHeaderName, paymentRequestHeaderNames } from './headers.js'

// encodePaymentHeader writes a payment two ways: JSON.stringify alone while lossless-json has not
// been loaded (no 402 the kit parsed needed it), and with a replacer once it has. Each way is
// pinned here on its own copy of headers.js and of the lossless-json state, whatever other test
// files loaded before this one (the mutation run shares one module graph between files), and
// without changing the state those files see.

/**
 * headers.js with a lossless-json state of its own, nothing loaded yet: both imported under a
 * query (modules of their own) rather than by resetting the module registry, which the mutation
 * run's shared module graph would carry into the files after this one.
 */
async function ownCopy(tag: 'unloaded' | 'loaded') {
  // Literal specifiers: Vite resolves a dynamic import with a query only when it is written out.
  const imports =
    tag === 'unloaded'
      ? {
          // @ts-expect-error: a query-suffixed copy of the module; TypeScript does not resolve queries
          lossless: () => import('../parse/losslessNumber.js?unloaded'),
          // @ts-expect-error: a query-suffixed copy of the module; TypeScript does not resolve queries
          headers: () => import('./headers.js?unloaded'),
        }
      : {
          // @ts-expect-error: a query-suffixed copy of the module; TypeScript does not resolve queries
          lossless: () => import('../parse/losslessNumber.js?loaded'),
          // @ts-expect-error: a query-suffixed copy of the module; TypeScript does not resolve queries
          headers: () => import('./headers.js?loaded'),
        }
  vi.doMock('../parse/losslessNumber.js', imports.lossless)
  try {
    const headers = (await imports.headers()) as typeof import('./headers.js')
    const lossless = (await imports.lossless()) as typeof import('../parse/losslessNumber.js')
    return { ...headers, ...lossless }
  } finally {
    vi.doUnmock('../parse/losslessNumber.js')
  }
}

// Loaded while the file loads, not inside a test: module code run inside a test would count, for
// the mutation run, as covered by that test alone (and a cached copy is never re-run per mutant).
const unloadedCopy = await ownCopy('unloaded')
const loadedCopy = await ownCopy('loaded')

describe('encodePaymentHeader: nothing to write is written as null', () => {
  test('before lossless-json is loaded', async () => {
    const { encodePaymentHeader: encode, loadedLosslessJson } = unloadedCopy
    expect(loadedLosslessJson()).toBeUndefined()
    expect(decodeBase64Text(encode('x402-v1', undefined).value)).toBe('null')
    const header = encode('x402-v2', () => 1)
    expect(decodeBase64Text(header.value)).toBe('null')
    expect(header.name).toBe(paymentHeaderName('x402-v2'))
    expect(header.name).toBe('PAYMENT-SIGNATURE')
  })

  test('once lossless-json is loaded', async () => {
    const { encodePaymentHeader: encode, loadLosslessJson, loadedLosslessJson } = loadedCopy
    await loadLosslessJson()
    expect(loadedLosslessJson()).toBeDefined()
    expect(decodeBase64Text(encode('x402-v1', undefined).value)).toBe('null')
    expect(decodeBase64Text(encode('h402-v1', () => 1).value)).toBe('null')
    // This copy of headers.js does see its copy loaded: a lossless number is written as its text.
    const amount = new LosslessNumber('12345678901234567890')
    expect(decodeBase64Text(encode('x402-v2', { amount }).value)).toBe(
      '{"amount":12345678901234567890}',
    )
  })
})

describe('encodePaymentHeader: a lossless-json number is written as its text, loaded or not', () => {
  // A payer's own lossless number (from its copy of lossless-json) was written as the object
  // `{"value":"1","isLosslessNumber":true}` while the kit had not loaded lossless-json, as `1` after.
  for (const [state, copy] of [
    ['before lossless-json is loaded', unloadedCopy],
    ['once it is loaded', loadedCopy],
  ] as const)
    test(state, async () => {
      if (copy === loadedCopy) await copy.loadLosslessJson()
      expect(copy.loadedLosslessJson() === undefined).toBe(copy === unloadedCopy)
      const payload = { amount: new LosslessNumber('12345678901234567890'), fee: 5n, text: 'x' }
      expect(decodeBase64Text(copy.encodePaymentHeader('x402-v2', payload).value)).toBe(
        '{"amount":12345678901234567890,"fee":"5","text":"x"}',
      )
      const notANumber = Object.assign(new LosslessNumber('1'), { value: '1,"payTo":"0xevil"' })
      expect(() => copy.encodePaymentHeader('x402-v2', { amount: notANumber })).toThrow(
        new TypeError('Not a JSON number: "1,\\"payTo\\":\\"0xevil\\"".'),
      )
    })
})

describe('paymentRequestHeaderNames', () => {
  test('holds the header every dialect pays with, so a request already carrying one is refused', () => {
    for (const protocol of ['x402-v1', 'x402-v2', 'h402-v1'] as const)
      expect(paymentRequestHeaderNames).toContain(paymentHeaderName(protocol))
  })
})
