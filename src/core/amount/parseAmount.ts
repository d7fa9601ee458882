import { InvalidAmountError } from '../errors/parse.js'
import { assertDecimals } from './formatAmount.js'

// Plain decimals ('1', '0.01', '.5') and JSON's exponent form ('1e-7', '2.5E+3').
const decimalPattern = /^(\d+)?(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/

// '1e999999999' would make a billion-digit bigint; no real price needs more than this.
const maxExponent = 400

/**
 * Parses a decimal amount into atomic units, exactly. `parseAmount('0.01', 18) ===
 * 10000000000000000n`. Accepts JSON's exponent notation so h402 amounts sent as JSON numbers
 * convert from their text, never through floating point. Throws {@link InvalidAmountError} for
 * negative or malformed text and for digits beyond the token's decimals (no rounding).
 */
export function parseAmount(text: string, decimals: number): bigint {
  assertDecimals(decimals)
  const match = typeof text === 'string' ? decimalPattern.exec(text) : null
  if (!match || (match[1] === undefined && match[2] === undefined))
    throw new InvalidAmountError({
      reason: `"${String(text).slice(0, 100)}" is not a decimal amount.`,
    })
  const [, whole = '', fraction = '', exponentText = '0'] = match
  const exponent = Number(exponentText)
  if (!Number.isSafeInteger(exponent) || Math.abs(exponent) > maxExponent)
    throw new InvalidAmountError({ reason: `Exponent out of range in "${text.slice(0, 100)}".` })

  // value = 0.<digits> shifted: digits × 10^(shift), shift = exponent − fraction length + decimals
  const digits = `${whole}${fraction}`.replace(/^0+(?=\d)/, '')
  const shift = exponent - fraction.length + decimals
  if (shift >= 0) return BigInt(digits) * 10n ** BigInt(shift)
  const cut = digits.length + shift
  const kept = cut > 0 ? digits.slice(0, cut) : '0'
  const dropped = cut > 0 ? digits.slice(cut) : digits
  if (/[1-9]/.test(dropped))
    throw new InvalidAmountError({
      reason: `"${text.slice(0, 100)}" has more fraction digits than the token's ${decimals} decimals.`,
    })
  return BigInt(kept)
}
