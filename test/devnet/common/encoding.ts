import { bigintReplacer } from './http.js'

/** base64(JSON): the header encoding shared by x402 v1, x402 v2 and h402. */
export function encodeBase64Json(value: unknown): string {
  return Buffer.from(JSON.stringify(value, bigintReplacer), 'utf8').toString('base64')
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/

/** Strict like x402's decoder: a header that is not standard base64 is refused, not guessed at. */
export function decodeBase64Json(text: string): unknown {
  const trimmed = text.trim()
  if (!BASE64.test(trimmed)) throw new Error('not base64')
  return JSON.parse(Buffer.from(trimmed, 'base64').toString('utf8'))
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** Deep equality of JSON values, with key order ignored (x402 v2's rule for matching `accepted`). */
export function jsonDeepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true
  if (Array.isArray(a)) {
    return Array.isArray(b) && a.length === b.length && a.every((x, i) => jsonDeepEqual(x, b[i]))
  }
  if (isRecord(a) && isRecord(b)) {
    const keysA = Object.keys(a).filter((k) => a[k] !== undefined)
    const keysB = Object.keys(b).filter((k) => b[k] !== undefined)
    return keysA.length === keysB.length && keysA.every((k) => jsonDeepEqual(a[k], b[k]))
  }
  return false
}

/**
 * Converts a decimal amount to atomic units from its decimal text, never through floating point.
 * h402 sends `amountRequired` as a JSON number, so `String(n)` may use exponent notation.
 */
export function decimalToAtomic(amount: number | string, decimals: number): bigint {
  const text = typeof amount === 'number' ? numberToPlainString(amount) : amount.trim()
  const match = /^(\d+)(?:\.(\d*))?$/.exec(text)
  if (!match) throw new Error(`not a non-negative decimal: ${text}`)
  const whole = match[1] ?? '0'
  const fraction = match[2] ?? ''
  if (fraction.length > decimals && /[1-9]/.test(fraction.slice(decimals))) {
    throw new Error(`${text} has more than ${decimals} decimals`)
  }
  return BigInt(whole + fraction.slice(0, decimals).padEnd(decimals, '0'))
}

function numberToPlainString(n: number): string {
  if (!Number.isFinite(n) || n < 0) throw new Error(`not a non-negative finite number: ${n}`)
  const text = String(n)
  const exp = /^(\d+)(?:\.(\d+))?e([+-]\d+)$/.exec(text)
  if (!exp) return text
  const digits = (exp[1] ?? '') + (exp[2] ?? '')
  const point = (exp[1] ?? '').length + Number(exp[3])
  if (point <= 0) return `0.${'0'.repeat(-point)}${digits}`
  if (point >= digits.length) return digits + '0'.repeat(point - digits.length)
  return `${digits.slice(0, point)}.${digits.slice(point)}`
}
