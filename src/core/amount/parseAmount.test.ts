import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { InvalidAmountError } from '../errors/parse.js'
import { parseAmount } from './parseAmount.js'

describe('parseAmount', () => {
  test.each([
    ['0.01', 18, 10000000000000000n],
    ['1.001', 6, 1001000n],
    ['1', 6, 1000000n],
    ['.5', 1, 5n],
    ['0', 0, 0n],
    ['007.50', 2, 750n],
    ['1e-7', 18, 100000000000n],
    ['2.5E+3', 0, 2500n],
    ['1E2', 2, 10000n],
    ['1.500000000', 6, 1500000n],
    ['12345678901234567890.123456789012345678', 18, 12345678901234567890123456789012345678n],
  ])('parseAmount(%s, %s) === %s', (text, decimals, atomic) => {
    expect(parseAmount(text, decimals)).toBe(atomic)
  })

  test('h402 prices that float maths gets wrong are exact (protocols.md §2.3)', () => {
    // BigInt(Math.floor(Number('1.001') * 10 ** 6)) === 1000999n
    expect(parseAmount('1.001', 6)).toBe(1001000n)
    for (let cents = 1; cents < 1000; cents++) {
      const text = `0.${String(cents).padStart(3, '0')}`
      expect(parseAmount(text, 3)).toBe(BigInt(cents))
    }
  })

  test.each([
    ['1.0000001', 6, 'more fraction digits'],
    ['1e-7', 6, 'more fraction digits'],
    ['-1', 6, 'not a decimal'],
    ['+1', 6, 'not a decimal'],
    ['', 6, 'not a decimal'],
    ['.', 6, 'not a decimal'],
    ['1.', 6, 'not a decimal'],
    [' 1', 6, 'not a decimal'],
    ['1,5', 6, 'not a decimal'],
    ['0x10', 6, 'not a decimal'],
    ['NaN', 6, 'not a decimal'],
    ['Infinity', 6, 'not a decimal'],
    ['1e999999', 6, 'Exponent out of range'],
  ])('rejects %j with %s decimals', (text, decimals, reason) => {
    let error: unknown
    try {
      parseAmount(text, decimals)
    } catch (caught) {
      error = caught
    }
    expect(error).toBeInstanceOf(InvalidAmountError)
    expect((error as InvalidAmountError).details).toContain(reason)
  })

  test('equals the decimal value for arbitrary decimal strings', () => {
    const digits = fc.string({
      unit: fc.constantFrom(...'0123456789'),
      minLength: 1,
      maxLength: 40,
    })
    fc.assert(
      fc.property(digits, digits, fc.integer({ min: 0, max: 36 }), (whole, fraction, d) => {
        const text = `${whole}.${fraction}`
        const significant = fraction.replace(/0+$/, '')
        if (significant.length > d) {
          expect(() => parseAmount(text, d)).toThrow(InvalidAmountError)
        } else {
          expect(parseAmount(text, d)).toBe(BigInt(whole + significant.padEnd(d, '0')))
        }
      }),
    )
  })
})
