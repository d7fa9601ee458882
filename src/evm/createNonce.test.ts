import { afterEach, describe, expect, test, vi } from 'vitest'
import { createNonce } from './createNonce.js'

afterEach(() => {
  vi.restoreAllMocks()
})

describe('createNonce', () => {
  test('32 random bytes as hex, never the same twice', () => {
    const nonces = new Set<string>()
    for (let i = 0; i < 1_000; i++) {
      const nonce = createNonce()
      expect(nonce).toMatch(/^0x[0-9a-f]{64}$/)
      nonces.add(nonce)
    }
    expect(nonces.size).toBe(1_000)
  })

  test('every byte comes from crypto.getRandomValues, each handed out once', async () => {
    vi.resetModules()
    const fresh = (await import('./createNonce.js')).createNonce
    const random = vi.spyOn(globalThis.crypto, 'getRandomValues')
    let draws = 0
    random.mockImplementation(<T extends ArrayBufferView | null>(array: T): T => {
      draws++
      const bytes = array as unknown as Uint8Array
      // Every 32 bytes are told apart by their draw and place, none is zero: a nonce handed out
      // twice, or a wiped byte handed out, would show.
      for (let i = 0; i < bytes.length; i++)
        bytes[i] = i % 32 === 0 ? (i >> 5) + 1 : i % 32 === 1 ? draws : 0x11
      return array
    })
    const seen = new Set<string>()
    for (let i = 0; i < 200; i++) {
      const nonce = fresh()
      expect(nonce.slice(2).match(/../g)).not.toContain('00')
      seen.add(nonce)
    }
    expect(seen.size).toBe(200)
    expect(draws).toBeGreaterThanOrEqual(3)
  })
})
