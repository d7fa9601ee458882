import { bytesToHex, type Hex } from 'viem'

const nonceBytes = 32
// Random bytes drawn 64 nonces at a time: one call to the platform CSPRNG costs about as much
// for 2 KiB as for 32 bytes (in Node, ~5 µs each), and every payment needs a nonce.
const poolBytes = nonceBytes * 64
let pool = new Uint8Array(0)
let offset = 0

/**
 * A fresh EIP-3009 nonce: 32 bytes from the platform CSPRNG. Counter- or clock-derived nonces
 * can be predicted or collide (user-needs edge case 13), and every signature needs its own.
 * Bytes come from a pool filled by `crypto.getRandomValues` and each is handed out once.
 */
export function createNonce(): Hex {
  if (offset + nonceBytes > pool.length) {
    pool = globalThis.crypto.getRandomValues(new Uint8Array(poolBytes))
    offset = 0
  }
  const nonce = bytesToHex(pool.subarray(offset, offset + nonceBytes))
  // Wiped once used, so no later read of the pool can give a used nonce back.
  pool.fill(0, offset, offset + nonceBytes)
  offset += nonceBytes
  return nonce
}
