import { Connection, Keypair } from '@solana/web3.js'
import { afterEach, expect, test } from 'vitest'
import { solanaPayer } from './solanaPayer.js'

const nodeBuffer = globalThis.Buffer
afterEach(() => {
  globalThis.Buffer = nodeBuffer
})

test('making a Solana payer gives spl-token the global Buffer a browser lacks', () => {
  // A browser: no global Buffer.
  delete (globalThis as { Buffer?: unknown }).Buffer
  solanaPayer(Keypair.generate(), { connection: new Connection('http://127.0.0.1:1') })
  const installed = (globalThis as { Buffer?: typeof Buffer }).Buffer
  expect(installed?.from([1, 2]).readUInt16LE(0)).toBe(0x0201)
})

test("an app's own Buffer is kept", () => {
  const own = Object.assign(() => {}, { mine: true })
  ;(globalThis as { Buffer?: unknown }).Buffer = own
  solanaPayer(Keypair.generate(), { connection: new Connection('http://127.0.0.1:1') })
  expect(globalThis.Buffer).toBe(own)
})
