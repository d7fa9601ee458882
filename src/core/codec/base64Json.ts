import { InvalidHeaderError } from '../errors/parse.js'

/** Payment headers larger than this are refused (servers cap headers near 8 KiB; x402 ~4 KiB). */
export const maxHeaderLength = 64 * 1024

const base64Pattern = /^[A-Za-z0-9+/]*$/
const base64UrlPattern = /^[A-Za-z0-9_-]*$/
// Headers are JSON, nearly always ASCII: their UTF-8 bytes are their characters, so `btoa` and
// `atob` take and give the text as it is, with no byte array in between.
const nonAscii = /[\u0080-\uffff]/
// Decoding without `stream` keeps no state between calls (a fatal error resets it too), so one
// decoder serves every header.
const utf8 = new TextDecoder('utf-8', { fatal: true })

/** Standard, padded base64 of bytes, without Node's `Buffer` (browsers have none). */
export function encodeBase64(bytes: Uint8Array): string {
  let binary = ''
  // Chunked so a large payload does not overflow the argument list of String.fromCharCode; `apply`
  // takes the typed array as it is, where a spread first copies it into an array (~50 kB a payment).
  for (let i = 0; i < bytes.length; i += 0x8000)
    binary += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000) as unknown as number[])
  return btoa(binary)
}

/** Standard, padded base64 of a text's UTF-8 bytes. */
export function encodeBase64Text(text: string): string {
  return nonAscii.test(text) ? encodeBase64(new TextEncoder().encode(text)) : btoa(text)
}

function jsonReplacer(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? value.toString() : value
}

/**
 * Encodes a value as base64 (standard alphabet, padded) of its UTF-8 JSON, as every dialect's
 * headers are. Bigints become decimal strings. UTF-8 safe, unlike h402's browser `btoa`.
 */
export function encodeBase64Json(value: unknown): string {
  return encodeBase64Text(JSON.stringify(value, jsonReplacer))
}

/**
 * Decodes base64 (standard, or URL-safe as some servers send) of UTF-8 JSON. Throws
 * {@link InvalidHeaderError} for anything else, including invalid UTF-8.
 */
export function decodeBase64Json(text: string): unknown {
  const json = decodeBase64Text(text)
  try {
    return JSON.parse(json)
  } catch (cause) {
    throw new InvalidHeaderError({ reason: 'The header is not JSON.', cause })
  }
}

/**
 * Decodes base64 to its UTF-8 text without parsing it. Standard or URL-safe alphabet (not a mix
 * of both), at most two `=`, padding optional; surrounding whitespace is ignored, inner
 * whitespace is not base64.
 */
export function decodeBase64Text(text: string): string {
  const trimmed = text.trim()
  if (trimmed.length === 0) throw new InvalidHeaderError({ reason: 'The header is empty.' })
  if (trimmed.length > maxHeaderLength)
    throw new InvalidHeaderError({
      reason: `The header is longer than ${maxHeaderLength} characters.`,
    })
  let end = trimmed.length
  while (end > 0 && trimmed.charCodeAt(end - 1) === 61 /* = */) end--
  if (trimmed.length - end > 2) throw notBase64()
  const unpadded = trimmed.slice(0, end)
  // `atob` checks the alphabet itself (faster than a pattern), but it skips inner whitespace.
  let binary =
    unpadded.length % 4 === 1 || hasWhitespace(unpadded) ? undefined : tryAtob(padded(unpadded))
  if (binary === undefined) {
    const url = !base64Pattern.test(unpadded)
    if (url && !base64UrlPattern.test(unpadded)) throw notBase64()
    if (unpadded.length % 4 === 1) throw new InvalidHeaderError({ reason: 'Truncated base64.' })
    binary = atob(padded(url ? unpadded.replace(/-/g, '+').replace(/_/g, '/') : unpadded))
  }
  if (!nonAscii.test(binary)) return binary
  const bytes = new Uint8Array(binary.length)
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i)
  try {
    return utf8.decode(bytes)
  } catch (cause) {
    throw new InvalidHeaderError({ reason: 'The header is not UTF-8 text.', cause })
  }
}

function notBase64(): InvalidHeaderError {
  return new InvalidHeaderError({ reason: 'Not base64.' })
}

function padded(unpadded: string): string {
  const rest = unpadded.length % 4
  return rest === 0 ? unpadded : unpadded + (rest === 2 ? '==' : '=')
}

// The ASCII whitespace `atob` skips.
const asciiWhitespace = [' ', '\n', '\t', '\r', '\f']

function hasWhitespace(text: string): boolean {
  // `includes` per character is much faster than a pattern over the whole header.
  for (const space of asciiWhitespace) if (text.includes(space)) return true
  return false
}

function tryAtob(text: string): string | undefined {
  try {
    return atob(text)
  } catch {
    return undefined
  }
}
