import { describe, expect, test } from 'vitest'
import { requestInit, snapshotRequest } from './requestSnapshot.js'

// The snapshot of a plain call is made without a Request: it must be what a Request makes.
const base = 'https://api.example.com/premium'

describe('snapshotRequest', () => {
  test.each<[string, RequestInfo | URL, RequestInit | undefined]>([
    ['a URL string', `${base}?q=1#part`, undefined],
    ['a URL object', new URL(`${base}/../other`), undefined],
    ['a spelling the URL parser changes', 'HTTPS://API.example.com:443/./a/../b', undefined],
    [
      'method, headers and signal',
      base,
      { method: 'POST', headers: { 'X-A': '1' }, signal: new AbortController().signal },
    ],
    ['a lower-case method', base, { method: 'post' }],
    ['a body', base, { method: 'PUT', body: 'text' }],
    ['another option', base, { credentials: 'include', headers: [['x-b', '2']] }],
    ['a Request', new Request(base, { method: 'DELETE', headers: { 'x-c': '3' } }), undefined],
    ['null body and signal', base, { body: null, signal: null }],
  ])('%s: url, method, headers and body as a Request has them', async (_name, input, init) => {
    const snapshot = await snapshotRequest(input, init)
    const request = new Request(input, init)
    expect(snapshot.url).toBe(request.url)
    expect(snapshot.method).toBe(request.method)
    expect([...snapshot.headers]).toEqual([...request.headers])
    const body = request.body === null ? undefined : await request.arrayBuffer()
    expect(snapshot.body).toEqual(body)
    expect(snapshot.init.signal ?? null).toBe(
      init?.signal ?? (input instanceof Request ? input.signal : null),
    )
  })

  test.each<[string, RequestInfo | URL, RequestInit | undefined]>([
    ['credentials in the URL', 'https://user:pass@api.example.com/', undefined],
    ['a forbidden method', base, { method: 'CONNECT' }],
    ['a body on a GET', base, { body: 'x' }],
    ['a signal that is not one', base, { signal: {} as AbortSignal }],
    ['an invalid header name', base, { headers: { 'bad name': '1' } }],
  ])('%s: refused as a Request refuses it', async (_name, input, init) => {
    expect(() => new Request(input, init)).toThrow(TypeError)
    await expect(snapshotRequest(input, init)).rejects.toThrow(TypeError)
  })

  test("the snapshot's headers are its own; each send gets a copy with its payment header", async () => {
    const headers = new Headers({ 'x-a': '1' })
    const snapshot = await snapshotRequest(base, { headers })
    headers.set('x-a', 'changed')
    expect(snapshot.headers.get('x-a')).toBe('1')
    const init = requestInit(snapshot, { name: 'X-PAYMENT', value: 'abc' })
    expect(new Headers(init.headers).get('x-payment')).toBe('abc')
    expect(snapshot.headers.has('x-payment')).toBe(false)
    expect(requestInit(snapshot).headers).not.toBe(init.headers)
  })
})
