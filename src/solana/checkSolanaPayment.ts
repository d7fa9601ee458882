import {
  type Connection,
  PublicKey,
  type SignatureStatus,
  type TransactionError,
  VersionedTransaction,
} from '@solana/web3.js'
import bs58 from 'bs58'
import { UnsupportedOptionError } from '../core/errors/policy.js'
import type { PaymentCheck, PreparedPayment } from '../core/payer.js'
import type { PaymentOption } from '../core/types.js'
import { memoProgramId } from './constants.js'

/**
 * How far before `lastValidBlockHeight` a blockhash's own block can be: 150 blocks on current
 * RPCs (`MAX_PROCESSING_AGE`), 300 on some (bankrun says `MAX_RECENT_BLOCKHASHES`). A transaction
 * lands after its blockhash, so never in a slot below `lastValidBlockHeight − 300` (a slot number
 * is never below its block height): the search for it can stop there.
 */
const maxBlockhashAge = 300

/** How far the x402 search goes: pages of `getSignaturesForAddress`, and transactions read. */
const maxSignaturePages = 3
const signaturesPerPage = 1_000
const maxCandidates = 20

/**
 * What the chain says about a Solana payment (`Payer.checkPayment`). The finalized block height
 * is read first: once it is past the transaction's `lastValidBlockHeight`, the transaction can
 * never land, and every block it could have landed in is final, so what the reads after it do
 * not find is not there.
 * - A known signature (h402 signed or broadcast, or x402 when the caller learnt it):
 *   confirmed or finalized without error is `'paid'`; an error is `'not-paid'` (the transaction
 *   failed, and the same transaction cannot run twice); not found once the blockhash expired is
 *   `'not-paid'`; anything else `'unknown'`.
 * - An x402 payment, whose id is the facilitator's signature the client never sees: the payer's
 *   own signature is in that transaction, so the payer's recent transactions
 *   (`getSignaturesForAddress`, back to the blockhash's first possible slot) are searched for
 *   one carrying it, matched by memo first. Without such a search that covers the window (an
 *   RPC without history, more candidates than it reads), the answer stays `'unknown'`.
 */
export async function checkSolanaPayment(
  connection: Connection,
  option: PaymentOption,
  payment: PreparedPayment,
  signal?: AbortSignal,
): Promise<PaymentCheck> {
  const lastValid = payment.lastValidBlockHeight
  const height = lastValid === undefined ? undefined : await connection.getBlockHeight('finalized')
  signal?.throwIfAborted()
  const expired = lastValid !== undefined && height !== undefined && height > lastValid
  const known =
    payment.transaction ??
    (typeof payment.payload.signature === 'string' ? payment.payload.signature : undefined)

  if (known) {
    const { value } = await connection.getSignatureStatuses([known], {
      searchTransactionHistory: true,
    })
    return verdict(known, value[0] ?? null, expired, lastValid)
  }
  if (payment.kind !== 'authorization' || typeof payment.payload.transaction !== 'string')
    throw malformed(option)
  const found = await findByPayerSignature(connection, option, payment, lastValid, signal)
  if (found.kind === 'found')
    return found.err
      ? failed(found.signature, found.err)
      : { status: 'paid', transaction: found.signature }
  if (found.kind === 'absent' && expired) return expiredUnsent(lastValid!)
  return {
    status: 'unknown',
    reason:
      found.kind === 'absent'
        ? 'The payment has not landed yet, and its blockhash is still valid.'
        : found.reason,
  }
}

function verdict(
  signature: string,
  status: SignatureStatus | null,
  expired: boolean,
  lastValid: number | undefined,
): PaymentCheck {
  if (status?.err) return failed(signature, status.err)
  if (status?.confirmationStatus === 'confirmed' || status?.confirmationStatus === 'finalized')
    return { status: 'paid', transaction: signature }
  if (!status && expired) return { ...expiredUnsent(lastValid!), transaction: signature }
  return {
    status: 'unknown',
    transaction: signature,
    reason: status
      ? `Transaction ${signature} is processed but not confirmed yet.`
      : lastValid === undefined
        ? `Transaction ${signature} has not landed, and the payment does not say when its blockhash expires.`
        : `Transaction ${signature} has not landed yet, and its blockhash is still valid.`,
  }
}

