import { Keypair, PublicKey, VersionedTransaction } from '@solana/web3.js'
import { describe, expect, it } from 'vitest'
import { InsufficientFundsError } from '../../../src/core/errors/wallet.js'
import {
  RecipientCannotReceiveError,
  type SolanaWallet,
  solanaPayer,
} from '../../../src/solana/index.js'
import { createSolanaPayer } from '../../devnet/solana/index.js'
import {
  connectionTo,
  contextFor,
  feePayerKeypair,
  lamports,
  memosOf,
  sendRaw,
  solanaDevnet,
  tokenBalance,
  tokens,
  x402V1Quote,
  x402V2Quote,
} from './chain.js'

/** Co-signs as the facilitator does at settlement, and sends. */
async function settle(payload: Record<string, unknown>, feePayer: Keypair): Promise<string> {
  const devnet = solanaDevnet()
  const transaction = VersionedTransaction.deserialize(
    Buffer.from(payload.transaction as string, 'base64'),
  )
  transaction.sign([feePayer])
  return sendRaw(connectionTo(devnet), transaction)
}

describe('x402 exact on the Solana devnet', () => {
  for (const token of tokens) {
    it(`moves exactly the amount of a ${token.name} mint once the fee payer co-signs`, async () => {
      const devnet = solanaDevnet()
      const connection = connectionTo(devnet)
      const payer = await createSolanaPayer(devnet)
      const payee = new PublicKey(devnet.payTo.address)
      const mint = token.mint(devnet)
      const { paymentRequired, option } = await x402V2Quote(devnet, {
        amount: '12345',
        asset: mint,
        extra: { feePayer: devnet.feePayer.address, memo: `order-${token.name}` },
      })
      const context = contextFor(paymentRequired)
      const payerBefore = await tokenBalance(
        connection,
        payer.keypair.publicKey,
        mint,
        token.programId,
      )
      const payeeBefore = await tokenBalance(connection, payee, mint, token.programId)
      const solBefore = await lamports(connection, payer.keypair.publicKey)

      const payment = await solanaPayer(payer.keypair, { connection }).createPayment(
        option,
        context,
      )
      expect(payment.kind).toBe('authorization')
      expect(context.steps).toEqual(['signing'])
      // Nothing moves before settlement.
      expect(await tokenBalance(connection, payer.keypair.publicKey, mint, token.programId)).toBe(
        payerBefore,
      )

      const signature = await settle(payment.payload, feePayerKeypair(devnet))
      expect(await tokenBalance(connection, payer.keypair.publicKey, mint, token.programId)).toBe(
        payerBefore - 12_345n,
      )
      expect(await tokenBalance(connection, payee, mint, token.programId)).toBe(
        payeeBefore + 12_345n,
      )
      // The facilitator paid the fee; the payer spent no SOL.
      expect(await lamports(connection, payer.keypair.publicKey)).toBe(solBefore)
      expect(await memosOf(connection, signature)).toEqual([`order-${token.name}`])
    })
  }

  it('pays an x402 v1 option (maxAmountRequired) through a wallet-adapter-like wallet', async () => {
    const devnet = solanaDevnet()
    const connection = connectionTo(devnet)
    const payer = await createSolanaPayer(devnet)
    const payee = new PublicKey(devnet.payTo.address)
    const { paymentRequired, option } = await x402V1Quote(devnet, {
      maxAmountRequired: '500',
      asset: devnet.token2022Mint,
    })
    const wallet: SolanaWallet = {
      publicKey: payer.keypair.publicKey,
      signTransaction: async (transaction) => {
        transaction.sign([payer.keypair])
        return transaction
      },
      wallet: { adapter: { supportedTransactionVersions: new Set(['legacy', 0] as const) } },
    }
    const programId = tokens[1].programId
    const payeeBefore = await tokenBalance(connection, payee, devnet.token2022Mint, programId)
    const payment = await solanaPayer(wallet, { connection }).createPayment(
      option,
      contextFor(paymentRequired),
    )
    const signature = await settle(payment.payload, feePayerKeypair(devnet))
    expect(await tokenBalance(connection, payee, devnet.token2022Mint, programId)).toBe(
      payeeBefore + 500n,
    )
    // The default memo: 16 random bytes, hex.
    expect(await memosOf(connection, signature)).toEqual([expect.stringMatching(/^[0-9a-f]{32}$/)])
  })

  it("refuses before signing when the payee's token account does not exist", async () => {
    const devnet = solanaDevnet()
    const connection = connectionTo(devnet)
    const payer = await createSolanaPayer(devnet)
    const { paymentRequired, option } = await x402V2Quote(devnet, {
      amount: '1000',
      asset: devnet.usdcMint,
      payTo: Keypair.generate().publicKey.toBase58(),
    })
    await expect(
      solanaPayer(payer.keypair, { connection }).createPayment(option, contextFor(paymentRequired)),
    ).rejects.toBeInstanceOf(RecipientCannotReceiveError)
  })

  it('refuses before signing when the payer holds too little of the token', async () => {
    const devnet = solanaDevnet()
    const connection = connectionTo(devnet)
    const payer = await createSolanaPayer(devnet, { usdc: 999n })
    const { paymentRequired, option } = await x402V2Quote(devnet, {
      amount: '1000',
      asset: devnet.usdcMint,
    })
    const error = await solanaPayer(payer.keypair, { connection })
      .createPayment(option, contextFor(paymentRequired))
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(InsufficientFundsError)
    expect((error as InsufficientFundsError).available).toBe(999n)
  })

  it('reads the balance the payment will be checked against', async () => {
    const devnet = solanaDevnet()
    const connection = connectionTo(devnet)
    const payer = await createSolanaPayer(devnet, { usdc: 4_321n, token2022: 0n })
    const api = solanaPayer(payer.keypair, { connection })
    const usdc = await x402V2Quote(devnet, { amount: '1', asset: devnet.usdcMint })
    const t22 = await x402V2Quote(devnet, { amount: '1', asset: devnet.token2022Mint })
    expect(await api.getBalance!(usdc.option)).toBe(4_321n)
    expect(await api.getBalance!(t22.option)).toBe(0n)
  })
})
