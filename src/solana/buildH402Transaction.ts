// First: spl-token needs the global Buffer while it loads (see installBufferGlobal.ts).
import './installBufferGlobal.js'
import {
  createAssociatedTokenAccountIdempotentInstruction,
  createTransferCheckedInstruction,
  getAssociatedTokenAddressSync,
} from '@solana/spl-token'
import {
  type AccountMeta,
  type PublicKey,
  SystemProgram,
  type TransactionInstruction,
  TransactionMessage,
  VersionedTransaction,
} from '@solana/web3.js'
import { computeBudgetInstructions, h402ComputeUnitLimit } from './computeBudget.js'
import type { MintInfo } from './readMint.js'

/** Everything an h402 Solana transaction is made of. */
export interface H402TransactionParams {
  /** The paying account: fee payer, token authority and only signer. */
  payer: PublicKey
  /** The payee. */
  payTo: PublicKey
  /** Lamports for SOL, atomic token units for an SPL token. */
  amount: bigint
  /** The mint for an SPL payment; `undefined` for native SOL. */
  mint: Pick<MintInfo, 'address' | 'programId' | 'decimals'> | undefined
  /** The resource's reference key ({@link resourceReference}), added read-only to the transfer. */
  reference: PublicKey | undefined
  /** The transaction's lifetime. */
  recentBlockhash: string
}

/**
 * Builds the unsigned h402 Solana transaction (protocols.md §2.4) in one of the two layouts h402's
 * facilitator accepts, and nothing more (bit-gpt/h402
 * typescript/packages/h402/src/schemes/exact/solana/facilitator.ts, validateTransactionInstructions):
 * a v0 message paid by the payer with `[SetComputeUnitLimit, SetComputeUnitPrice,
 * SystemProgram.transfer]` for SOL, or `[SetComputeUnitLimit, SetComputeUnitPrice,
 * create-ATA-idempotent, TransferChecked]` for an SPL token (the payer pays the rent if the payee
 * has no token account yet). h402's README and the seeds speak of a memo, but its facilitator
 * counts instructions and reads the transfer at a fixed place, so a Memo gets the payment refused;
 * the resource rides as a reference account of the transfer instead.
 */
export function buildH402Transaction(params: H402TransactionParams): VersionedTransaction {
  const { payer, payTo, amount, mint, reference } = params
  const transfer = mint
    ? splTransfer(payer, payTo, amount, mint)
    : [SystemProgram.transfer({ fromPubkey: payer, toPubkey: payTo, lamports: amount })]
  if (reference) transfer.at(-1)!.keys.push(referenceKey(reference))
  const instructions = [
    ...computeBudgetInstructions(h402ComputeUnitLimit(mint === undefined)),
    ...transfer,
  ]
  const message = new TransactionMessage({
    payerKey: payer,
    recentBlockhash: params.recentBlockhash,
    instructions,
  }).compileToV0Message()
  return new VersionedTransaction(message)
}

function splTransfer(
  payer: PublicKey,
  payTo: PublicKey,
  amount: bigint,
  mint: NonNullable<H402TransactionParams['mint']>,
): TransactionInstruction[] {
  const source = getAssociatedTokenAddressSync(mint.address, payer, true, mint.programId)
  const destination = getAssociatedTokenAddressSync(mint.address, payTo, true, mint.programId)
  return [
    createAssociatedTokenAccountIdempotentInstruction(
      payer,
      destination,
      payTo,
      mint.address,
      mint.programId,
    ),
    createTransferCheckedInstruction(
      source,
      mint.address,
      destination,
      payer,
      amount,
      mint.decimals,
      [],
      mint.programId,
    ),
  ]
}

function referenceKey(reference: PublicKey): AccountMeta {
  return { pubkey: reference, isSigner: false, isWritable: false }
}
