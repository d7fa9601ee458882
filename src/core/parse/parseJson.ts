import { isLosslessNumber, loadLosslessJson } from './losslessNumber.js'

/**
 * A parsed JSON document: `value` exactly as `JSON.parse` gives it, `exact` with numbers as their
 * text (lossless-json). When every number of the text reads back as the same text (`300`, `0.01`,
 * not `1e6`, `1.0` or anything above 2^53), or the caller reads none of them from `exact`, the two
 * trees are the same object: the text is parsed once.
 */
export interface ParsedJson {
  value: unknown
  exact: unknown
}

/**
 * Parses JSON keeping each number's original text, so amounts never pass through a float. Throws
 * a `SyntaxError` for text that is not JSON. Gives the result itself when `JSON.parse` kept every
 * number (a 402's usual case: no promise to wait for), else a promise once lossless-json is loaded.
 * `readsNumbers` tells, from the parsed value, whether the caller reads any number from `exact`;
 * when it does not, the text is not scanned for them.
 */
export function parseJson(
  text: string,
  readsNumbers: (value: unknown) => boolean = always,
): ParsedJson | Promise<ParsedJson> {
  const value: unknown = JSON.parse(text)
  if (!readsNumbers(value) || keepsEveryNumber(text)) return { value, exact: value }
  return loadLosslessJson().then(({ parse }) => ({ value, exact: parse(text) }))
}

const always = () => true

/**
 * True when `String(Number(text))` gives back each number's text, so `JSON.parse` lost nothing:
 * no digit beyond a double's precision, no exponent or trailing zero that reads back otherwise.
 * `text` is valid JSON (`JSON.parse` read it first). Strings are jumped over with `indexOf` (a
 * 402 is mostly addresses, URLs and descriptions), so only real number tokens are looked at.
 */
function keepsEveryNumber(text: string): boolean {
  const length = text.length
  let i = 0
  while (i < length) {
    const code = text.charCodeAt(i)
    if (code === 34 /* " */) {
      let end = text.indexOf('"', i + 1)
      while (end !== -1 && escaped(text, end)) end = text.indexOf('"', end + 1)
      if (end === -1) return true
      i = end + 1
    } else if (code === 45 /* - */ || (code >= 48 && code <= 57)) {
      let end = i + 1
      let digits = code !== 45
      for (; end < length; end++) {
        const next = text.charCodeAt(end)
        if (!isNumberPart(next)) break
        if (next < 48 || next > 57) digits = false
      }
      // Most of a 402's numbers (`1`, `300`): up to 15 digits, no sign, no leading zero, read
      // back as written without the text to compare.
      const plain = digits && end - i < 16 && (code !== 48 || end - i === 1)
      if (!plain) {
        const token = text.slice(i, end)
        if (String(Number(token)) !== token) return false
      }
      i = end
    } else i++
  }
  return true
}

/** True when the quote at `index` is escaped: an odd run of backslashes before it. */
function escaped(text: string, index: number): boolean {
  let backslashes = 0
  while (text.charCodeAt(index - 1 - backslashes) === 92 /* \ */) backslashes++
  return backslashes % 2 === 1
}

/** Digits, `.`, `e`, `E`, `+`, `-`: what a JSON number token is made of after its first character. */
function isNumberPart(code: number): boolean {
  return (
    (code >= 48 && code <= 57) ||
    code === 46 ||
    code === 101 ||
    code === 69 ||
    code === 43 ||
    code === 45
  )
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
