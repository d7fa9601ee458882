import { InvalidPaymentRequiredError } from '../errors/parse.js'

/** 402 bodies larger than this are refused: a real challenge is a few KiB. */
export const maxBodyBytes = 256 * 1024

// Decoding without `stream` keeps no state between calls, so one decoder serves every read.
const utf8 = new TextDecoder()

/**
 * Reads a response body as text, refusing more than `limit` bytes without buffering them all.
 * Reads a clone, so the caller's response keeps its body, unless `own` says the caller gives the
 * body up (the engine, which reads a 402 it fetched once: the clone's tee is most of the cost).
 * A refused or aborted read cancels what it read, so an owned body frees its connection. An
 * abort of `signal` stops the read and rejects with the signal's reason (an abort, not an
 * unreadable body), even with a `fetch` whose body ignores the signal.
 */
export async function readBodyText(
  response: Response,
  limit = maxBodyBytes,
  signal?: AbortSignal,
  own = false,
): Promise<string> {
  signal?.throwIfAborted()
  const length = Number(response.headers.get('content-length'))
  if (Number.isFinite(length) && length > limit) throw tooLarge(limit)
  const source = response.bodyUsed ? undefined : own ? response : response.clone()
  if (!source?.body) return ''
  const reader = source.body.getReader()
  const chunks: Uint8Array[] = []
  let size = 0
  for (;;) {
    const { done, value } = await readChunk(reader, signal)
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
  // A body that came in one chunk (most do) is decoded as it is.
  if (chunks.length === 1) return utf8.decode(chunks[0])
  const bytes = new Uint8Array(size)
  let offset = 0
  for (const chunk of chunks) {
    bytes.set(chunk, offset)
    offset += chunk.byteLength
  }
  return utf8.decode(bytes)
}

function tooLarge(limit: number) {
  return new InvalidPaymentRequiredError({ reason: `The body is larger than ${limit} bytes.` })
}

function readChunk(
  reader: ReadableStreamDefaultReader<Uint8Array>,
  signal: AbortSignal | undefined,
): Promise<ReadableStreamReadResult<Uint8Array>> {
  if (!signal) return reader.read()
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      // Not awaited, as above: the other branch of the tee is the caller's.
      reader.cancel(signal.reason).catch(() => {})
      reject(signal.reason)
    }
    if (signal.aborted) return onAbort()
    signal.addEventListener('abort', onAbort, { once: true })
    reader.read().then(
      (result) => {
        signal.removeEventListener('abort', onAbort)
        resolve(result)
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort)
        reject(signal.aborted ? signal.reason : error)
      },
    )
  })
}
