import { TOKEN_PROGRAM_ID } from '@solana/spl-token'
import {
  ComputeBudgetProgram,
  Connection,
  Keypair,
  type TransactionInstruction,
} from '@solana/web3.js'
import type { Address } from 'viem'
import { describe, expect, inject, it } from 'vitest'
import { postJson } from './common/http.js'
import { createEvmPayer } from './evm/index.js'
import { h402SolanaTransaction, memoInstruction, paymentHeader, signEip3009 } from './payloads.js'
import { toBase58 } from './solana/base58.js'
import { createSolanaPayer } from './solana/index.js'

/**
 * The shapes h402's own facilitator refuses (bit-gpt/h402 at a617d1d5:
 * typescript/packages/h402/src/schemes/exact/{evm,solana}/facilitator.ts), each refused here too,
 * asked of the devnet facilitator directly with the requirement the demo server sends.
 */
const devnet = inject('devnet')
const { evm, solana } = devnet
const connection = new Connection(solana.rpcUrl, 'confirmed')
const routeUrl = (path: string) => `${devnet.serverUrl}${path}`

type Requirements = Record<string, unknown>
type Verdict = { isValid: boolean; invalidReason?: string; errorMessage?: string }

async function requirementsOf(path: string): Promise<Requirements> {
  const { accepts } = (await (await fetch(routeUrl(path))).json()) as { accepts: Requirements[] }
  return accepts[0] as Requirements
}

function verify(
  requirements: Requirements,
  payload: Record<string, unknown>,
  base: Record<string, unknown> = {},
): Promise<Verdict> {
  return postJson<Verdict>(`${devnet.facilitatorUrl}/verify`, {
    payload: paymentHeader({
      h402Version: 1,
      scheme: 'exact',
      namespace: requirements.namespace,
      networkId: requirements.networkId,
      resource: requirements.resource,
      payload,
      ...base,
    }),
    paymentRequirements: requirements,
  })
}

describe('h402 rules on Solana: signTransaction layouts', () => {
  const usdc = { mint: solana.usdcMint, program: TOKEN_PROGRAM_ID, decimals: 6 }

  async function signed(
    requirements: Requirements,
    options: {
      amount?: bigint
      token?: typeof usdc
      edit?: (ixs: TransactionInstruction[]) => TransactionInstruction[]
      microLamports?: number
    } = {},
  ) {
    const payer = await createSolanaPayer(solana)
    const tx = await h402SolanaTransaction({
      rpcUrl: solana.rpcUrl,
      payer: payer.keypair,
      payTo: String(requirements.payToAddress),
      amount: options.amount ?? (options.token ? 10_000n : 1_000_000n),
      resource: String(requirements.resource),
      ...options,
    })
    return verify(requirements, {
      type: 'signTransaction',
      signature: toBase58(tx.signatures[0] ?? new Uint8Array()),
      transaction: Buffer.from(tx.serialize()).toString('base64'),
    })
  }

  it("accepts h402's own layouts: [limit, price, transfer] and [limit, price, create-ATA, TransferChecked]", async () => {
    const sol = await requirementsOf('/h402/solana/sol')
    const spl = await requirementsOf('/h402/solana/usdc')
    expect(await signed(sol)).toMatchObject({ isValid: true, type: 'payload' })
    expect(await signed(spl, { token: usdc })).toMatchObject({ isValid: true })
    // Without create-ATA, while the payee's token account exists.
    const noCreate = await signed(spl, { token: usdc, edit: (ixs) => [ixs[0]!, ixs[1]!, ixs[3]!] })
    expect(noCreate).toMatchObject({ isValid: true })
  })

  it('refuses a Memo: SOL with it last (no accounts where the transfer should be), SPL with five instructions', async () => {
    const sol = await requirementsOf('/h402/solana/sol')
    const memoLast = await signed(sol, {
      edit: (ixs) => [...ixs, memoInstruction(String(sol.resource))],
    })
    expect(memoLast).toMatchObject({
      isValid: false,
      invalidReason: 'invalid_exact_solana_payload_signature',
    })
    expect(memoLast.errorMessage).toMatch(/no accounts/)
    const spl = await requirementsOf('/h402/solana/usdc')
    const five = await signed(spl, {
      token: usdc,
      edit: (ixs) => [...ixs, memoInstruction(String(spl.resource))],
    })
    expect(five.errorMessage).toBe('Invalid instruction count: expected 3-4, got 5')
  })

  it("refuses anything but the payee's create-ATA as the third of four (h402 itself does not look)", async () => {
    const sol = await requirementsOf('/h402/solana/sol')
    const memoThird = await signed(sol, {
      edit: ([limit, price, transfer]) => [
        limit!,
        price!,
        memoInstruction(String(sol.resource)),
        transfer!,
      ],
    })
    expect(memoThird.isValid).toBe(false)
    expect(memoThird.errorMessage).toMatch(/third of four/)
  })

  it('refuses the compute budget out of order, missing, or above 5 lamports per unit', async () => {
    const sol = await requirementsOf('/h402/solana/sol')
    const swapped = await signed(sol, { edit: ([limit, price, t]) => [price!, limit!, t!] })
    expect(swapped.invalidReason).toMatch(/compute_limit_instruction/)
    const alone = await signed(sol, { edit: (ixs) => ixs.slice(2) })
    expect(alone.errorMessage).toBe('Invalid instruction count: expected 3-4, got 1')
    const doubled = await signed(sol, {
      edit: ([limit, , t]) => [
        limit!,
        ComputeBudgetProgram.setComputeUnitPrice({ microLamports: 5_000_001 }),
        t!,
      ],
    })
    expect(doubled.invalidReason).toMatch(/compute_price_instruction_too_high/)
  })

  it('refuses any amount but the exact one, more included', async () => {
    const sol = await requirementsOf('/h402/solana/sol')
    const more = await signed(sol, { amount: 1_000_001n })
    expect(more).toMatchObject({
      isValid: false,
      invalidReason: 'invalid_exact_solana_payload_authorization_value',
    })
  })

  it("refuses [limit, price, TransferChecked] when the payee's token account does not exist", async () => {
    const spl = await requirementsOf('/h402/solana/usdc')
    const fresh: Requirements = { ...spl, payToAddress: Keypair.generate().publicKey.toBase58() }
    const noCreate = await signed(fresh, {
      token: usdc,
      edit: (ixs) => [ixs[0]!, ixs[1]!, ixs[3]!],
    })
    expect(noCreate).toMatchObject({
      isValid: false,
      errorMessage: 'Recipient token account not found',
    })
    // With create-ATA the same payment is fine: the payer pays the rent.
    expect(await signed(fresh, { token: usdc })).toMatchObject({ isValid: true })
  })
})

