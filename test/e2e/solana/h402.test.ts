import {
  type Connection,
  Keypair,
  LAMPORTS_PER_SOL,
  PublicKey,
  VersionedTransaction,
} from '@solana/web3.js'
import bs58 from 'bs58'
import { describe, expect, it, vi } from 'vitest'
import { UnsupportedOptionError } from '../../../src/core/errors/policy.js'
import { InsufficientFundsError } from '../../../src/core/errors/wallet.js'
import { type SolanaWallet, solanaPayer } from '../../../src/solana/index.js'
import { resourceReference } from '../../../src/solana/resourceReference.js'
import { createSolanaPayer } from '../../devnet/solana/index.js'
import {
  connectionTo,
  contextFor,
  h402Quote,
  lamports,
  memosOf,
  sendRaw,
  solanaDevnet,
  tokenBalance,
  tokens,
} from './chain.js'

const systemProgram = '11111111111111111111111111111111'
const resource = 'http://127.0.0.1/image?prompt=cat'

/**
 * h402's layout has no room for a Memo: the transaction carries no memo, and is found on chain by
 * the resource's reference key instead.
 */
async function expectBoundToResource(connection: Connection, signature: string) {
  expect(await memosOf(connection, signature)).toEqual([])
  const reference = await resourceReference(resource)
  const found = await connection.getSignaturesForAddress(reference!, {}, 'confirmed')
  expect(found.map((entry) => entry.signature)).toContain(signature)
}

/** Decodes and sends a fully signed h402 payload as a facilitator would. */
async function broadcastPayload(payload: Record<string, unknown>): Promise<string> {
  const transaction = VersionedTransaction.deserialize(
    Buffer.from(payload.transaction as string, 'base64'),
  )
  return sendRaw(connectionTo(solanaDevnet()), transaction)
}

