import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { maxAtomicAmount, parseAtomic, resolveAsset, unknownNetwork } from './optionParts.js'

describe('parseAtomic', () => {
  // A short amount is read through a double (faster): it must give exactly what BigInt gives the
  // text, up to 15 digits and past them (2^53 + 1 has 16 and a double cannot hold it).
  test.each([
    '0',
    '007',
    '10000',
    '999999999999999',
    '9007199254740991',
    '9007199254740993',
    '99999999999999999',
  ])('reads %s as BigInt reads it', (text) => {
    expect(parseAtomic(text, 'amount')).toBe(BigInt(text))
  })

  test('reads any string of up to 80 digits as BigInt reads it, or refuses it above uint256', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{1,80}$/), (text) => {
        const value = BigInt(text)
        expect(parseAtomic(text, 'amount')).toBe(
          value > maxAtomicAmount ? '"amount" is larger than any token can hold.' : value,
        )
      }),
      { numRuns: 2000 },
    )
  })
})

describe('resolveAsset', () => {
  const evm = unknownNetwork('eip155:8453')
  test.each([
    ['0x0000000000000000000000000000000000000000', true],
    ['0X0000000000000000000000000000000000000000', true],
    ['0x00000000000000000000000000000000000000000', false],
    ['0x0000000000000000000000000000000000000001', false],
    ['0x000000000000000000000000000000000000000', false],
  ])('on EVM, %s is the native coin: %s', (address, native) => {
    expect(resolveAsset(evm, undefined, address, {}, undefined).native).toBe(native)
  })
})
