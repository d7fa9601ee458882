import { PublicKey } from '@solana/web3.js'

/**
 * The account key that binds an h402 Solana payment to its resource: the SHA-256 of the resource
 * URL (UTF-8) read as a public key, added read-only to the transfer instruction as a Solana Pay
 * "reference". h402's facilitator accepts only `[SetComputeUnitLimit, SetComputeUnitPrice,
 * (create-ATA,) transfer]` (bit-gpt/h402 typescript/packages/h402/src/schemes/exact/solana/facilitator.ts),
 * so there is no room for a Memo; the System and Token programs ignore accounts past the ones a
 * transfer uses, and the facilitator reads only those. Anyone holding the URL can recompute the
 * key and find the payment with `getSignaturesForAddress(reference)`.
 *
 * `undefined` without WebCrypto (an insecure browser context): the payment is then not bound,
 * which h402 servers do not check anyway.
 */
export async function resourceReference(resource: string): Promise<PublicKey | undefined> {
  const subtle = globalThis.crypto?.subtle
  if (!subtle) return undefined
  const digest = await subtle.digest('SHA-256', new TextEncoder().encode(resource))
  return new PublicKey(new Uint8Array(digest))
}
