import { describe, expect, test } from 'vitest'
import { InvalidAmountError } from '../errors/parse.js'
import { assertDecimals, formatAmount } from './formatAmount.js'
import { parseAmount } from './parseAmount.js'

// The edges of the amount conversions: the largest decimals a token can state (ERC-20's
// uint8), and negative amounts shorter than their decimals.
describe('decimals: 0 to 255, as a uint8 holds', () => {
  test('255 is the last accepted, in both directions', () => {
    expect(formatAmount(1n, 255)).toBe(`0.${'0'.repeat(254)}1`)
    expect(parseAmount(`0.${'0'.repeat(254)}1`, 255)).toBe(1n)
    expect(formatAmount(10n ** 255n, 255)).toBe('1')
  })

  test('256, a fraction, a negative or NaN are refused with the value named', () => {
    for (const decimals of [256, 2.5, -1, Number.NaN]) {
      let error: unknown
      try {
        assertDecimals(decimals)
      } catch (e) {
        error = e
      }
      expect(error, String(decimals)).toBeInstanceOf(InvalidAmountError)
      expect((error as InvalidAmountError).details).toBe(
        `Decimals must be an integer in 0..255, got ${decimals}.`,
      )
    }
    expect(() => assertDecimals(0)).not.toThrow()
  })
})

describe('formatAmount: negative amounts', () => {
  test('keep their sign outside the zero padding', () => {
    expect(formatAmount(-1n, 6)).toBe('-0.000001')
    expect(formatAmount(-10n, 0)).toBe('-10')
  })
})
