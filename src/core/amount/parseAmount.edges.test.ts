import { describe, expect, test } from 'vitest'
import { InvalidAmountError } from '../errors/parse.js'
import { parseAmount } from './parseAmount.js'

// A server's amount text is untrusted: it is parsed only as text, exponents are bounded, and
// what is echoed back in a refusal is cut to 100 characters.

function reason(run: () => unknown): string | undefined {
  try {
    run()
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidAmountError)
    return (error as InvalidAmountError).details
  }
  return undefined
}

describe('parseAmount: edges', () => {
  test('only text is parsed: a number is refused, never coerced', () => {
    expect(reason(() => parseAmount(5 as unknown as string, 0))).toBe(
      '"5" is not a decimal amount.',
    )
  })

  test('exponents up to 400 are read, 401 is refused', () => {
    expect(parseAmount('1e400', 0)).toBe(10n ** 400n)
    expect(reason(() => parseAmount('1e401', 0))).toBe('Exponent out of range in "1e401".')
    expect(reason(() => parseAmount('1e-401', 0))).toBe('Exponent out of range in "1e-401".')
  })

  test('a refusal quotes at most 100 characters of the text', () => {
    const junk = 'x'.repeat(150)
    expect(reason(() => parseAmount(junk, 6))).toBe(`"${'x'.repeat(100)}" is not a decimal amount.`)
    const exponent = `1e${'9'.repeat(150)}`
    expect(reason(() => parseAmount(exponent, 6))).toBe(
      `Exponent out of range in "${exponent.slice(0, 100)}".`,
    )
    const precise = `0.${'1'.repeat(150)}`
    expect(reason(() => parseAmount(precise, 6))).toBe(
      `"${precise.slice(0, 100)}" has more fraction digits than the token's 6 decimals.`,
    )
  })
})
