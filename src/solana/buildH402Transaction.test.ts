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
import { resourceReference } from './resourceReference.js'

const payer = Keypair.generate().publicKey
const payTo = Keypair.generate().publicKey
const mintAddress = Keypair.generate().publicKey
const recentBlockhash = Keypair.generate().publicKey.toBase58()
const resource = 'https://example.com/article/42'
const reference = await resourceReference(resource)

describe('buildH402Transaction', () => {
  it('pays SOL with [limit, price, SystemProgram.transfer] and nothing else, the payer paying the fee', () => {
    const transaction = buildH402Transaction({
      payer,
      payTo,
      amount: 1_500_000n,
      mint: undefined,
      reference,
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
    ])
    expect(ComputeBudgetInstruction.decodeSetComputeUnitPrice(message.instructions[1]!)).toEqual({
      microLamports: 1n,
    })
    const transfer = SystemInstruction.decodeTransfer(message.instructions[2]!)
    expect(transfer.lamports).toBe(1_500_000n)
    expect(transfer.fromPubkey.equals(payer)).toBe(true)
    expect(transfer.toPubkey.equals(payTo)).toBe(true)
    // The resource rides as a read-only reference after the two accounts the transfer uses.
    expect(message.instructions[2]!.keys[2]).toEqual({
      pubkey: reference,
      isSigner: false,
      isWritable: false,
    })
  })

  it('pays an SPL token with create-ATA-idempotent then TransferChecked on the mint program', () => {
    const transaction = buildH402Transaction({
      payer,
      payTo,
      amount: 250n,
      mint: { address: mintAddress, programId: TOKEN_2022_PROGRAM_ID, decimals: 2 },
      reference,
      recentBlockhash,
    })
    const message = TransactionMessage.decompile(transaction.message)
    expect(message.payerKey.equals(payer)).toBe(true)
    expect(message.instructions.map((ix) => ix.programId.toBase58())).toEqual([
      ComputeBudgetProgram.programId.toBase58(),
      ComputeBudgetProgram.programId.toBase58(),
      ASSOCIATED_TOKEN_PROGRAM_ID.toBase58(),
      TOKEN_2022_PROGRAM_ID.toBase58(),
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
    // Past the owner, the token program reads signers only for a multisig owner: a wallet's
    // transfer ignores the reference.
    expect(transfer.keys.multiSigners.map((key) => key.pubkey)).toEqual([reference])
    expect(transfer.keys.multiSigners[0]!.isSigner).toBe(false)
  })

  it('is the SHA-256 of the resource, so anyone with the URL finds the payment', async () => {
    const digest = new Uint8Array(
      await crypto.subtle.digest('SHA-256', new TextEncoder().encode(resource)),
    )
    expect(reference!.toBytes()).toEqual(digest)
    expect((await resourceReference(`${resource}?x`))!.equals(reference!)).toBe(false)
  })

  it('leaves the reference out when there is none (no WebCrypto)', () => {
    const transaction = buildH402Transaction({
      payer,
      payTo,
      amount: 1n,
      mint: undefined,
      reference: undefined,
      recentBlockhash,
    })
    const message = TransactionMessage.decompile(transaction.message)
    expect(message.instructions).toHaveLength(3)
    expect(message.instructions[2]!.keys).toHaveLength(2)
  })
})
