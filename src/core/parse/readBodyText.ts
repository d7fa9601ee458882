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
   * Calls back with the reason when `signal` aborts (at once when it has), and gives back the
   * function that forgets the callback: in place of a listener of the read's own, for the
   * engine's request deadline, which follows every step of a request with one listener for all
   * (an `AbortSignal` listener costs µs in Node 20, as much as the rest of the read). Given
   * with `signal`, the signal it follows.
   */
  onAbort?: ((callback: (reason: unknown) => void) => () => void) | undefined
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
  { limit = maxBodyBytes, signal, onAbort, own = false }: ReadBodyOptions = {},
): Promise<string> {
  // `onAbort` calls back at once when the signal has aborted, once there is a read to stop.
  if (!onAbort) signal?.throwIfAborted()
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
  // An abort cancels the read, which settles the pending read at once (done), whatever the body's
  // source does; the abort is reported below. Not awaited: cancelling one branch of a teed
  // (cloned) body settles only when the other branch is cancelled too, the caller's to decide.
  let stopped: { reason: unknown } | undefined
  const stop = (reason: unknown) => {
    stopped = { reason }
    reader.cancel(reason).catch(() => {})
  }
  // One callback for the whole read, not one per chunk.
  const forget = onAbort ? onAbort(stop) : signal && listen(signal, stop)
  const chunks: Uint8Array[] = []
  let size = 0
  try {
    for (;;) {
      let result: ReadableStreamReadResult<Uint8Array>
      try {
        result = await reader.read()
      } catch (error) {
        throw stopped ? stopped.reason : error
      }
      if (stopped) throw stopped.reason
      if (result.done) break
      size += result.value.byteLength
      if (size > limit) {
        reader.cancel().catch(() => {})
        throw tooLarge(limit)
      }
      chunks.push(result.value)
    }
  } finally {
    forget?.()
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

/** Calls `stop` with the reason when `signal` aborts; gives back the function that stops listening. */
function listen(signal: AbortSignal, stop: (reason: unknown) => void): () => void {
  const onAbort = () => stop(signal.reason)
  signal.addEventListener('abort', onAbort, { once: true })
  return () => signal.removeEventListener('abort', onAbort)
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
