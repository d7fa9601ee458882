/** A request captured once, so it can be sent again with the same method, headers and body. */
export interface RequestSnapshot {
  url: string
  method: string
  headers: Headers
  body: ArrayBuffer | undefined
  /** The caller's other `RequestInit` fields (credentials, mode, cache, signal…). */
  init: RequestInit
}

/**
 * Captures `fetch`'s arguments. The body is read once into memory: a stream can be sent only
 * once, and "body already used" on the paid retry is a classic bug (x402#752).
 */
export async function snapshotRequest(
  input: RequestInfo | URL,
  init?: RequestInit,
): Promise<RequestSnapshot> {
  const request = new Request(input, init)
  const body = request.body === null ? undefined : await request.arrayBuffer()
  const { body: _body, headers: _headers, method: _method, ...rest } = init ?? {}
  const inherited: RequestInit =
    input instanceof Request
      ? {
          credentials: input.credentials,
          mode: input.mode,
          cache: input.cache,
          referrer: input.referrer,
          signal: input.signal,
        }
      : {}
  return {
    url: request.url,
    method: request.method,
    // The Request is this function's own, so its headers are the snapshot's alone: no copy.
    headers: request.headers,
    body,
    init: { ...inherited, ...rest },
  }
}

/**
 * Builds the `fetch` arguments for one send of a snapshot, with an extra header: a new object
 * each time (the caller adds its `signal`), with its own headers and body copy.
 */
export function requestInit(
  snapshot: RequestSnapshot,
  header?: { name: string; value: string },
): RequestInit {
  const headers = new Headers(snapshot.headers)
  if (header) headers.set(header.name, header.value)
  const init: RequestInit = { ...snapshot.init, method: snapshot.method, headers }
  if (snapshot.body !== undefined) init.body = snapshot.body.slice(0)
  return init
}
