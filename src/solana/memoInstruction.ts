import { TransactionInstruction } from '@solana/web3.js'
import { memoProgramId, randomMemoBytes } from './constants.js'

/**
 * A Memo instruction with no signer accounts, as x402's reference client builds it: the memo
 * binds nothing by itself, it only has to be in the signed message.
 */
export function memoInstruction(data: Uint8Array): TransactionInstruction {
  // web3.js types `data` as a Buffer but only serialises it (buffer-layout's `Blob` takes any
  // Uint8Array), so plain bytes do and the kit needs no Buffer polyfill of its own.
  return new TransactionInstruction({
    programId: memoProgramId,
    keys: [],
    data: data as TransactionInstruction['data'],
  })
}

/**
 * x402's default memo: 16 random bytes, hex-encoded. It makes every payment transaction unique,
 * so two payments of the same amount in the same blockhash window do not collide as one
 * signature (the facilitator de-duplicates by message).
 */
export function randomMemo(): Uint8Array {
  const bytes = crypto.getRandomValues(new Uint8Array(randomMemoBytes))
  const hex = Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('')
  return new TextEncoder().encode(hex)
}
