import { isLosslessNumber } from './losslessNumber.js'

// Only the parts of a 402 that hold a number JSON.parse does not keep as written (above 2^53,
// more digits than a double holds, `1e6`, `1.0`) get an exact twin: everything else stays plain.
const exactTwins = new WeakMap<object, unknown>()

/**
 * Remembers the exact (lossless) tree of a parsed value when the value lost precision, so that
 * what is echoed back to the server (x402 v2 `accepted`, `resource`, `extensions`) is exactly
 * what it sent (its deep-equality match fails otherwise).
 */
export function rememberExact(value: unknown, exact: unknown): void {
  // One tree for both (parseJson found nothing JSON.parse would change): nothing to remember.
  if (value === exact) return
  if (typeof value === 'object' && value !== null && holdsLosslessNumber(exact, 0))
    exactTwins.set(value, exact)
}

/** The exact twin of a parsed value when it lost precision, else the value itself. */
export function exactOf(value: unknown): unknown {
  return typeof value === 'object' && value !== null ? (exactTwins.get(value) ?? value) : value
}

function holdsLosslessNumber(exact: unknown, depth: number): boolean {
  // parseJson keeps a number as lossless-json's only when JSON.parse would not give back its text.
  if (isLosslessNumber(exact)) return true
  // Parsed JSON is bounded by the body limit; the depth bound keeps this total regardless.
  if (typeof exact !== 'object' || exact === null || depth > 64) return false
  return Object.values(exact).some((child) => holdsLosslessNumber(child, depth + 1))
}
