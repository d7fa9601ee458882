import {
  createAssociatedTokenAccountIdempotentInstruction,
  createTransferCheckedInstruction,
  getAssociatedTokenAddressSync,
} from '@solana/spl-token'
import {
  type PublicKey,
  SystemProgram,
  type TransactionInstruction,
  TransactionMessage,
  VersionedTransaction,
} from '@solana/web3.js'
import { computeBudgetInstructions, h402ComputeUnitLimit } from './computeBudget.js'
import { memoInstruction } from './memoInstruction.js'
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
  /** Memo bytes: the option's `resource` as UTF-8. */
  memo: Uint8Array
  /** The transaction's lifetime. */
  recentBlockhash: string
}

/**
 * Builds the unsigned h402 Solana transaction (protocols.md §2.4): a v0 message paid by the
 * payer with `SetComputeUnitLimit` and `SetComputeUnitPrice`, then `SystemProgram.transfer` for
 * SOL, or create-ATA-idempotent (the payer pays the rent if the payee has no token account yet)
 * plus `TransferChecked` for an SPL token, and last a Memo with the resource. h402's own client
 * adds no memo although its README and the seeds promise one; the memo is what ties the
 * payment to the resource on chain.
 */
export function buildH402Transaction(params: H402TransactionParams): VersionedTransaction {
  const { payer, payTo, amount, mint, memo } = params
  const transfer = mint
    ? splTransfer(payer, payTo, amount, mint)
    : [SystemProgram.transfer({ fromPubkey: payer, toPubkey: payTo, lamports: amount })]
  const instructions = [
    ...computeBudgetInstructions(h402ComputeUnitLimit(mint === undefined, memo.length)),
    ...transfer,
    memoInstruction(memo),
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
