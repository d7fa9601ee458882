import type http from 'node:http'
import type { AddressInfo, Socket } from 'node:net'

/** An HTTP server bound to 127.0.0.1 that can be closed without waiting for idle keep-alive sockets. */
export interface RunningHttpServer {
  readonly server: http.Server
  readonly port: number
  /** `http://127.0.0.1:<port>` */
  readonly url: string
  close(): Promise<void>
}

/**
 * Listens on 127.0.0.1. Tracks sockets so that `close()` can destroy them: `server.close()` alone
 * waits for every keep-alive connection (browsers, undici) to go idle, which makes teardown hang.
 */
export async function listenHttp(server: http.Server, port = 0): Promise<RunningHttpServer> {
  const sockets = new Set<Socket>()
  server.on('connection', (socket) => {
    sockets.add(socket)
    socket.once('close', () => sockets.delete(socket))
  })
  await new Promise<void>((resolve, reject) => {
    const onError = (error: Error) => reject(error)
    server.once('error', onError)
    server.listen(port, '127.0.0.1', () => {
      server.off('error', onError)
      resolve()
    })
  })
  const bound = (server.address() as AddressInfo).port
  let closing: Promise<void> | undefined
  return {
    server,
    port: bound,
    url: `http://127.0.0.1:${bound}`,
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve())
        for (const socket of sockets) socket.destroy()
        server.closeAllConnections()
      })
      return closing
    },
  }
}

/** Reads a whole request body (bounded, because the devnet also serves browsers during `npm start`). */
export async function readBody(
  req: http.IncomingMessage,
  limit = 4 * 1024 * 1024,
): Promise<Buffer> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of req) {
    const buf = chunk as Buffer
    size += buf.length
    if (size > limit) throw new Error(`request body larger than ${limit} bytes`)
    chunks.push(buf)
  }
  return Buffer.concat(chunks)
}

export function sendJson(
  res: http.ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body, bigintReplacer)
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    ...headers,
  })
  res.end(text)
}

/** JSON has no bigint; atomic amounts travel as decimal strings, like every x402/h402 wire format. */
export function bigintReplacer(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? value.toString() : value
}

/** POSTs JSON and parses the JSON answer; throws with the body text when the status is not 2xx. */
export async function postJson<T>(url: string, body: unknown): Promise<T> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body, bigintReplacer),
  })
  const text = await response.text()
  if (!response.ok) throw new Error(`POST ${url} answered ${response.status}: ${text}`)
  return JSON.parse(text) as T
}
