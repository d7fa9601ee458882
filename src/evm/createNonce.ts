import { bytesToHex, type Hex } from 'viem'

/**
 * A fresh EIP-3009 nonce: 32 bytes from the platform CSPRNG. Counter- or clock-derived nonces
 * can be predicted or collide (user-needs edge case 13), and every signature needs its own.
 */
export function createNonce(): Hex {
  return bytesToHex(globalThis.crypto.getRandomValues(new Uint8Array(32)))
}
