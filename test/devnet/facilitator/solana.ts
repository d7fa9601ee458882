import { createHash } from 'node:crypto'
import { getAssociatedTokenAddressSync } from '@solana/spl-token'
import {
  ComputeBudgetProgram,
  type Keypair,
  type MessageCompiledInstruction,
  PublicKey,
  SystemProgram,
  VersionedTransaction,
} from '@solana/web3.js'
import { toBase58 } from '../solana/base58.js'
import { keypairFromSecret, solanaRpc } from '../solana/client.js'
import { signaturesValid, signatureValidAt } from '../solana/rpc.js'
import { isTokenProgram, parseTokenData } from '../solana/tokens.js'
import { h402Amount, x402Amount } from './amounts.js'
import {
  type H402PaymentPayload,
  type H402Requirements,
  type InvalidOutcome,
  invalid,
  type SettleOutcome,
  settleFailure,
  type VerifyOutcome,
  type X402Requirements,
} from './types.js'

export interface SolanaFacilitatorConfig {
  rpcUrl: string
  /** CAIP-2 id of the devnet (it poses as Solana devnet). */
  network: string
  /** base58 secret key of the fee payer named in `/supported` `extra.feePayer`. */
  feePayerSecret: string
}

const V1_NETWORK_NAMES: Record<string, string> = {
  'solana-devnet': 'solana:EtWTRABZaYq6iMfeYKouRu166VU2xqa1',
}
const MEMO_PROGRAMS = new Set([
  'MemoSq4gqABAXKb96qnH8TysNcWxMyWCqXgDLGmfcHr',
  'Memo1UhkJRfHyvLMcVucJwxXeuD728EqVDDwQDxFMNo',
])
// Phantom and Solflare add Lighthouse assertions to transactions they sign; x402 allows them.
const LIGHTHOUSE_PROGRAM = 'L2TExMFKdjpN9kozasaurPirfHy9P8sbXoAN1qA3S95'
const COMPUTE_BUDGET = ComputeBudgetProgram.programId.toBase58()
const SYSTEM_PROGRAM = SystemProgram.programId.toBase58()
const ASSOCIATED_TOKEN_PROGRAM = 'ATokenGPvbdGVxr1b2hvZbsiqW5xWH25efTNsLJA8knL'
const NATIVE_SOL = new Set(['', '11111111111111111111111111111111'])
const MAX_MICROLAMPORTS_PER_UNIT = 5_000_000n
const SETTLEMENT_TTL_MS = 120_000
const ORDINALS = ['first', 'second', 'third', 'fourth', 'fifth', 'sixth', 'seventh']

interface Ix {
  programId: string
  accounts: string[]
  data: Buffer
}

interface TransferChecked {
  programId: string
  source: string
  mint: string
  destination: string
  authority: string
  amount: bigint
  decimals: number
}

/** Verifies and settles Solana payments on the devnet: x402 exact (SVM) and h402's two kinds. */
export class SolanaFacilitator {
  readonly feePayer: Keypair
  private readonly recentSettlements = new Map<string, number>()
  /** h402 signatures already accepted: a broadcast payment pays for one request only. */
  private readonly usedSignatures = new Set<string>()

  constructor(private readonly config: SolanaFacilitatorConfig) {
    this.feePayer = keypairFromSecret(config.feePayerSecret)
  }

  handlesNetwork(network: string): boolean {
    return (V1_NETWORK_NAMES[network] ?? network) === this.config.network
  }

  private rpc<T>(method: string, params: unknown[]): Promise<T> {
    return solanaRpc<T>(this.config.rpcUrl, method, params)
  }

  // ---- x402 exact ----

  async verifyX402(
    version: number,
    paymentPayload: unknown,
    requirements: X402Requirements,
  ): Promise<VerifyOutcome> {
    const checked = await this.checkX402(version, paymentPayload, requirements)
    if (!checked.ok) return checked.outcome
    return (
      (await this.simulate(checked.tx, checked.payer)) ?? {
        isValid: true,
        payer: checked.payer,
        kind: 'payload',
      }
    )
  }

