import { isLosslessNumber, loadLosslessJson } from './losslessNumber.js'

/**
 * A parsed JSON document: `value` exactly as `JSON.parse` gives it, `exact` with numbers as their
 * text (lossless-json). When every number of the text reads back as the same text (`300`, `0.01`,
 * not `1e6`, `1.0` or anything above 2^53), the two trees are the same object: the text is parsed
 * once.
 */
export interface ParsedJson {
  value: unknown
  exact: unknown
}

/**
 * Parses JSON keeping each number's original text, so amounts never pass through a float. Throws
 * (rejects) a `SyntaxError` for text that is not JSON.
 */
export async function parseJson(text: string): Promise<ParsedJson> {
  const value: unknown = JSON.parse(text)
  if (keepsEveryNumber(text)) return { value, exact: value }
  const { parse } = await loadLosslessJson()
  return { value, exact: parse(text) }
}

// Every JSON number token follows `:`, `,` or `[` (or starts the text), after optional whitespace;
// the pattern also finds digits inside strings, which at worst costs a lossless parse for nothing.
const numberToken = /(?:^|[:,[])\s*(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)/g

/**
 * True when `String(Number(text))` gives back each number's text, so `JSON.parse` lost nothing:
 * no digit beyond a double's precision, no exponent or trailing zero that reads back otherwise.
 */
function keepsEveryNumber(text: string): boolean {
  for (const match of text.matchAll(numberToken)) {
    const token = match[1] as string
    if (String(Number(token)) !== token) return false
  }
  return true
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