function failed(signature: string, err: TransactionError): PaymentCheck {
  return {
    status: 'not-paid',
    transaction: signature,
    reason: `Transaction ${signature} failed on chain (${JSON.stringify(err)}); nothing was transferred.`,
  }
}

function expiredUnsent(lastValid: number): PaymentCheck {
  return {
    status: 'not-paid',
    reason: `The transaction did not land, and its blockhash expired after block ${lastValid}: it can no longer move money.`,
  }
}

type Search =
  | { kind: 'found'; signature: string; err: TransactionError | null }
  | { kind: 'absent' }
  | { kind: 'unsure'; reason: string }

/** Looks for the landed transaction that carries the payer's signature of an x402 payload. */
async function findByPayerSignature(
  connection: Connection,
  option: PaymentOption,
  payment: PreparedPayment,
  lastValid: number | undefined,
  signal: AbortSignal | undefined,
): Promise<Search> {
  if (lastValid === undefined)
    return { kind: 'unsure', reason: 'The payment does not say when its blockhash expires.' }
  let transaction: VersionedTransaction
  let payer: PublicKey
  try {
    transaction = VersionedTransaction.deserialize(
      base64ToBytes(payment.payload.transaction as string),
    )
    payer = new PublicKey(payment.payer)
  } catch {
    throw malformed(option)
  }
  const { staticAccountKeys, header } = transaction.message
  const slot = staticAccountKeys
    .slice(0, header.numRequiredSignatures)
    .findIndex((key) => key.equals(payer))
  const own = slot < 0 ? undefined : transaction.signatures[slot]
  if (!own) throw malformed(option)
  const ownSignature = bs58.encode(own)
  const memo = memoText(transaction)
  const firstSlot = lastValid - maxBlockhashAge

  let before: string | undefined
  let candidates = 0
  for (let page = 0; page < maxSignaturePages; page++) {
    const entries = await connection.getSignaturesForAddress(
      payer,
      { limit: signaturesPerPage, ...(before ? { before } : {}) },
      'confirmed',
    )
    signal?.throwIfAborted()
    for (const entry of entries) {
      if (entry.slot < firstSlot) return { kind: 'absent' }
      // The RPC reports memos as "[len] text"; one without ours is another transaction.
      if (memo !== undefined && entry.memo !== null && !entry.memo.includes(memo)) continue
      if (++candidates > maxCandidates)
        return { kind: 'unsure', reason: 'Too many recent transactions of the payer to search.' }
      const landed = await connection.getTransaction(entry.signature, {
        commitment: 'confirmed',
        maxSupportedTransactionVersion: 0,
      })
      signal?.throwIfAborted()
      if (landed?.transaction.signatures.includes(ownSignature))
        return { kind: 'found', signature: entry.signature, err: entry.err }
    }
    if (entries.length < signaturesPerPage) return { kind: 'absent' }
    before = entries.at(-1)!.signature
  }
  return { kind: 'unsure', reason: 'The payer has too many recent transactions to search.' }
}

/** The transaction's Memo text, as the RPC shows it. */
function memoText(transaction: VersionedTransaction): string | undefined {
  const { staticAccountKeys, compiledInstructions } = transaction.message
  const memo = compiledInstructions.find((ix) =>
    staticAccountKeys[ix.programIdIndex]?.equals(memoProgramId),
  )
  return memo ? new TextDecoder().decode(memo.data) : undefined
}

function base64ToBytes(text: string): Uint8Array {
  const binary = atob(text)
  return Uint8Array.from(binary, (char) => char.charCodeAt(0))
}

function malformed(option: PaymentOption): UnsupportedOptionError {
  return new UnsupportedOptionError({
    option,
    reason: 'This payment was not made by this payer, so the chain cannot be asked about it.',
  })
}
