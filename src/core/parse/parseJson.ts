import { isLosslessNumber, parse as parseLossless } from 'lossless-json'

/** JSON parsed twice: `value` exactly as `JSON.parse` gives it, `exact` with numbers as their text. */
export interface ParsedJson {
  value: unknown
  exact: unknown
}

/** Parses JSON keeping each number's original text, so amounts never pass through a float. */
export function parseJson(text: string): ParsedJson {
  const value: unknown = JSON.parse(text)
  return { value, exact: parseLossless(text) }
}

/** The decimal text of a JSON number or string from the `exact` tree, else `undefined`. */
export function numberText(value: unknown): string | undefined {
  if (typeof value === 'string') return value
  if (isLosslessNumber(value)) return value.value
  if (typeof value === 'number' && Number.isFinite(value)) return String(value)
  return undefined
}

/** Reads `key` of an object in either tree without touching inherited properties. */
export function field(object: unknown, key: string): unknown {
  if (typeof object !== 'object' || object === null || Array.isArray(object)) return undefined
  return Object.hasOwn(object, key) ? (object as Record<string, unknown>)[key] : undefined
}