describe('h402 on the Solana devnet', () => {
  it('pays SOL with a fully signed [limit, price, transfer], bound to the resource by reference', async () => {
    const devnet = solanaDevnet()
    const connection = connectionTo(devnet)
    const payer = await createSolanaPayer(devnet, { usdc: 0n, token2022: 0n })
    const payee = new PublicKey(devnet.payTo.address)
    const { paymentRequired, option } = await h402Quote(devnet, {
      tokenAddress: systemProgram,
      amountRequired: 1_234_567,
    })
    expect(option.asset.native).toBe(true)
    const payerBefore = await lamports(connection, payer.keypair.publicKey)
    const payeeBefore = await lamports(connection, payee)

    const payment = await solanaPayer(payer.keypair, { connection }).createPayment(
      option,
      contextFor(paymentRequired),
    )
    expect(payment.kind).toBe('transaction')
    expect(payment.payload.type).toBe('signTransaction')
    const signature = await broadcastPayload(payment.payload)
    // The payload's signature is the transaction id the facilitator gets back from the RPC.
    expect(signature).toBe(payment.payload.signature)

    expect(await lamports(connection, payee)).toBe(payeeBefore + 1_234_567n)
    const fee = (await connection.getTransaction(signature, {
      commitment: 'confirmed',
      maxSupportedTransactionVersion: 0,
    }))!.meta!.fee
    expect(await lamports(connection, payer.keypair.publicKey)).toBe(
      payerBefore - 1_234_567n - BigInt(fee),
    )
    await expectBoundToResource(connection, signature)
  })

  for (const token of tokens) {
    it(`pays ${token.name} to a payee without a token account only when allowed, rent shown and counted`, async () => {
      const devnet = solanaDevnet()
      const connection = connectionTo(devnet)
      const payer = await createSolanaPayer(devnet)
      const mint = token.mint(devnet)
      const freshPayee = Keypair.generate().publicKey
      const { paymentRequired, option } = await h402Quote(devnet, {
        tokenAddress: mint,
        amountRequired: 250_000,
        payToAddress: freshPayee.toBase58(),
      })
      const payerBefore = await tokenBalance(
        connection,
        payer.keypair.publicKey,
        mint,
        token.programId,
      )
      const solBefore = await lamports(connection, payer.keypair.publicKey)

      // By default the rent is a cost nobody agreed to: refused before signing, naming it.
      const strict = solanaPayer(payer.keypair, { connection })
      const refusal = await strict
        .createPayment(option, contextFor(paymentRequired))
        .catch((e: unknown) => e)
      expect(refusal).toBeInstanceOf(UnsupportedOptionError)
      expect((refusal as UnsupportedOptionError).details).toMatch(/SOL of rent/)
      await expect(strict.describeOption(option)).rejects.toBeInstanceOf(UnsupportedOptionError)

      const allowing = solanaPayer(payer.keypair, { connection, allowAccountRent: true })
      const { extraCosts } = await allowing.describeOption(option)
      expect(extraCosts).toHaveLength(1)
      const rent = extraCosts[0]!.amount
      expect(rent).toBeGreaterThan(2_000_000n)
      const payment = await allowing.createPayment(option, contextFor(paymentRequired))
      const signature = await broadcastPayload(payment.payload)

      expect(await tokenBalance(connection, freshPayee, mint, token.programId)).toBe(250_000n)
      expect(await tokenBalance(connection, payer.keypair.publicKey, mint, token.programId)).toBe(
        payerBefore - 250_000n,
      )
      await expectBoundToResource(connection, signature)
      // The payer paid exactly the fee and the rent it was shown.
      const fee = (await connection.getTransaction(signature, {
        commitment: 'confirmed',
        maxSupportedTransactionVersion: 0,
      }))!.meta!.fee
      expect(await lamports(connection, payer.keypair.publicKey)).toBe(
        solBefore - BigInt(fee) - rent,
      )
      // Once the account exists there is no extra cost any more.
      expect((await strict.describeOption(option)).extraCosts).toEqual([])
    })
  }

  it('lets a wallet that can only sign-and-send broadcast once, and waits for it', async () => {
    const devnet = solanaDevnet()
    const connection = connectionTo(devnet)
    const payer = await createSolanaPayer(devnet)
    const payee = new PublicKey(devnet.payTo.address)
    const { mint, programId } = { mint: devnet.usdcMint, programId: tokens[0].programId }
    // Like a wallet-adapter adapter without signTransaction: signs and sends on its own.
    const sendTransaction = vi.fn(async (transaction: VersionedTransaction) => {
      transaction.sign([payer.keypair])
      return connection.sendRawTransaction(transaction.serialize())
    })
    const wallet: SolanaWallet = { publicKey: payer.keypair.publicKey, sendTransaction }
    const { paymentRequired, option } = await h402Quote(devnet, {
      tokenAddress: mint,
      amountRequired: 777,
    })
    const payeeBefore = await tokenBalance(connection, payee, mint, programId)
    const context = contextFor(paymentRequired)

    const payment = await solanaPayer(wallet, { connection, pollIntervalMs: 50 }).createPayment(
      option,
      context,
    )
    expect(sendTransaction).toHaveBeenCalledOnce()
    expect(payment.kind).toBe('broadcast')
    expect(payment.payload).toEqual({
      type: 'signAndSendTransaction',
      signature: payment.transaction,
    })
    expect(context.steps).toEqual(['broadcasting', 'confirming'])
    // Confirmed by the time the payment is returned, and moved exactly once.
    expect(await tokenBalance(connection, payee, mint, programId)).toBe(payeeBefore + 777n)
    await expectBoundToResource(connection, payment.transaction!)
    const sent = sendTransaction.mock.calls[0]![0]
    expect(bs58.encode(sent.signatures[0]!)).toBe(payment.transaction)
  })

  it("refuses before any prompt a broadcast that would open the payee's token account (h402 refuses it after the money moved)", async () => {
    const devnet = solanaDevnet()
    const connection = connectionTo(devnet)
    const payer = await createSolanaPayer(devnet)
    const sendTransaction = vi.fn(async () => 'never')
    const wallet: SolanaWallet = { publicKey: payer.keypair.publicKey, sendTransaction }
    const { paymentRequired, option } = await h402Quote(devnet, {
      tokenAddress: devnet.usdcMint,
      amountRequired: 777,
      payToAddress: Keypair.generate().publicKey.toBase58(),
    })
    const payer402 = solanaPayer(wallet, { connection, allowAccountRent: true })
    for (const attempt of [
      () => payer402.describeOption(option),
      () => payer402.createPayment(option, contextFor(paymentRequired)),
    ]) {
      const error = await attempt().catch((e: unknown) => e)
      expect(error).toBeInstanceOf(UnsupportedOptionError)
      expect((error as UnsupportedOptionError).details).toMatch(/sign without sending/)
    }
    expect(sendTransaction).not.toHaveBeenCalled()
  })

  it('refuses before signing when SOL cannot cover the amount and the fee', async () => {
    const devnet = solanaDevnet()
    const connection = connectionTo(devnet)
    const payer = await createSolanaPayer(devnet, {
      lamports: BigInt(LAMPORTS_PER_SOL / 100),
      usdc: 0n,
      token2022: 0n,
    })
    const { paymentRequired, option } = await h402Quote(devnet, {
      tokenAddress: systemProgram,
      amountRequired: LAMPORTS_PER_SOL / 100,
    })
    const error = await solanaPayer(payer.keypair, { connection })
      .createPayment(option, contextFor(paymentRequired))
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(InsufficientFundsError)
    expect((error as InsufficientFundsError).available).toBe(BigInt(LAMPORTS_PER_SOL / 100))
  })
})
