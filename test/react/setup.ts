/**
 * For the React tests that run in jsdom inside the devnet project: jsdom's globals replace Node's
 * `URL` (the devnet helpers resolve files with `fileURLToPath(new URL(…, import.meta.url))`) and
 * Node's `Uint8Array` realm (web3.js then fails `instanceof Uint8Array`: toolchain.md §2). Put
 * Node's back; in the node environment this changes nothing.
 */
import { URL as NodeURL, URLSearchParams as NodeURLSearchParams } from 'node:url'

globalThis.URL = NodeURL as unknown as typeof URL
globalThis.URLSearchParams = NodeURLSearchParams as unknown as typeof URLSearchParams
const NodeUint8Array = Object.getPrototypeOf(Buffer.prototype).constructor as typeof Uint8Array
if (globalThis.Uint8Array !== NodeUint8Array) {
  globalThis.Uint8Array = NodeUint8Array
  globalThis.ArrayBuffer = Buffer.alloc(0).buffer.constructor as ArrayBufferConstructor
}
