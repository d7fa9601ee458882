import {
  decodeTransferCheckedInstruction,
  getAssociatedTokenAddressSync,
  TOKEN_2022_PROGRAM_ID,
  TOKEN_PROGRAM_ID,
} from '@solana/spl-token'
import {
  ComputeBudgetInstruction,
  ComputeBudgetProgram,
  Keypair,
  TransactionMessage,
} from '@solana/web3.js'
import { describe, expect, it } from 'vitest'
import { buildX402Transaction } from './buildX402Transaction.js'
import { memoProgramId } from './constants.js'

const payer = Keypair.generate().publicKey
const feePayer = Keypair.generate().publicKey
const payTo = Keypair.generate().publicKey
const mintAddress = Keypair.generate().publicKey
const recentBlockhash = Keypair.generate().publicKey.toBase58()
const memo = new TextEncoder().encode('0123456789abcdef0123456789abcdef')

function build(programId = TOKEN_PROGRAM_ID, memoBytes = memo) {
  const transaction = buildX402Transaction({
    payer,
    feePayer,
    mint: { address: mintAddress, programId, decimals: 6 },
    payTo,
    amount: 12_345n,
    memo: memoBytes,
    recentBlockhash,
  })
  return { transaction, message: TransactionMessage.decompile(transaction.message) }
}

describe('buildX402Transaction', () => {
  it('builds [limit, price, TransferChecked, Memo] in a v0 message paid by the facilitator', () => {
    const { transaction, message } = build()
    expect(transaction.version).toBe(0)
    expect(transaction.message.addressTableLookups).toEqual([])
    expect(message.payerKey.equals(feePayer)).toBe(true)
    expect(message.recentBlockhash).toBe(recentBlockhash)
    expect(message.instructions.map((ix) => ix.programId.toBase58())).toEqual([
      ComputeBudgetProgram.programId.toBase58(),
      ComputeBudgetProgram.programId.toBase58(),
      TOKEN_PROGRAM_ID.toBase58(),
      memoProgramId.toBase58(),
    ])
    const [limit, price] = message.instructions
    expect(ComputeBudgetInstruction.decodeInstructionType(limit!)).toBe('SetComputeUnitLimit')
    expect(ComputeBudgetInstruction.decodeSetComputeUnitLimit(limit!).units).toBe(20_000)
    expect(ComputeBudgetInstruction.decodeInstructionType(price!)).toBe('SetComputeUnitPrice')
    expect(ComputeBudgetInstruction.decodeSetComputeUnitPrice(price!).microLamports).toBe(1n)
  })

  it('transfers exactly the amount with the mint decimals between the two ATAs', () => {
    const { message } = build()
    const transfer = decodeTransferCheckedInstruction(message.instructions[2]!, TOKEN_PROGRAM_ID)
    expect(transfer.data.amount).toBe(12_345n)
    expect(transfer.data.decimals).toBe(6)
    expect(transfer.keys.source.pubkey).toEqual(
      getAssociatedTokenAddressSync(mintAddress, payer, true, TOKEN_PROGRAM_ID),
    )
    expect(transfer.keys.destination.pubkey).toEqual(
      getAssociatedTokenAddressSync(mintAddress, payTo, true, TOKEN_PROGRAM_ID),
    )
    expect(transfer.keys.mint.pubkey.equals(mintAddress)).toBe(true)
    expect(transfer.keys.owner.pubkey.equals(payer)).toBe(true)
    expect(transfer.keys.owner.isSigner).toBe(true)
  })

  it('uses the Token-2022 program (and its ATAs) for a Token-2022 mint', () => {
    const { message } = build(TOKEN_2022_PROGRAM_ID)
    const ix = message.instructions[2]!
    expect(ix.programId.equals(TOKEN_2022_PROGRAM_ID)).toBe(true)
    const transfer = decodeTransferCheckedInstruction(ix, TOKEN_2022_PROGRAM_ID)
    expect(transfer.keys.destination.pubkey).toEqual(
      getAssociatedTokenAddressSync(mintAddress, payTo, true, TOKEN_2022_PROGRAM_ID),
    )
    // 20,000 CU run out for Token-2022 with the default memo (20,949 CU measured on bankrun).
    expect(ComputeBudgetInstruction.decodeSetComputeUnitLimit(message.instructions[0]!).units).toBe(
      30_000,
    )
  })

  it('needs two signatures, the facilitator first, and the fee payer is in no instruction', () => {
    const { transaction, message } = build()
    expect(transaction.message.header.numRequiredSignatures).toBe(2)
    expect(transaction.message.staticAccountKeys[0]!.equals(feePayer)).toBe(true)
    expect(transaction.message.staticAccountKeys[1]!.equals(payer)).toBe(true)
    for (const ix of message.instructions)
      expect(ix.keys.some((key) => key.pubkey.equals(feePayer))).toBe(false)
  })

  it('carries the memo bytes verbatim in a Memo instruction without accounts', () => {
    const { message } = build(TOKEN_PROGRAM_ID, new TextEncoder().encode('invoice #42 ✓'))
    const memoIx = message.instructions[3]!
    expect(memoIx.keys).toEqual([])
    expect(new TextDecoder().decode(memoIx.data)).toBe('invoice #42 ✓')
  })

  it('raises the compute limit for a long seller memo', () => {
    const { message } = build(TOKEN_PROGRAM_ID, new Uint8Array(256).fill(97))
    expect(
      ComputeBudgetInstruction.decodeSetComputeUnitLimit(message.instructions[0]!).units,
    ).toBeGreaterThanOrEqual(20_000 + (256 - 32) * 350)
  })
})