  async settleX402(
    version: number,
    paymentPayload: unknown,
    requirements: X402Requirements,
  ): Promise<SettleOutcome> {
    const checked = await this.checkX402(version, paymentPayload, requirements)
    if (!checked.ok) return settleFailure(checked.outcome)
    const simulated = await this.simulate(checked.tx, checked.payer)
    if (simulated) return settleFailure(simulated)
    const key = createHash('sha256').update(checked.tx.message.serialize()).digest('hex')
    const now = Date.now()
    for (const [k, at] of this.recentSettlements)
      if (now - at > SETTLEMENT_TTL_MS) this.recentSettlements.delete(k)
    if (this.recentSettlements.has(key))
      return { success: false, reason: 'duplicate_settlement', payer: checked.payer }
    this.recentSettlements.set(key, now)
    return this.sendAndConfirm(checked.tx, checked.payer, 'invalid_exact_svm_transaction_failed')
  }

  private async checkX402(
    version: number,
    paymentPayload: unknown,
    requirements: X402Requirements,
  ): Promise<
    { ok: true; tx: VersionedTransaction; payer: string } | { ok: false; outcome: InvalidOutcome }
  > {
    const fail = (reason: string, message?: string, payer?: string) => ({
      ok: false as const,
      outcome: invalid(reason, message, payer),
    })
    if (typeof paymentPayload !== 'object' || paymentPayload === null)
      return fail('invalid_payload')
    const pp = paymentPayload as {
      scheme?: unknown
      network?: unknown
      accepted?: Record<string, unknown>
      payload?: unknown
    }
    const accepted = version === 1 ? pp : (pp.accepted ?? {})
    if (requirements.scheme !== 'exact' || accepted.scheme !== 'exact')
      return fail('invalid_exact_svm_unsupported_scheme')
    if (accepted.network !== requirements.network || !this.handlesNetwork(requirements.network)) {
      return fail('invalid_exact_svm_network_mismatch')
    }
    const feePayer = this.feePayer.publicKey.toBase58()
    if (requirements.extra?.feePayer !== feePayer) {
      return fail('invalid_exact_svm_fee_payer_not_managed_by_facilitator')
    }
    const encoded = (pp.payload as { transaction?: unknown } | undefined)?.transaction
    if (typeof encoded !== 'string') return fail('invalid_exact_svm_payload_transaction')
    let tx: VersionedTransaction
    try {
      tx = VersionedTransaction.deserialize(Buffer.from(encoded, 'base64'))
    } catch {
      return fail('invalid_exact_svm_payload_transaction_could_not_be_decoded')
    }
    if (tx.message.addressTableLookups.length > 0) {
      return fail(
        'invalid_exact_svm_payload_transaction',
        'address lookup tables are not supported',
      )
    }
    const keys = tx.message.staticAccountKeys.map((k) => k.toBase58())
    if (keys[0] !== feePayer)
      return fail(
        'invalid_exact_svm_payload_missing_fee_payer',
        'the fee payer must be the facilitator',
      )
    if (tx.message.header.numRequiredSignatures > 2)
      return fail('invalid_exact_svm_payload_excessive_signers')
    const ixs = instructionsOf(tx)
    if (ixs.length < 3 || ixs.length > 6)
      return fail('invalid_exact_svm_payload_transaction_instructions_length')
    const budget = checkComputeBudget(ixs[0], ixs[1])
    if (budget) return fail(budget)
    const transfer = decodeTransferChecked(ixs[2])
    if (!transfer) return fail('invalid_exact_svm_payload_no_transfer_instruction')
    const payer = transfer.authority
    for (const [i, ix] of ixs.entries()) {
      if (ix.accounts.includes(feePayer)) {
        return fail(
          'invalid_exact_svm_payload_transaction_fee_payer_transferring_funds',
          `instruction ${i}`,
          payer,
        )
      }
    }
    if (transfer.mint !== requirements.asset)
      return fail('invalid_exact_svm_payload_mint_mismatch', undefined, payer)
    const mint = await this.mintInfo(transfer.mint)
    if (!mint || mint.programId !== transfer.programId || mint.decimals !== transfer.decimals) {
      return fail(
        'invalid_exact_svm_payload_no_transfer_instruction',
        'token program or decimals do not match the mint',
        payer,
      )
    }
    const destination = ataOf(requirements.payTo, transfer.mint, transfer.programId)
    if (transfer.destination !== destination)
      return fail('invalid_exact_svm_payload_recipient_mismatch', undefined, payer)
    let amount: bigint
    try {
      amount = x402Amount(version, requirements)
    } catch (error) {
      return fail('invalid_payment_requirements', String(error), payer)
    }
    if (transfer.amount !== amount) {
      return fail(
        'invalid_exact_svm_payload_amount_mismatch',
        `transfer ${transfer.amount}, required ${amount}`,
        payer,
      )
    }
    const memos: string[] = []
    for (const [i, ix] of ixs.slice(3).entries()) {
      if (MEMO_PROGRAMS.has(ix.programId)) memos.push(ix.data.toString('utf8'))
      else if (ix.programId !== LIGHTHOUSE_PROGRAM) {
        return fail(
          `invalid_exact_svm_payload_unknown_${ORDINALS[i + 3]}_instruction`,
          ix.programId,
          payer,
        )
      }
    }
    // x402 v2 clients always add a Memo (extra.memo, or 16 random bytes that make each payment unique);
    // the legacy v1 client adds none.
    if (version !== 1 && memos.length === 0) {
      return fail('invalid_exact_svm_payload_memo_count', 'x402 v2 requires a memo', payer)
    }
    const expectedMemo = requirements.extra?.memo
    if (typeof expectedMemo === 'string') {
      if (memos.length !== 1) return fail('invalid_exact_svm_payload_memo_count', undefined, payer)
      if (memos[0] !== expectedMemo)
        return fail('invalid_exact_svm_payload_memo_mismatch', undefined, payer)
    }
    // Every signature but the fee payer's (still empty) must already be there and valid.
    const message = tx.message
    for (let i = 1; i < message.header.numRequiredSignatures; i++) {
      if (!signatureValidAt(tx, i))
        return fail('invalid_exact_svm_payload_signature_invalid', `signer ${keys[i]}`, payer)
    }
    tx.sign([this.feePayer])
    return { ok: true, tx, payer }
  }

