/**
 * Payment payloads built by hand from the wire formats (protocols.md §2), for tests of the devnet
 * itself. Deliberately independent of `src/`: the devnet must be able to judge the kit.
 */
import { randomBytes } from 'node:crypto'
import {
  createAssociatedTokenAccountIdempotentInstruction,
  createTransferCheckedInstruction,
  getAssociatedTokenAddressSync,
} from '@solana/spl-token'
import {
  ComputeBudgetProgram,
  Connection,
  type Keypair,
  PublicKey,
  SystemProgram,
  type TransactionInstruction,
  TransactionMessage,
  VersionedTransaction,
} from '@solana/web3.js'
import type { Account, Address, Hex } from 'viem'
import { encodeBase64Json } from './common/encoding.js'
import { transferWithAuthorizationTypes } from './evm/abi.js'

export const MEMO_PROGRAM_ID = new PublicKey('MemoSq4gqABAXKb96qnH8TysNcWxMyWCqXgDLGmfcHr')

export interface Eip3009Options {
  token: Address
  chainId: number
  to: Address
  value: bigint
  name?: string
  version?: string
  validAfter?: bigint
  validBefore?: bigint
  nonce?: Hex
}

/** An EIP-3009 TransferWithAuthorization signed like x402's client (validAfter = now − 600). */
export async function signEip3009(account: Account, options: Eip3009Options) {
  if (!account.signTypedData) throw new Error('account cannot sign typed data')
  const now = BigInt(Math.floor(Date.now() / 1000))
  const message = {
    from: account.address,
    to: options.to,
    value: options.value,
    validAfter: options.validAfter ?? now - 600n,
    validBefore: options.validBefore ?? now + 60n,
    nonce: options.nonce ?? (`0x${randomBytes(32).toString('hex')}` as Hex),
  }
  const signature = await account.signTypedData({
    domain: {
      name: options.name ?? 'USD Coin',
      version: options.version ?? '2',
      chainId: options.chainId,
      verifyingContract: options.token,
    },
    types: transferWithAuthorizationTypes,
    primaryType: 'TransferWithAuthorization',
    message,
  })
  return {
    signature,
    authorization: {
      from: message.from,
      to: message.to,
      value: message.value.toString(),
      validAfter: message.validAfter.toString(),
      validBefore: message.validBefore.toString(),
      nonce: message.nonce,
    },
  }
}

export interface X402SolanaOptions {
  rpcUrl: string
  payer: Keypair
  feePayer: string
  mint: string
  tokenProgram: PublicKey
  payTo: string
  amount: bigint
  decimals: number
  /** Memo text; 16 random bytes in hex when omitted (like x402's client); `null` for no memo (like x402 v1's). */
  memo?: string | null
  /** micro-lamports per compute unit; default 1 like x402's client. */
  unitPrice?: bigint
  /** Compute unit limit; default 20 000 like x402's client (too little for Token-2022 here, see the test). */
  unitLimit?: number
}

/** x402 SVM exact: [limit, price, TransferChecked, Memo], fee payer = facilitator, signed by the payer only. */
export async function x402SolanaTransaction(options: X402SolanaOptions): Promise<string> {
  const mint = new PublicKey(options.mint)
  const owner = options.payer.publicKey
  const source = getAssociatedTokenAddressSync(mint, owner, true, options.tokenProgram)
  const destination = getAssociatedTokenAddressSync(
    mint,
    new PublicKey(options.payTo),
    true,
    options.tokenProgram,
  )
  const instructions: TransactionInstruction[] = [
    ComputeBudgetProgram.setComputeUnitLimit({ units: options.unitLimit ?? 20_000 }),
    ComputeBudgetProgram.setComputeUnitPrice({ microLamports: options.unitPrice ?? 1n }),
    createTransferCheckedInstruction(
      source,
      mint,
      destination,
      owner,
      options.amount,
      options.decimals,
      [],
      options.tokenProgram,
    ),
  ]
  if (options.memo !== null)
    instructions.push(memoInstruction(options.memo ?? randomBytes(16).toString('hex')))
  const tx = await buildV0(options.rpcUrl, new PublicKey(options.feePayer), instructions)
  tx.sign([options.payer])
  return Buffer.from(tx.serialize()).toString('base64')
}

export function memoInstruction(text: string): TransactionInstruction {
  return { programId: MEMO_PROGRAM_ID, keys: [], data: Buffer.from(text, 'utf8') }
}

async function buildV0(
  rpcUrl: string,
  feePayer: PublicKey,
  instructions: TransactionInstruction[],
) {
  const { blockhash } = await new Connection(rpcUrl).getLatestBlockhash()
  const message = new TransactionMessage({
    payerKey: feePayer,
    recentBlockhash: blockhash,
    instructions,
  }).compileToV0Message()
  return new VersionedTransaction(message)
}

export interface H402SolanaOptions {
  rpcUrl: string
  payer: Keypair
  payTo: string
  amount: bigint
  resource: string
  /** SPL mint and its program; SOL when omitted. */
  token?: { mint: string; program: PublicKey; decimals: number }
  /** Reshapes the instructions before signing, to build the layouts h402 refuses. */
  edit?: (instructions: TransactionInstruction[]) => TransactionInstruction[]
  /** microlamports per compute unit; default 1. */
  microLamports?: number
}

/**
 * h402 Solana as h402's own client builds it: payer is fee payer; `[SetComputeUnitLimit,
 * SetComputeUnitPrice, SystemProgram.transfer]` for SOL, `[…, create-ATA-idempotent,
 * TransferChecked]` for a token; no Memo.
 */
export async function h402SolanaTransaction(
  options: H402SolanaOptions,
): Promise<VersionedTransaction> {
  const owner = options.payer.publicKey
  const payTo = new PublicKey(options.payTo)
  const instructions: TransactionInstruction[] = [
    ComputeBudgetProgram.setComputeUnitLimit({ units: 50_000 }),
    ComputeBudgetProgram.setComputeUnitPrice({ microLamports: options.microLamports ?? 1 }),
  ]
  if (options.token) {
    const mint = new PublicKey(options.token.mint)
    const destination = getAssociatedTokenAddressSync(mint, payTo, true, options.token.program)
    instructions.push(
      createAssociatedTokenAccountIdempotentInstruction(
        owner,
        destination,
        payTo,
        mint,
        options.token.program,
      ),
      createTransferCheckedInstruction(
        getAssociatedTokenAddressSync(mint, owner, true, options.token.program),
        mint,
        destination,
        owner,
        options.amount,
        options.token.decimals,
        [],
        options.token.program,
      ),
    )
  } else {
    instructions.push(
      SystemProgram.transfer({ fromPubkey: owner, toPubkey: payTo, lamports: options.amount }),
    )
  }
  const tx = await buildV0(options.rpcUrl, owner, options.edit?.(instructions) ?? instructions)
  tx.sign([options.payer])
  return tx
}

/** The base64 `X-PAYMENT` / `PAYMENT-SIGNATURE` header value. */
export const paymentHeader = (payload: unknown) => encodeBase64Json(payload)
