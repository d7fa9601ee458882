import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { InvalidAmountError } from '../errors/parse.js'
import { formatAmount } from './formatAmount.js'
import { parseAmount } from './parseAmount.js'

describe('formatAmount', () => {
  test.each([
    [10000000000000000n, 18, '0.01'],
    [1001000n, 6, '1.001'],
    [1n, 18, '0.000000000000000001'],
    [0n, 6, '0'],
    [0n, 0, '0'],
    [123n, 0, '123'],
    [1000000n, 6, '1'],
    [1234500n, 6, '1.2345'],
    [10n ** 30n, 6, '1000000000000000000000000'],
    [-1500000n, 6, '-1.5'],
  ])('formatAmount(%s, %s) === %s', (atomic, decimals, text) => {
    expect(formatAmount(atomic, decimals)).toBe(text)
  })

  test('never rounds: $0.055 stays 0.055 (ITEGA#10)', () => {
    expect(formatAmount(55000n, 6)).toBe('0.055')
    expect(formatAmount(999999n, 6)).toBe('0.999999')
  })

  test.each([-1, 1.5, 256, Number.NaN])('rejects decimals %s', (decimals) => {
    expect(() => formatAmount(1n, decimals)).toThrow(InvalidAmountError)
  })

  test('round-trips through parseAmount for every amount and 0..36 decimals', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 2n ** 300n }),
        fc.integer({ min: 0, max: 36 }),
        (x, d) => {
          expect(parseAmount(formatAmount(x, d), d)).toBe(x)
        },
      ),
      { numRuns: 2000 },
    )
  })

  test('never produces exponent notation or trailing zeros', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 10n ** 80n }),
        fc.integer({ min: 0, max: 36 }),
        (x, d) => {
          const text = formatAmount(x, d)
          expect(text).toMatch(/^\d+(\.\d*[1-9])?$/)
        },
      ),
    )
  })
})
