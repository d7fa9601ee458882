import { InvalidPaymentRequiredError } from '../errors/parse.js'

/** 402 bodies larger than this are refused: a real challenge is a few KiB. */
export const maxBodyBytes = 256 * 1024

// Decoding without `stream` keeps no state between calls, so one decoder serves every read.
const utf8 = new TextDecoder()

// Taken once: a look-up on a stream itself costs µs in Node 20 (see below).
const streamPrototype = typeof ReadableStream === 'function' ? ReadableStream.prototype : undefined
const getReader = streamPrototype?.getReader

/** How {@link readBodyText} reads a body. */
export interface ReadBodyOptions {
  /** The most bytes read; more is refused. */
  limit?: number
  /** Stops the read: it rejects with the signal's reason. */
  signal?: AbortSignal | undefined
  /**
   * Settles a read, or rejects at once when `signal` has aborted or aborts, in place of a listener
   * of the read's own: the engine's request deadline races every step of a request with one
   * listener for all of them (an `AbortSignal` listener costs µs in Node 20, as much as the rest
   * of the read). Given with `signal`, the signal it follows.
   */
  race?: (<T>(promise: Promise<T>) => Promise<T>) | undefined
  /** The caller gives the body up: it is read itself, not from a clone. */
  own?: boolean
}

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
  { limit = maxBodyBytes, signal, race, own = false }: ReadBodyOptions = {},
): Promise<string> {
  // With a race, the first read's race rejects when the signal has aborted.
  if (!race) signal?.throwIfAborted()
  const length = Number(response.headers.get('content-length'))
  if (Number.isFinite(length) && length > limit) throw tooLarge(limit)
  const body = own ? response.body : cloneBody(response)
  if (!body) return ''
  // A used body reads as empty. It is asked only when it cannot be read: in Node 20 each web
  // stream has a hidden class of its own, so every look-up on it misses V8's caches and
  // `bodyUsed` (or `locked`) costs µs. Read to its end or cancelled, it gives nothing to read;
  // an owned one a reader read in part and released (no `fetch` does that) is read from where it
  // stopped. For the same reason a native stream's `getReader` is called from its prototype.
  let reader: ReadableStreamDefaultReader<Uint8Array>
  try {
    reader =
      getReader && Object.getPrototypeOf(body) === streamPrototype
        ? (getReader.call(body) as ReadableStreamDefaultReader<Uint8Array>)
        : body.getReader()
  } catch (error) {
    if (response.bodyUsed) return ''
    throw error
  }
  // A cancel settles the pending read at once (done), whatever the body's source does, and the
  // abort is reported below. Not awaited: cancelling one branch of a teed (cloned) body settles
  // only when the other branch is cancelled too, which is the caller's to decide.
  const cancel = () => void reader.cancel(signal?.reason).catch(() => {})
  // Without a race: one listener for the whole read, not one per chunk.
  const listens = signal !== undefined && race === undefined
  if (listens) signal.addEventListener('abort', cancel, { once: true })
  const chunks: Uint8Array[] = []
  let size = 0
  try {
    for (;;) {
      let result: ReadableStreamReadResult<Uint8Array>
      try {
        result = await (race ? race(reader.read()) : reader.read())
      } catch (error) {
        if (!signal?.aborted) throw error
        // The race left the read pending: the cancel ends it and frees the body.
        if (race) cancel()
        throw signal.reason
      }
      // A cancel by the listener ends the read as done. (A race rejects its read instead.)
      if (listens && signal.aborted) throw signal.reason
      if (result.done) break
      size += result.value.byteLength
      if (size > limit) {
        reader.cancel().catch(() => {})
        throw tooLarge(limit)
      }
      chunks.push(result.value)
    }
  } finally {
    if (listens) signal.removeEventListener('abort', cancel)
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

/** The body of a clone of `response`; `null` when it has none or it was read (`clone` throws). */
function cloneBody(response: Response): ReadableStream<Uint8Array> | null {
  try {
    return response.clone().body
  } catch (error) {
    if (response.bodyUsed) return null
    throw error
  }
}

function tooLarge(limit: number) {
  return new InvalidPaymentRequiredError({ reason: `The body is larger than ${limit} bytes.` })
}
