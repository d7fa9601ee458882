import { getAddress } from 'viem'
import { describe, expect, test } from 'vitest'
import { checksumAddress } from './checksumAddress.js'

describe('checksumAddress', () => {
  test('is getAddress, the same on every call, whatever the case it is given in', () => {
    const lower = '0x036cbd53842c5426634e7929541ec2318f3dcf7e'
    for (const text of [lower, lower.toUpperCase().replace('0X', '0x'), getAddress(lower)]) {
      expect(checksumAddress(text)).toBe(getAddress(lower))
      expect(checksumAddress(text)).toBe(getAddress(lower))
    }
  })

  test('refuses what is not an address, every time (a refusal is not remembered)', () => {
    for (let i = 0; i < 2; i++) {
      expect(() => checksumAddress('0x1234')).toThrow()
      expect(() => checksumAddress('0x036cbd53842c5426634e7929541ec2318f3dcf7z')).toThrow()
    }
  })

  test('stays right past its size: it starts over rather than grow', () => {
    for (let i = 0; i < 1_200; i++) {
      const address = `0x${i.toString(16).padStart(40, '0')}`
      expect(checksumAddress(address)).toBe(getAddress(address))
    }
  })
})
