import { type PublicKey, VersionedTransaction } from '@solana/web3.js'
import { ChainRequestError, UnsupportedWalletError } from '../core/errors/wallet.js'
import { TransactionModifiedError } from './errors.js'
import { isKeypairSigner, type SolanaSigner } from './solanaSigner.js'
import { toH402Error } from './toH402Error.js'

/**
 * Adds the payer's signature to a transaction the kit built, and nothing else: other signature
 * slots (x402's fee payer) stay as they are. A wallet is handed a copy; what it returns is only
 * accepted when its message is byte-for-byte the one built, because some wallets rewrite the
 * transaction before signing (Mobile Wallet Adapter raises the compute-unit price, x402#2855;
 * Phantom may add Lighthouse instructions), and then the signature covers something the person
 * was not shown and the facilitator refuses. Wallet errors become typed `H402Error`s.
 */
export async function signPaymentTransaction(
  signer: SolanaSigner,
  transaction: VersionedTransaction,
  payer: PublicKey,
): Promise<VersionedTransaction> {
  const slot = signerSlot(transaction, payer)
  if (isKeypairSigner(signer)) {
    if (!signer.publicKey.equals(payer))
      throw new ChainRequestError({ details: 'The keypair is not the paying account.' })
    transaction.sign([signer])
    return transaction
  }
  if (!signer.signTransaction)
    throw new UnsupportedWalletError({
      reason: 'The wallet cannot sign a transaction without sending it.',
    })
  const built = transaction.message.serialize()
  let returned: unknown
  try {
    returned = await signer.signTransaction(
      VersionedTransaction.deserialize(transaction.serialize()),
    )
  } catch (error) {
    throw toH402Error(error)
  }
  const signed = returned as Partial<VersionedTransaction> | null | undefined
  if (typeof signed?.message?.serialize !== 'function' || !Array.isArray(signed.signatures))
    throw new TransactionModifiedError({
      details: 'The wallet did not return a versioned transaction.',
    })
  if (!sameBytes(signed.message.serialize(), built))
    throw new TransactionModifiedError({
      details: 'The signed message differs from the built one (e.g. another compute-unit price).',
    })
  const signature = signed.signatures[slot]
  if (
    !(signature instanceof Uint8Array) ||
    signature.length !== 64 ||
    signature.every((b) => b === 0)
  )
    throw new ChainRequestError({
      details: `The wallet did not sign for the paying account ${payer.toBase58()}.`,
    })
  transaction.addSignature(payer, signature)
  return transaction
}

/** Index of the payer's signature in the transaction, which must require it. */
function signerSlot(transaction: VersionedTransaction, payer: PublicKey): number {
  const { header, staticAccountKeys } = transaction.message
  const slot = staticAccountKeys
    .slice(0, header.numRequiredSignatures)
    .findIndex((key) => key.equals(payer))
  if (slot < 0) throw new ChainRequestError({ details: 'The payer does not sign the transaction.' })
  return slot
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, index) => byte === b[index])
}
