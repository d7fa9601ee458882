/**
 * The cache key of a paywalled request: method, URL, headers and a text body. Two components
 * showing the same request share one session (one payment). Pass `key` to the hook for bodies
 * that are not text.
 */
export function requestKey(url: string | URL, init: RequestInit | undefined): string {
  const headers = init?.headers ? [...new Headers(init.headers).entries()] : []
  const body = typeof init?.body === 'string' ? init.body : init?.body ? '[body]' : ''
  return JSON.stringify([init?.method?.toUpperCase() ?? 'GET', String(url), headers, body])
}
