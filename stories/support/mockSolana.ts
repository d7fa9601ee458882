/**
 * The Solana half of the mocked devnet (see mockDevnet.ts): a minimal JSON-RPC that knows one
 * USDC-like mint, the mock wallet's accounts and the payee's, and the checks a facilitator makes
 * before it would co-sign or broadcast: the payment header's `VersionedTransaction` is
 * deserialized, it must hold exactly one transfer of the price to the payee (SOL, or USDC into
 * the payee's associated token account), and the payer's ed25519 signature over the message must
 * verify. Nothing is sent anywhere: the "transaction id" of the receipt is the payer's signature.
 */
import {
  Keypair,
  PublicKey,
  SystemProgram,
  type VersionedMessage,
  VersionedTransaction,
} from '@solana/web3.js'
import bs58 from 'bs58'
import { createDevSolanaWallet, type DevSolanaWallet } from '../../demo/wallets/index.js'

/** Solana Devnet's genesis hash: what the devnet (and so this mock) poses as. */
const GENESIS_HASH = 'EtWTRABZaYq6iMfeYKouRu166VU2xqa1wcaWoxPkrZBG'
export const SOLANA_NETWORK = `solana:${GENESIS_HASH.slice(0, 32)}`

const TOKEN_PROGRAM = new PublicKey('TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA')
const ATA_PROGRAM = new PublicKey('ATokenGPvbdGVxr1b2hvZbsiqW5xWH25efTNsLJA8knL')

/** Fixed, made-up addresses (keys derived from constant seeds; none holds anything anywhere). */
const fixedKey = (seed: number) => Keypair.fromSeed(new Uint8Array(32).fill(seed)).publicKey
export const SOLANA_USDC = fixedKey(1)
export const SOLANA_T22 = fixedKey(4)
export const SOLANA_PAY_TO = fixedKey(2)
export const SOLANA_FEE_PAYER = fixedKey(3)
const BLOCKHASH = fixedKey(9).toBase58()

/** What the routes charge: 0.01 USDC, 0.001 SOL. */
export const SOLANA_USDC_PRICE = 10_000n
export const SOLANA_SOL_PRICE = 1_000_000n

/** The mock wallet's throwaway key, made in this tab. */
const payerKeypair = Keypair.generate()

export function associatedTokenAccount(owner: PublicKey, mint: PublicKey): PublicKey {
  return PublicKey.findProgramAddressSync(
    [owner.toBytes(), TOKEN_PROGRAM.toBytes(), mint.toBytes()],
    ATA_PROGRAM,
  )[0]
}

let wallet: DevSolanaWallet | undefined

/** The mock's wallet-standard wallet (created once per page; the caller registers it). */
export function mockSolanaWallet(rpcUrl: string, name: string): DevSolanaWallet {
  wallet ??= createDevSolanaWallet({ rpcUrl, keypair: payerKeypair, name })
  return wallet
}

/* ---------------------------------------------------------------- JSON-RPC */

function bytesToBase64(bytes: Uint8Array): string {
  let text = ''
  for (const byte of bytes) text += String.fromCharCode(byte)
  return btoa(text)
}

function base64ToBytes(text: string): Uint8Array {
  return Uint8Array.from(atob(text), (char) => char.charCodeAt(0))
}

/** An SPL mint (82 bytes): no authorities, 6 decimals, initialized. */
function mintData(): Uint8Array {
  const data = new Uint8Array(82)
  const view = new DataView(data.buffer)
  view.setBigUint64(36, 1_000_000_000_000n, true)
  data[44] = 6
  data[45] = 1
  return data
}

/** An SPL token account (165 bytes), initialized, holding `amount`. */
function tokenAccountData(mint: PublicKey, owner: PublicKey, amount: bigint): Uint8Array {
  const data = new Uint8Array(165)
  data.set(mint.toBytes(), 0)
  data.set(owner.toBytes(), 32)
  new DataView(data.buffer).setBigUint64(64, amount, true)
  data[108] = 1
  return data
}

interface Account {
  owner: PublicKey
  lamports: number
  data: Uint8Array
}

