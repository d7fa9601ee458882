import { InvalidAmountError } from '../errors/parse.js'

/**
 * Formats an atomic amount as an exact decimal string: no rounding, no exponent, no trailing
 * zeros. `formatAmount(10000000000000000n, 18) === '0.01'`.
 */
export function formatAmount(atomic: bigint, decimals: number): string {
  assertDecimals(decimals)
  const negative = atomic < 0n
  const digits = (negative ? -atomic : atomic).toString().padStart(decimals + 1, '0')
  const whole = digits.slice(0, digits.length - decimals)
  const fraction = digits.slice(digits.length - decimals).replace(/0+$/, '')
  return `${negative ? '-' : ''}${whole}${fraction ? `.${fraction}` : ''}`
}

/** Decimals must be a small non-negative integer (ERC-20 uses uint8). */
export function assertDecimals(decimals: number): void {
  if (!Number.isInteger(decimals) || decimals < 0 || decimals > 255)
    throw new InvalidAmountError({
      reason: `Decimals must be an integer in 0..255, got ${decimals}.`,
    })
}