describe('h402 rules on Solana: signAndSendTransaction', () => {
  it("refuses a token payment that opened the payee's account (h402 reads only pre-existing balances)", async () => {
    const spl = await requirementsOf('/h402/solana/usdc')
    const fresh: Requirements = { ...spl, payToAddress: Keypair.generate().publicKey.toBase58() }
    const payer = await createSolanaPayer(solana)
    const tx = await h402SolanaTransaction({
      rpcUrl: solana.rpcUrl,
      payer: payer.keypair,
      payTo: String(fresh.payToAddress),
      amount: 10_000n,
      resource: String(fresh.resource),
      token: { mint: solana.usdcMint, program: TOKEN_PROGRAM_ID, decimals: 6 },
    })
    const signature = await connection.sendRawTransaction(tx.serialize())
    await connection.confirmTransaction(signature, 'confirmed')
    const verdict = await verify(fresh, { type: 'signAndSendTransaction', signature })
    expect(verdict).toMatchObject({ isValid: false, invalidReason: 'invalid_amount' })
    expect(verdict.errorMessage).toMatch(/opened/)
  })
})

describe('h402 rules on EVM: authorization', () => {
  async function authorization(token: Address, to: string = evm.payTo) {
    const payer = await createEvmPayer(evm)
    const signed = await signEip3009(payer.account, {
      token,
      chainId: evm.chainId,
      to: to as Address,
      value: 10000n,
    })
    return {
      type: 'authorization',
      signature: signed.signature,
      authorization: { ...signed.authorization, version: '2' },
    }
  }

  it('accepts an authorization for a token with verifyTransferAuthorization (TestUSDC)', async () => {
    const usdc = await requirementsOf('/h402/evm/usdc')
    expect(await verify(usdc, await authorization(evm.usdc))).toMatchObject({
      isValid: true,
      type: 'payload',
    })
  })

  it("refuses a valid authorization for USDC with Circle's interface: the token has no verifyTransferAuthorization", async () => {
    const circle = await requirementsOf('/h402/evm/circle-usdc')
    const verdict = await verify(circle, await authorization(evm.circleUsdc))
    expect(verdict).toMatchObject({ isValid: false, invalidReason: 'unexpected_verify_error' })
    expect(verdict.errorMessage).toMatch(/verifyTransferAuthorization/)
  })

  it('compares `to` with payToAddress as strings, and wants h402Version 1', async () => {
    const usdc = await requirementsOf('/h402/evm/usdc')
    const lower = await authorization(evm.usdc, evm.payTo.toLowerCase())
    expect(await verify(usdc, lower)).toMatchObject({
      isValid: false,
      invalidReason: 'invalid_exact_evm_payload_recipient_mismatch',
    })
    const v2 = await verify(usdc, await authorization(evm.usdc), { h402Version: 2 })
    expect(v2).toMatchObject({ isValid: false, invalidReason: 'invalid_h402_version' })
  })
})
