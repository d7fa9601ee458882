import {
  ASSOCIATED_TOKEN_PROGRAM_ID,
  decodeTransferCheckedInstruction,
  getAssociatedTokenAddressSync,
  TOKEN_2022_PROGRAM_ID,
} from '@solana/spl-token'
import {
  ComputeBudgetInstruction,
  ComputeBudgetProgram,
  Keypair,
  SystemInstruction,
  SystemProgram,
  TransactionMessage,
} from '@solana/web3.js'
import { describe, expect, it } from 'vitest'
import { buildH402Transaction } from './buildH402Transaction.js'
import { memoProgramId } from './constants.js'

const payer = Keypair.generate().publicKey
const payTo = Keypair.generate().publicKey
const mintAddress = Keypair.generate().publicKey
const recentBlockhash = Keypair.generate().publicKey.toBase58()
const resource = 'https://example.com/article/42'
const memo = new TextEncoder().encode(resource)

describe('buildH402Transaction', () => {
  it('pays SOL with [limit, price, SystemProgram.transfer, Memo], the payer paying the fee', () => {
    const transaction = buildH402Transaction({
      payer,
      payTo,
      amount: 1_500_000n,
      mint: undefined,
      memo,
      recentBlockhash,
    })
    expect(transaction.version).toBe(0)
    expect(transaction.message.header.numRequiredSignatures).toBe(1)
    const message = TransactionMessage.decompile(transaction.message)
    expect(message.payerKey.equals(payer)).toBe(true)
    expect(message.instructions.map((ix) => ix.programId.toBase58())).toEqual([
      ComputeBudgetProgram.programId.toBase58(),
      ComputeBudgetProgram.programId.toBase58(),
      SystemProgram.programId.toBase58(),
      memoProgramId.toBase58(),
    ])
    expect(ComputeBudgetInstruction.decodeSetComputeUnitPrice(message.instructions[1]!)).toEqual({
      microLamports: 1n,
    })
    const transfer = SystemInstruction.decodeTransfer(message.instructions[2]!)
    expect(transfer.lamports).toBe(1_500_000n)
    expect(transfer.fromPubkey.equals(payer)).toBe(true)
    expect(transfer.toPubkey.equals(payTo)).toBe(true)
    expect(new TextDecoder().decode(message.instructions[3]!.data)).toBe(resource)
  })

  it('pays an SPL token with create-ATA-idempotent then TransferChecked on the mint program', () => {
    const transaction = buildH402Transaction({
      payer,
      payTo,
      amount: 250n,
      mint: { address: mintAddress, programId: TOKEN_2022_PROGRAM_ID, decimals: 2 },
      memo,
      recentBlockhash,
    })
    const message = TransactionMessage.decompile(transaction.message)
    expect(message.payerKey.equals(payer)).toBe(true)
    expect(message.instructions.map((ix) => ix.programId.toBase58())).toEqual([
      ComputeBudgetProgram.programId.toBase58(),
      ComputeBudgetProgram.programId.toBase58(),
      ASSOCIATED_TOKEN_PROGRAM_ID.toBase58(),
      TOKEN_2022_PROGRAM_ID.toBase58(),
      memoProgramId.toBase58(),
    ])
    const destination = getAssociatedTokenAddressSync(
      mintAddress,
      payTo,
      true,
      TOKEN_2022_PROGRAM_ID,
    )
    const create = message.instructions[2]!
    // Idempotent variant (instruction 1), funded by the payer, for the payee's ATA.
    expect([...create.data]).toEqual([1])
    expect(create.keys[0]!.pubkey.equals(payer)).toBe(true)
    expect(create.keys[1]!.pubkey.equals(destination)).toBe(true)
    expect(create.keys[2]!.pubkey.equals(payTo)).toBe(true)
    const transfer = decodeTransferCheckedInstruction(
      message.instructions[3]!,
      TOKEN_2022_PROGRAM_ID,
    )
    expect(transfer.data.amount).toBe(250n)
    expect(transfer.data.decimals).toBe(2)
    expect(transfer.keys.destination.pubkey.equals(destination)).toBe(true)
    expect(transfer.keys.owner.pubkey.equals(payer)).toBe(true)
  })

  it('budgets compute units for the memo, which costs far more than the transfer', () => {
    const transaction = buildH402Transaction({
      payer,
      payTo,
      amount: 1n,
      mint: undefined,
      memo: new Uint8Array(600).fill(120),
      recentBlockhash,
    })
    const message = TransactionMessage.decompile(transaction.message)
    // 212,028 CU measured for a 600-byte memo on bankrun.
    expect(
      ComputeBudgetInstruction.decodeSetComputeUnitLimit(message.instructions[0]!).units,
    ).toBeGreaterThan(212_028)
  })
})