function account(address: string): Account | null {
  const payer = payerKeypair.publicKey
  const system = (lamports: number) => ({
    owner: SystemProgram.programId,
    lamports,
    data: new Uint8Array(0),
  })
  const token = (owner: PublicKey, amount: bigint) => ({
    owner: TOKEN_PROGRAM,
    lamports: 2_039_280,
    data: tokenAccountData(SOLANA_USDC, owner, amount),
  })
  switch (address) {
    case SOLANA_USDC.toBase58():
      return { owner: TOKEN_PROGRAM, lamports: 1_461_600, data: mintData() }
    case associatedTokenAccount(payer, SOLANA_USDC).toBase58():
      return token(payer, 1_000_000_000n)
    case associatedTokenAccount(SOLANA_PAY_TO, SOLANA_USDC).toBase58():
      return token(SOLANA_PAY_TO, 0n)
    case payer.toBase58():
      return system(10_000_000_000)
    case SOLANA_PAY_TO.toBase58():
      return system(1_000_000_000)
    default:
      return null
  }
}

function accountJson(address: string) {
  const found = account(address)
  return found
    ? {
        executable: false,
        owner: found.owner.toBase58(),
        lamports: found.lamports,
        data: [bytesToBase64(found.data), 'base64'],
        rentEpoch: 0,
        space: found.data.length,
      }
    : null
}

interface RpcRequest {
  id?: number | string
  method: string
  params?: unknown[]
}

/** Answers the few reads the kit and wallet-adapter make; anything else is an RPC error. */
export function solanaRpc(body: unknown): unknown {
  if (Array.isArray(body)) return body.map(solanaRpc)
  const { id, method, params = [] } = body as RpcRequest
  const result = (value: unknown) => ({ jsonrpc: '2.0', id, result: value })
  const withContext = (value: unknown) => result({ context: { slot: 1 }, value })
  switch (method) {
    case 'getGenesisHash':
      return result(GENESIS_HASH)
    case 'getLatestBlockhash':
      return withContext({ blockhash: BLOCKHASH, lastValidBlockHeight: 1_000 })
    case 'getBlockHeight':
    case 'getSlot':
      return result(1)
    case 'getBalance':
      return withContext(account(String(params[0]))?.lamports ?? 0)
    case 'getMinimumBalanceForRentExemption':
      return result((128 + Number(params[0] ?? 0)) * 6_960)
    case 'getAccountInfo':
      return withContext(accountJson(String(params[0])))
    case 'getMultipleAccounts':
      return withContext(((params[0] ?? []) as string[]).map(accountJson))
    case 'getRecentPrioritizationFees':
      return result([])
    default:
      return { jsonrpc: '2.0', id, error: { code: -32601, message: `${method} is not mocked` } }
  }
}

/* ---------------------------------------------------------------- verification */

/** The transfer a payment transaction makes: who pays, how much, into which account. */
interface Transfer {
  from: PublicKey
  to: PublicKey
  amount: bigint
  mint?: PublicKey
}

function transfers(message: VersionedMessage): Transfer[] {
  const keys = message.staticAccountKeys
  const found: Transfer[] = []
  for (const instruction of message.compiledInstructions) {
    const program = keys[instruction.programIdIndex]
    const data = instruction.data
    const view = new DataView(data.buffer, data.byteOffset, data.byteLength)
    const at = (index: number) => keys[instruction.accountKeyIndexes[index] ?? -1]
    if (
      program?.equals(SystemProgram.programId) &&
      data.length === 12 &&
      view.getUint32(0, true) === 2
    ) {
      const from = at(0)
      const to = at(1)
      if (from && to) found.push({ from, to, amount: view.getBigUint64(4, true) })
    }
    // TransferChecked: [source, mint, destination, authority], amount, decimals.
    if (program?.equals(TOKEN_PROGRAM) && data.length === 10 && data[0] === 12) {
      const mint = at(1)
      const to = at(2)
      const from = at(3)
      if (from && to && mint) found.push({ from, to, mint, amount: view.getBigUint64(1, true) })
    }
  }
  return found
}

/** Ed25519 over the message bytes, with the browser's Web Crypto (no extra dependency). */
async function verifyEd25519(
  publicKey: PublicKey,
  signature: Uint8Array,
  message: Uint8Array,
): Promise<boolean> {
  try {
    const key = await crypto.subtle.importKey(
      'raw',
      publicKey.toBytes() as Uint8Array<ArrayBuffer>,
      { name: 'Ed25519' },
      false,
      ['verify'],
    )
    return await crypto.subtle.verify(
      'Ed25519',
      key,
      signature as Uint8Array<ArrayBuffer>,
      message as Uint8Array<ArrayBuffer>,
    )
  } catch {
    return false
  }
}

export interface SolanaExpectation {
  /** What the payee must receive, in atomic units. */
  amount: bigint
  /** The mint, or none for SOL. */
  mint?: PublicKey
  /** x402: the facilitator pays the fee; h402: the payer does. */
  feePayer: 'facilitator' | 'payer'
}

