// First: spl-token needs the global Buffer while it loads (see installBufferGlobal.ts).
import './installBufferGlobal.js'
import { createTransferCheckedInstruction, getAssociatedTokenAddressSync } from '@solana/spl-token'
import { type PublicKey, TransactionMessage, VersionedTransaction } from '@solana/web3.js'
import { computeBudgetInstructions, x402ComputeUnitLimit } from './computeBudget.js'
import { memoInstruction } from './memoInstruction.js'
import type { MintInfo } from './readMint.js'

/** Everything an x402 `exact` Solana transaction is made of. */
export interface X402TransactionParams {
  /** The paying account: token authority and the only signer the client provides. */
  payer: PublicKey
  /** The facilitator's account (`extra.feePayer`): pays the fee and co-signs at settlement. */
  feePayer: PublicKey
  /** The mint, its token program and decimals. */
  mint: Pick<MintInfo, 'address' | 'programId' | 'decimals'>
  /** The payee; the tokens go to its associated token account. */
  payTo: PublicKey
  /** Atomic units, exactly the option's amount (facilitators compare with `===`). */
  amount: bigint
  /** Memo bytes: `extra.memo` as UTF-8, or a random nonce. */
  memo: Uint8Array
  /** The transaction's lifetime. */
  recentBlockhash: string
}

/**
 * Builds the unsigned x402 `exact` transaction exactly as the reference client does
 * (protocols.md §2.2, `@x402/svm` `ExactSvmScheme`): a v0 message paid by the facilitator, with
 * `SetComputeUnitLimit`, `SetComputeUnitPrice`, `TransferChecked` from the payer's associated
 * token account to the payee's, and a Memo, in that order and nothing else (facilitators
 * verify this layout instruction by instruction). No address lookup tables.
 */
export function buildX402Transaction(params: X402TransactionParams): VersionedTransaction {
  const { payer, feePayer, mint, payTo, amount, memo } = params
  // Off-curve owners are allowed like the facilitator's own derivation (`findAssociatedTokenPda`).
  const source = getAssociatedTokenAddressSync(mint.address, payer, true, mint.programId)
  const destination = getAssociatedTokenAddressSync(mint.address, payTo, true, mint.programId)
  const instructions = [
    ...computeBudgetInstructions(x402ComputeUnitLimit(mint.programId, memo.length)),
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
    memoInstruction(memo),
  ]
  const message = new TransactionMessage({
    payerKey: feePayer,
    recentBlockhash: params.recentBlockhash,
    instructions,
  }).compileToV0Message()
  return new VersionedTransaction(message)
}
