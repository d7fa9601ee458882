import { createHash } from 'node:crypto'
import type { IncomingMessage } from 'node:http'
import type { Duplex } from 'node:stream'

/**
 * Just enough of RFC 6455 for a Solana PubSub endpoint: text frames, ping/pong, close. No extensions
 * and no fragmentation on send. Written by hand because `ws` is not one of the project's declared
 * dependencies, and @solana/web3.js needs a websocket to confirm transactions.
 */
export interface WebSocketConnection {
  send(text: string): void
  close(): void
  onMessage(handler: (text: string) => void): void
  onClose(handler: () => void): void
}

const GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11'

export function acceptWebSocket(
  req: IncomingMessage,
  socket: Duplex,
): WebSocketConnection | undefined {
  const key = req.headers['sec-websocket-key']
  if (req.headers.upgrade?.toLowerCase() !== 'websocket' || typeof key !== 'string') {
    socket.end('HTTP/1.1 400 Bad Request\r\n\r\n')
    return undefined
  }
  const accept = createHash('sha1')
    .update(key + GUID)
    .digest('base64')
  socket.write(
    'HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
      `Sec-WebSocket-Accept: ${accept}\r\n\r\n`,
  )

  const messageHandlers: ((text: string) => void)[] = []
  const closeHandlers: (() => void)[] = []
  let buffer = Buffer.alloc(0)
  let fragments: Buffer[] = []
  let closed = false

  const writeFrame = (opcode: number, payload: Buffer) => {
    if (closed || socket.destroyed) return
    const length = payload.length
    let header: Buffer
    if (length < 126) {
      header = Buffer.from([0x80 | opcode, length])
    } else if (length < 65536) {
      header = Buffer.alloc(4)
      header[0] = 0x80 | opcode
      header[1] = 126
      header.writeUInt16BE(length, 2)
    } else {
      header = Buffer.alloc(10)
      header[0] = 0x80 | opcode
      header[1] = 127
      header.writeBigUInt64BE(BigInt(length), 2)
    }
    socket.write(Buffer.concat([header, payload]))
  }

  const finish = () => {
    if (closed) return
    closed = true
    for (const handler of closeHandlers) handler()
  }

  socket.on('data', (chunk: Buffer) => {
    buffer = Buffer.concat([buffer, chunk])
    for (;;) {
      if (buffer.length < 2) return
      const first = buffer[0] ?? 0
      const second = buffer[1] ?? 0
      const fin = (first & 0x80) !== 0
      const opcode = first & 0x0f
      const masked = (second & 0x80) !== 0
      let length = second & 0x7f
      let offset = 2
      if (length === 126) {
        if (buffer.length < 4) return
        length = buffer.readUInt16BE(2)
        offset = 4
      } else if (length === 127) {
        if (buffer.length < 10) return
        length = Number(buffer.readBigUInt64BE(2))
        offset = 10
      }
      const maskOffset = offset
      if (masked) offset += 4
      if (buffer.length < offset + length) return
      const payload = Buffer.from(buffer.subarray(offset, offset + length))
      if (masked) {
        for (let i = 0; i < payload.length; i++) {
          payload[i] = (payload[i] ?? 0) ^ (buffer[maskOffset + (i % 4)] ?? 0)
        }
      }
      buffer = buffer.subarray(offset + length)

      if (opcode === 0x8) {
        writeFrame(0x8, Buffer.alloc(0))
        socket.end()
        finish()
        return
      }
      if (opcode === 0x9) {
        writeFrame(0xa, payload)
        continue
      }
      if (opcode === 0xa) continue
      // Text (0x1), binary (0x2) or a continuation (0x0) of either.
      fragments.push(payload)
      if (fin) {
        const text = Buffer.concat(fragments).toString('utf8')
        fragments = []
        for (const handler of messageHandlers) handler(text)
      }
    }
  })
  socket.on('close', finish)
  socket.on('error', finish)

  return {
    send: (text) => writeFrame(0x1, Buffer.from(text, 'utf8')),
    close: () => {
      writeFrame(0x8, Buffer.alloc(0))
      socket.end()
      finish()
    },
    onMessage: (handler) => messageHandlers.push(handler),
    onClose: (handler) => closeHandlers.push(handler),
  }
}