/** The payment's verdict: the payer and its signature (base58), or why it is refused. */
export type SolanaVerdict =
  | { ok: true; payer: string; signature: string }
  | { ok: false; reason: string }

/** What a facilitator's verify checks of a Solana payment transaction (base64). */
export async function verifySolanaPayment(
  transaction: string,
  expected: SolanaExpectation,
): Promise<SolanaVerdict> {
  let parsed: VersionedTransaction
  try {
    parsed = VersionedTransaction.deserialize(base64ToBytes(transaction))
  } catch {
    return { ok: false, reason: 'invalid_exact_svm_payload_transaction' }
  }
  const { message } = parsed
  if (message.recentBlockhash !== BLOCKHASH)
    return { ok: false, reason: 'invalid_exact_svm_payload_transaction_blockhash' }
  const found = transfers(message)
  const transfer = found[0]
  if (found.length !== 1 || !transfer)
    return { ok: false, reason: 'invalid_exact_svm_payload_transaction_instructions' }
  const payee = expected.mint ? associatedTokenAccount(SOLANA_PAY_TO, expected.mint) : SOLANA_PAY_TO
  if (!transfer.to.equals(payee) || (expected.mint && !transfer.mint?.equals(expected.mint)))
    return { ok: false, reason: 'invalid_exact_svm_payload_recipient_mismatch' }
  if (transfer.amount !== expected.amount)
    return { ok: false, reason: 'invalid_exact_svm_payload_amount_mismatch' }
  const keys = message.staticAccountKeys
  const feePayer = keys[0]
  const payerIsFeePayer = feePayer?.equals(transfer.from) ?? false
  if (expected.feePayer === 'payer' ? !payerIsFeePayer : !feePayer?.equals(SOLANA_FEE_PAYER))
    return { ok: false, reason: 'invalid_exact_svm_payload_fee_payer' }
  const index = keys.findIndex((key) => key.equals(transfer.from))
  const signature = parsed.signatures[index]
  if (index < 0 || index >= message.header.numRequiredSignatures || !signature)
    return { ok: false, reason: 'invalid_exact_svm_payload_transaction_signature' }
  const valid = await verifyEd25519(transfer.from, signature, message.serialize())
  if (!valid) return { ok: false, reason: 'invalid_exact_svm_payload_transaction_signature' }
  return { ok: true, payer: transfer.from.toBase58(), signature: bs58.encode(signature) }
}

/**
 * A payment transaction as the kit builds it for `/x402v2/solana/usdc`, signed by a key that is
 * not the payer's: what a forged payment looks like to the mock (it must refuse it).
 */
export async function forgedSolanaTransaction(): Promise<string> {
  const { TransactionMessage, TransactionInstruction } = await import('@solana/web3.js')
  const payer = payerKeypair.publicKey
  const data = new Uint8Array(10)
  data[0] = 12
  new DataView(data.buffer).setBigUint64(1, SOLANA_USDC_PRICE, true)
  data[9] = 6
  const transfer = new TransactionInstruction({
    programId: TOKEN_PROGRAM,
    keys: [
      { pubkey: associatedTokenAccount(payer, SOLANA_USDC), isSigner: false, isWritable: true },
      { pubkey: SOLANA_USDC, isSigner: false, isWritable: false },
      {
        pubkey: associatedTokenAccount(SOLANA_PAY_TO, SOLANA_USDC),
        isSigner: false,
        isWritable: true,
      },
      { pubkey: payer, isSigner: true, isWritable: false },
    ],
    data: data as never,
  })
  const message = new TransactionMessage({
    payerKey: SOLANA_FEE_PAYER,
    recentBlockhash: BLOCKHASH,
    instructions: [transfer],
  }).compileToV0Message()
  const forged = new VersionedTransaction(message)
  // A real ed25519 signature of the message, by another key, in the payer's slot.
  const impostor = (await crypto.subtle.generateKey({ name: 'Ed25519' }, false, [
    'sign',
    'verify',
  ])) as CryptoKeyPair
  const signature = await crypto.subtle.sign(
    'Ed25519',
    impostor.privateKey,
    message.serialize() as Uint8Array<ArrayBuffer>,
  )
  const index = message.staticAccountKeys.findIndex((key) => key.equals(payer))
  forged.signatures[index] = new Uint8Array(signature)
  return bytesToBase64(forged.serialize())
}