  private async simulate(
    tx: VersionedTransaction,
    payer: string,
  ): Promise<InvalidOutcome | undefined> {
    const result = await this.rpc<{ value: { err: unknown; logs: string[] | null } }>(
      'simulateTransaction',
      [
        Buffer.from(tx.serialize()).toString('base64'),
        { encoding: 'base64', sigVerify: true, commitment: 'confirmed' },
      ],
    )
    if (result.value.err === null) return undefined
    return invalid(
      'invalid_exact_svm_transaction_simulation_failed',
      `${JSON.stringify(result.value.err)}\n${(result.value.logs ?? []).join('\n')}`,
      payer,
    )
  }

  private async sendAndConfirm(
    tx: VersionedTransaction,
    payer: string,
    failureReason: string,
  ): Promise<SettleOutcome> {
    let signature: string
    try {
      signature = await this.rpc<string>('sendTransaction', [
        Buffer.from(tx.serialize()).toString('base64'),
        { encoding: 'base64', preflightCommitment: 'confirmed' },
      ])
    } catch (error) {
      return { success: false, reason: failureReason, message: String(error), payer }
    }
    const deadline = Date.now() + 30_000
    while (Date.now() < deadline) {
      const { value } = await this.rpc<{ value: ({ err: unknown } | null)[] }>(
        'getSignatureStatuses',
        [[signature]],
      )
      const status = value[0]
      if (status) {
        if (status.err !== null) {
          return {
            success: false,
            reason: failureReason,
            message: JSON.stringify(status.err),
            transaction: signature,
            payer,
          }
        }
        return { success: true, transaction: signature, payer }
      }
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
    return {
      success: false,
      reason: failureReason,
      message: 'not confirmed within 30 s',
      transaction: signature,
      payer,
    }
  }

  private async mintInfo(
    mint: string,
  ): Promise<{ programId: string; decimals: number } | undefined> {
    const result = await this.rpc<{ value: { owner: string; data: [string, string] } | null }>(
      'getAccountInfo',
      [mint, { encoding: 'base64' }],
    )
    if (!result.value) return undefined
    const parsed = parseTokenData(result.value.owner, Buffer.from(result.value.data[0], 'base64'))
    return parsed?.kind === 'mint'
      ? { programId: result.value.owner, decimals: parsed.decimals }
      : undefined
  }

  /**
   * h402 refuses a token payment whose source account does not exist, or whose payee account
   * does not exist and is not created in the transaction (4 instructions), before simulating.
   */
  private async missingTokenAccounts(instructions: Ix[]): Promise<string | undefined> {
    const transfer = decodeTransferChecked(instructions.at(-1))
    if (!transfer) return undefined
    const exists = async (account: string) =>
      (
        await this.rpc<{ value: unknown | null }>('getAccountInfo', [
          account,
          { encoding: 'base64' },
        ])
      ).value !== null
    if (!(await exists(transfer.source))) return 'Sender token account not found'
    if (instructions.length === 3 && !(await exists(transfer.destination)))
      return 'Recipient token account not found'
    return undefined
  }

  // ---- h402 ----

  async verifyH402(
    paymentPayload: H402PaymentPayload,
    requirements: H402Requirements,
  ): Promise<VerifyOutcome> {
    if (paymentPayload.scheme !== 'exact' || requirements.scheme !== 'exact')
      return invalid('invalid_scheme')
    if (paymentPayload.namespace !== 'solana' || requirements.namespace !== 'solana')
      return invalid('invalid_namespace')
    if (
      paymentPayload.networkId !== requirements.networkId ||
      requirements.networkId !== 'devnet'
    ) {
      return invalid('invalid_network')
    }
    if (requirements.resource !== undefined && paymentPayload.resource !== requirements.resource) {
      return invalid('invalid_resource')
    }
    const native = NATIVE_SOL.has(requirements.tokenAddress)
    let amount: bigint
    try {
      amount = await h402Amount(requirements, async () => {
        if (native) return 9
        const mint = await this.mintInfo(requirements.tokenAddress)
        if (!mint) throw new Error(`${requirements.tokenAddress} is not a mint`)
        return mint.decimals
      })
    } catch (error) {
      return invalid('invalid_payment_requirements', String(error))
    }
    const payload = paymentPayload.payload
    if (payload.type === 'signTransaction')
      return this.verifyH402Signed(payload, requirements, native, amount)
    if (payload.type === 'signAndSendTransaction')
      return this.verifyH402Broadcast(payload, requirements, native, amount)
    return invalid('invalid_payload', `unsupported Solana payload type ${String(payload.type)}`)
  }

  async settleH402(
    paymentPayload: H402PaymentPayload,
    requirements: H402Requirements,
  ): Promise<SettleOutcome> {
    const verified = await this.verifyH402(paymentPayload, requirements)
    if (!verified.isValid) return settleFailure(verified)
    const payload = paymentPayload.payload
    const signature = String(payload.signature)
    // Checked and marked with no await in between, so two concurrent settles cannot both pass.
    if (this.usedSignatures.has(signature))
      return { success: false, reason: 'transaction_already_used', payer: verified.payer }
    this.usedSignatures.add(signature)
    if (payload.type === 'signAndSendTransaction')
      return { success: true, transaction: signature, payer: verified.payer }
    const tx = VersionedTransaction.deserialize(Buffer.from(String(payload.transaction), 'base64'))
    const outcome = await this.sendAndConfirm(tx, verified.payer, 'transaction_failed')
    if (!outcome.success && outcome.transaction === undefined) this.usedSignatures.delete(signature)
    return outcome
  }

  private async verifyH402Signed(
    payload: Record<string, unknown>,
    requirements: H402Requirements,
    native: boolean,
    amount: bigint,
  ): Promise<VerifyOutcome> {
    if (typeof payload.transaction !== 'string')
      return invalid('invalid_payload', 'transaction must be base64')
    let tx: VersionedTransaction
    try {
      tx = VersionedTransaction.deserialize(Buffer.from(payload.transaction, 'base64'))
    } catch {
      return invalid('invalid_payload', 'transaction could not be decoded')
    }
    const payer = tx.message.staticAccountKeys[0]?.toBase58() ?? ''
    const first = tx.signatures[0]
    if (!first || toBase58(first) !== payload.signature) {
      return invalid('invalid_payload', 'signature is not the transaction signature', payer)
    }
    if (!signaturesValid(tx))
      return invalid('invalid_signature', 'the transaction is not fully signed', payer)
    if (tx.message.addressTableLookups.length > 0)
      return invalid('invalid_transaction', 'lookup tables are not supported', payer)
    const instructions = instructionsOf(tx)
    const problem = checkH402Instructions(instructions, requirements, native, amount)
    if (problem) return invalid(problem.reason, problem.message, payer)
    if (!native) {
      const missing = await this.missingTokenAccounts(instructions)
      if (missing) return invalid('invalid_exact_solana_payload_signature', missing, payer)
    }
    if (this.usedSignatures.has(String(payload.signature)))
      return invalid('transaction_already_used', undefined, payer)
    const status = await this.rpc<{ value: (unknown | null)[] }>('getSignatureStatuses', [
      [payload.signature],
    ])
    if (status.value[0])
      return invalid('transaction_already_used', 'the transaction is already on chain', payer)
    if (!native) {
      const mint = await this.mintInfo(requirements.tokenAddress)
      const transfer = instructionsOf(tx)
        .map(decodeTransferChecked)
        .find((t) => t !== undefined)
      if (!mint || transfer?.programId !== mint.programId || transfer.decimals !== mint.decimals) {
        return invalid(
          'invalid_transaction',
          'token program or decimals do not match the mint',
          payer,
        )
      }
    }
    const simulated = await this.rpc<{ value: { err: unknown; logs: string[] | null } }>(
      'simulateTransaction',
      [payload.transaction, { encoding: 'base64', sigVerify: true }],
    )
    if (simulated.value.err !== null) {
      return invalid(
        'transaction_simulation_failed',
        `${JSON.stringify(simulated.value.err)}\n${(simulated.value.logs ?? []).join('\n')}`,
        payer,
      )
    }
    return { isValid: true, payer, kind: 'payload' }
  }

  private async verifyH402Broadcast(
    payload: Record<string, unknown>,
    requirements: H402Requirements,
    native: boolean,
    amount: bigint,
  ): Promise<VerifyOutcome> {
    const signature = payload.signature
    if (typeof signature !== 'string') return invalid('invalid_payload', 'signature must be base58')
    const found = await this.rpc<BroadcastTransaction | null>('getTransaction', [
      signature,
      { encoding: 'base64', maxSupportedTransactionVersion: 0, commitment: 'confirmed' },
    ])
    if (!found) return invalid('transaction_not_found')
    const tx = VersionedTransaction.deserialize(Buffer.from(found.transaction[0], 'base64'))
    const keys = tx.message.staticAccountKeys.map((k) => k.toBase58())
    const payer = keys[0] ?? ''
    if (found.meta.err !== null)
      return invalid('transaction_failed', JSON.stringify(found.meta.err), payer)
    // Balance deltas rather than instruction shapes: whatever the wallet built, the payee got paid.
    let received: bigint
    if (native) {
      const index = keys.indexOf(requirements.payToAddress)
      received =
        index < 0
          ? 0n
          : BigInt(found.meta.postBalances[index] ?? 0) - BigInt(found.meta.preBalances[index] ?? 0)
    } else {
      const mint = await this.mintInfo(requirements.tokenAddress)
      if (!mint) return invalid('invalid_payment_requirements', 'tokenAddress is not a mint', payer)
      const ata = ataOf(requirements.payToAddress, requirements.tokenAddress, mint.programId)
      const index = keys.indexOf(ata)
      const entry = (list: BroadcastTransaction['meta']['postTokenBalances']) =>
        list.find((b) => b.accountIndex === index && b.mint === requirements.tokenAddress)
      const before = entry(found.meta.preTokenBalances)
      // h402 sums post − pre over the payee's *pre*-balances: a transaction that opened the
      // payee's token account has none, and is refused although the payee was paid.
      if (!before)
        return invalid(
          'invalid_amount',
          "no token balance of the payee's account before the transaction (it was opened by it)",
          payer,
        )
      received =
        BigInt(entry(found.meta.postTokenBalances)?.uiTokenAmount.amount ?? 0) -
        BigInt(before.uiTokenAmount.amount)
    }
    if (received < amount)
      return invalid('invalid_amount', `payee received ${received}, required ${amount}`, payer)
    if (this.usedSignatures.has(signature))
      return invalid('transaction_already_used', undefined, payer)
    return { isValid: true, payer, kind: 'transaction', txHash: signature }
  }
}

interface BroadcastTransaction {
  transaction: [string, string]
  meta: {
    err: unknown
    preBalances: number[]
    postBalances: number[]
    preTokenBalances: { accountIndex: number; mint: string; uiTokenAmount: { amount: string } }[]
    postTokenBalances: { accountIndex: number; mint: string; uiTokenAmount: { amount: string } }[]
  }
}

function instructionsOf(tx: VersionedTransaction): Ix[] {
  const keys = tx.message.staticAccountKeys.map((k) => k.toBase58())
  return tx.message.compiledInstructions.map((ix: MessageCompiledInstruction) => ({
    programId: keys[ix.programIdIndex] ?? '',
    accounts: ix.accountKeyIndexes.map((i) => keys[i] ?? ''),
    data: Buffer.from(ix.data),
  }))
}

function checkComputeBudget(limit: Ix | undefined, price: Ix | undefined): string | undefined {
  if (limit?.programId !== COMPUTE_BUDGET || limit.data[0] !== 2 || limit.data.length !== 5) {
    return 'invalid_exact_svm_payload_transaction_instructions_compute_limit_instruction'
  }
  if (price?.programId !== COMPUTE_BUDGET || price.data[0] !== 3 || price.data.length !== 9) {
    return 'invalid_exact_svm_payload_transaction_instructions_compute_price_instruction'
  }
  if (price.data.readBigUInt64LE(1) > MAX_MICROLAMPORTS_PER_UNIT) {
    return 'invalid_exact_svm_payload_transaction_instructions_compute_price_instruction_too_high'
  }
  return undefined
}

/** SPL Token / Token-2022 `TransferChecked` (instruction 12: amount u64, decimals u8). */
function decodeTransferChecked(ix: Ix | undefined): TransferChecked | undefined {
  if (
    !ix ||
    !isTokenProgram(ix.programId) ||
    ix.data[0] !== 12 ||
    ix.data.length !== 10 ||
    ix.accounts.length < 4
  ) {
    return undefined
  }
  const [source, mint, destination, authority] = ix.accounts as [string, string, string, string]
  return {
    programId: ix.programId,
    source,
    mint,
    destination,
    authority,
    amount: ix.data.readBigUInt64LE(1),
    decimals: ix.data[9] ?? 0,
  }
}

function ataOf(owner: string, mint: string, programId: string): string {
  return getAssociatedTokenAddressSync(
    new PublicKey(mint),
    new PublicKey(owner),
    true,
    new PublicKey(programId),
  ).toBase58()
}

/**
 * h402 `signTransaction`, as h402's facilitator reads it (bit-gpt/h402
 * typescript/packages/h402/src/schemes/exact/solana/facilitator.ts, validateTransactionInstructions):
 * exactly 3 or 4 instructions; `SetComputeUnitLimit` first, `SetComputeUnitPrice` (≤ 5 lamports
 * per unit) second; the payment last: `SystemProgram.transfer` to `payTo` of exactly the amount
 * for SOL, `TransferChecked` (Token or Token-2022) of exactly the amount into the payee's
 * associated token account for a token. h402 does not look at the third of four instructions;
 * this judge wants there what h402's own client puts there, the payee's create-ATA(-idempotent),
 * so nothing else rides along. A Memo anywhere else moves the payment out of its slot.
 */
function checkH402Instructions(
  ixs: Ix[],
  requirements: H402Requirements,
  native: boolean,
  amount: bigint,
): { reason: string; message?: string } | undefined {
  const refuse = (message: string) => ({
    reason: 'invalid_exact_solana_payload_signature',
    message,
  })
  if (ixs.length < 3 || ixs.length > 4)
    return refuse(`Invalid instruction count: expected 3-4, got ${ixs.length}`)
  const budget = checkComputeBudget(ixs[0], ixs[1])
  if (budget) return { reason: budget }
  const transfer = checkH402Transfer(ixs[ixs.length - 1] as Ix, requirements, native, amount)
  if (transfer) return transfer
  // Checked after the transfer, as h402 reports a misplaced transfer before anything else.
  if (ixs.length === 4) {
    const create = ixs[2] as Ix
    // Create (0, or empty data) and CreateIdempotent (1) of the payee's token account only.
    if (
      native ||
      create.programId !== ASSOCIATED_TOKEN_PROGRAM ||
      create.accounts[2] !== requirements.payToAddress ||
      create.accounts[3] !== requirements.tokenAddress ||
      (create.data.length > 0 && (create.data[0] ?? 9) > 1)
    ) {
      return refuse(
        `the third of four instructions is not the payee's create-ATA (${create.programId})`,
      )
    }
  }
  return undefined
}

/** The last instruction: the payment itself. */
function checkH402Transfer(
  last: Ix,
  requirements: H402Requirements,
  native: boolean,
  amount: bigint,
): { reason: string; message?: string } | undefined {
  const refuse = (message: string) => ({
    reason: 'invalid_exact_solana_payload_signature',
    message,
  })
  if (last.accounts.length === 0 || last.data.length === 0)
    return refuse('Failed to validate transfer: the instruction has no accounts or no data')
  if (native) {
    if (last.programId !== SYSTEM_PROGRAM)
      return refuse('Native SOL transfer must use System Program')
    // SystemInstruction::Transfer = 2 (u32), then lamports (u64).
    if (last.data.length !== 12 || last.data.readUInt32LE(0) !== 2)
      return refuse('Not a System Program Transfer instruction')
    if (last.accounts[1] !== requirements.payToAddress)
      return { reason: 'invalid_exact_solana_payload_recipient_mismatch' }
    if (last.data.readBigUInt64LE(4) !== amount) {
      return {
        reason: 'invalid_exact_solana_payload_authorization_value',
        message: `Amount mismatch: expected ${amount}, got ${last.data.readBigUInt64LE(4)}`,
      }
    }
    return undefined
  }
  const transfer = decodeTransferChecked(last)
  if (!transfer) return refuse(`Not a TransferChecked instruction (${last.programId})`)
  if (transfer.mint !== requirements.tokenAddress) return { reason: 'invalid_token' }
  if (transfer.destination !== ataOf(requirements.payToAddress, transfer.mint, transfer.programId))
    return { reason: 'invalid_exact_solana_payload_recipient_mismatch' }
  if (transfer.amount !== amount) {
    return {
      reason: 'invalid_exact_solana_payload_authorization_value',
      message: `Amount mismatch: expected ${amount}, got ${transfer.amount}`,
    }
  }
  return undefined
}
