import { describe, expect, test } from 'vitest'
import { UnsupportedOptionError } from '../core/errors/policy.js'
import type { PaymentOption } from '../core/types.js'
import { assertSignableResource } from './assertSignableResource.js'

const option: PaymentOption = {
  id: 'h402',
  protocol: 'h402-v1',
  scheme: 'exact',
  network: { id: 'eip155:8453', namespace: 'evm', chainId: 8453, name: 'Base', testnet: false },
  asset: { address: '0x0000000000000000000000000000000000000001', native: false },
  amount: 1n,
  payTo: '0x0000000000000000000000000000000000000002',
  supported: true,
  raw: {},
}

/** The reason the resource is refused, or `undefined` when it may be personal_signed. */
function refusal(resource: string, requestUrl?: string): string | undefined {
  try {
    assertSignableResource(option, resource, requestUrl === undefined ? {} : { requestUrl })
    return undefined
  } catch (error) {
    expect(error).toBeInstanceOf(UnsupportedOptionError)
    expect((error as UnsupportedOptionError).option).toBe(option)
    return (error as UnsupportedOptionError).details
  }
}

describe('assertSignableResource (SPEC §5.5)', () => {
  test('signs an http(s) URL of the origin being paid', () => {
    expect(refusal('https://shop.example/a?b=c', 'https://shop.example/a')).toBeUndefined()
    expect(refusal('http://localhost:4021/x', 'http://localhost:4021/y')).toBeUndefined()
    // Without the requested URL, any plain http(s) URL.
    expect(refusal('https://shop.example/a')).toBeUndefined()
    expect(refusal('http://shop.example/a')).toBeUndefined()
  })

  test('refuses text that is not a URL', () => {
    expect(refusal('402 signature 1700000000')).toBe(
      'The h402 resource to sign is not a URL; only a URL of the site being paid is signed.',
    )
  })

  test('refuses URLs of other schemes', () => {
    expect(refusal('javascript:alert(1)')).toBe(
      'The h402 resource to sign is a javascript: URL; only http(s) URLs are signed.',
    )
    expect(refusal('ftp://shop.example/a')).toMatch(/ftp: URL/)
  })

  test('refuses credentials, in the user name or the password alone', () => {
    const credentials = 'The h402 resource to sign carries credentials; it is not signed.'
    expect(refusal('https://user@shop.example/a')).toBe(credentials)
    expect(refusal('https://:secret@shop.example/a')).toBe(credentials)
  })

  test('refuses a multi-line message that merely contains a URL', () => {
    const message = 'https://shop.example/a\nSign in to https://bank.example'
    expect(refusal(message, 'https://shop.example/a')).toBe(
      'The h402 resource to sign contains spaces or line breaks; it is not signed.',
    )
    expect(refusal('https://shop.example/a b')).toMatch(/spaces or line breaks/)
  })

  test('refuses a URL on another origin than the paid request: host, port or scheme', () => {
    expect(refusal('https://evil.example/a', 'https://shop.example/a')).toBe(
      'The h402 resource to sign is on https://evil.example, not on https://shop.example, the site being paid.',
    )
    expect(refusal('https://shop.example:8443/a', 'https://shop.example/a')).toMatch(/not on/)
    expect(refusal('http://shop.example/a', 'https://shop.example/a')).toMatch(/not on/)
  })

  test('refuses when the paid request URL itself cannot be read', () => {
    expect(refusal('https://shop.example/a', 'not a url')).toBe(
      'The URL of the paid request is not a URL, so the resource cannot be checked.',
    )
  })
})
