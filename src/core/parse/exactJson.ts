import { isLosslessNumber, isSafeNumber } from 'lossless-json'

// Only the parts of a 402 that hold a number JSON.parse cannot keep exactly (above 2^53, or
// more digits than a double holds) get an exact twin: everything else stays plain objects.
const exactTwins = new WeakMap<object, unknown>()

/**
 * Remembers the exact (lossless) tree of a parsed value when the value lost precision, so that
 * what is echoed back to the server (x402 v2 `accepted`, `resource`, `extensions`) is exactly
 * what it sent (its deep-equality match fails otherwise).
 */
export function rememberExact(value: unknown, exact: unknown): void {
  // One tree for both (parseJson found nothing JSON.parse would change): nothing to remember.
  if (value === exact) return
  if (typeof value === 'object' && value !== null && holdsUnsafeNumber(exact, 0))
    exactTwins.set(value, exact)
}

/** The exact twin of a parsed value when it lost precision, else the value itself. */
export function exactOf(value: unknown): unknown {
  return typeof value === 'object' && value !== null ? (exactTwins.get(value) ?? value) : value
}

function holdsUnsafeNumber(exact: unknown, depth: number): boolean {
  if (isLosslessNumber(exact)) return !isSafeNumber(exact.value)
  // Parsed JSON is bounded by the body limit; the depth bound keeps this total regardless.
  if (typeof exact !== 'object' || exact === null || depth > 64) return false
  return Object.values(exact).some((child) => holdsUnsafeNumber(child, depth + 1))
}
