import { InvalidPaymentRequiredError } from '../errors/parse.js'

/** 402 bodies larger than this are refused: a real challenge is a few KiB. */
export const maxBodyBytes = 256 * 1024

/**
 * Reads a response body as text, refusing more than `limit` bytes without buffering them all.
 * Reads a clone when it can, so the caller's response keeps its body.
 */
export async function readBodyText(response: Response, limit = maxBodyBytes): Promise<string> {
  const length = Number(response.headers.get('content-length'))
  if (Number.isFinite(length) && length > limit) throw tooLarge(limit)
  const source = response.bodyUsed ? undefined : response.clone()
  if (!source?.body) return ''
  const reader = source.body.getReader()
  const chunks: Uint8Array[] = []
  let size = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    size += value.byteLength
    if (size > limit) {
      // Not awaited: cancelling one branch of a teed (cloned) body settles only when the other
      // branch is cancelled too, which is the caller's to decide.
      reader.cancel().catch(() => {})
      throw tooLarge(limit)
    }
    chunks.push(value)
  }
  const bytes = new Uint8Array(size)
  let offset = 0
  for (const chunk of chunks) {
    bytes.set(chunk, offset)
    offset += chunk.byteLength
  }
  return new TextDecoder().decode(bytes)
}

function tooLarge(limit: number) {
  return new InvalidPaymentRequiredError({ reason: `The body is larger than ${limit} bytes.` })
}
