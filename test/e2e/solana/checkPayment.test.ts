import { type Keypair, VersionedTransaction } from '@solana/web3.js'
import bs58 from 'bs58'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { WrongNetworkError } from '../../../src/core/errors/wallet.js'
import type { PreparedPayment } from '../../../src/core/payer.js'
import { type SolanaWallet, solanaPayer } from '../../../src/solana/index.js'
import { keypairFromSecret } from '../../devnet/solana/client.js'
import {
  createSolanaPayer,
  type SolanaDevnet,
  startSolanaDevnet,
} from '../../devnet/solana/index.js'
import { connectionTo, contextFor, h402Quote, sendRaw, x402V2Quote } from './chain.js'

const systemProgram = '11111111111111111111111111111111'
const check = { now: () => Math.floor(Date.now() / 1000) }

function decode(payment: PreparedPayment): VersionedTransaction {
  return VersionedTransaction.deserialize(
    Buffer.from(payment.payload.transaction as string, 'base64'),
  )
}

// Its own bank, so that moving it 301 blocks ahead (past every blockhash) breaks no other test.
describe('solanaPayer.checkPayment on a devnet of its own', () => {
  let devnet: SolanaDevnet
  beforeAll(async () => {
    devnet = await startSolanaDevnet({ slotMs: 0 })
  }, 60_000)
  afterAll(() => devnet?.stop())

  /** Past `lastValidBlockHeight` of every blockhash so far (bankrun puts it 300 blocks out). */
  const expireBlockhashes = () => devnet.rpc.advance(301)

  it('reads an h402 signed transaction: unknown, then paid once broadcast', async () => {
    const connection = connectionTo(devnet)
    const payer = await createSolanaPayer(devnet, { usdc: 0n, token2022: 0n })
    const { paymentRequired, option } = await h402Quote(devnet, {
      tokenAddress: systemProgram,
      amountRequired: 1_000_000,
    })
    const payerApi = solanaPayer(payer.keypair, { connection })
    const payment = await payerApi.createPayment(option, contextFor(paymentRequired))
    expect(payment.lastValidBlockHeight).toBeGreaterThan(0)

    const before = await payerApi.checkPayment(option, payment, check)
    expect(before).toMatchObject({ status: 'unknown', transaction: payment.transaction })
    const signature = await sendRaw(connection, decode(payment))
    expect(await payerApi.checkPayment(option, payment, check)).toEqual({
      status: 'paid',
      transaction: signature,
    })
    // Still paid long after its blockhash expired.
    await expireBlockhashes()
    expect((await payerApi.checkPayment(option, payment, check)).status).toBe('paid')
  })

  it('says an h402 signed transaction is not-paid once its blockhash expired unsent', async () => {
    const connection = connectionTo(devnet)
    const payer = await createSolanaPayer(devnet, { usdc: 0n, token2022: 0n })
    const { paymentRequired, option } = await h402Quote(devnet, {
      tokenAddress: systemProgram,
      amountRequired: 1_000_000,
    })
    const payerApi = solanaPayer(payer.keypair, { connection })
    const payment = await payerApi.createPayment(option, contextFor(paymentRequired))
    expect((await payerApi.checkPayment(option, payment, check)).status).toBe('unknown')

    await expireBlockhashes()
    const verdict = await payerApi.checkPayment(option, payment, check)
    expect(verdict.status).toBe('not-paid')
    expect(verdict.reason).toMatch(/expired/)
    // And indeed no one can land it any more.
    await expect(connection.sendRawTransaction(decode(payment).serialize())).rejects.toThrow()
  })

  it('finds an x402 payment by the payer signature in the transaction the fee payer sent', async () => {
    const connection = connectionTo(devnet)
    const payer = await createSolanaPayer(devnet)
    const feePayer: Keypair = keypairFromSecret(devnet.feePayer.secretKey)
    const payerApi = solanaPayer(payer.keypair, { connection })
    const pay = async () => {
      const { paymentRequired, option } = await x402V2Quote(devnet, {
        amount: '1000',
        asset: devnet.usdcMint,
      })
      return { option, payment: await payerApi.createPayment(option, contextFor(paymentRequired)) }
    }
    // Another payment of the same payer lands too, so the search has to tell them apart.
    const other = await pay()
    const { option, payment } = await pay()
    expect(payment.transaction).toBeUndefined()
    expect((await payerApi.checkPayment(option, payment, check)).status).toBe('unknown')

    const settle = async (p: PreparedPayment) => {
      const transaction = decode(p)
      transaction.sign([feePayer])
      return sendRaw(connection, transaction)
    }
    await settle(other.payment)
    expect((await payerApi.checkPayment(option, payment, check)).status).toBe('unknown')
    const signature = await settle(payment)
    // The id is the fee payer's signature, which the client never had.
    expect(decode(payment).signatures[0]!.every((byte) => byte === 0)).toBe(true)
    expect(bs58.decode(signature)).toHaveLength(64)
    expect(await payerApi.checkPayment(option, payment, check)).toEqual({
      status: 'paid',
      transaction: signature,
    })
  })

  it('says an x402 payment is not-paid once its blockhash expired and no transaction carries it', async () => {
    const connection = connectionTo(devnet)
    const payer = await createSolanaPayer(devnet)
    const { paymentRequired, option } = await x402V2Quote(devnet, {
      amount: '1000',
      asset: devnet.usdcMint,
    })
    const payerApi = solanaPayer(payer.keypair, { connection })
    const payment = await payerApi.createPayment(option, contextFor(paymentRequired))
    await expireBlockhashes()
    const verdict = await payerApi.checkPayment(option, payment, check)
    expect(verdict.status).toBe('not-paid')
    const transaction = decode(payment)
    transaction.sign([keypairFromSecret(devnet.feePayer.secretKey)])
    await expect(connection.sendRawTransaction(transaction.serialize())).rejects.toThrow()
  })

  it('reads a payment the wallet broadcast, and refuses to judge on another cluster', async () => {
    const connection = connectionTo(devnet)
    const payer = await createSolanaPayer(devnet, { usdc: 0n, token2022: 0n })
    const wallet: SolanaWallet = {
      publicKey: payer.keypair.publicKey,
      sendTransaction: vi.fn(async (transaction: VersionedTransaction) => {
        transaction.sign([payer.keypair])
        return connection.sendRawTransaction(transaction.serialize())
      }),
    }
    const { paymentRequired, option } = await h402Quote(devnet, {
      tokenAddress: systemProgram,
      amountRequired: 1_000_000,
    })
    const payerApi = solanaPayer(wallet, { connection, pollIntervalMs: 20 })
    const payment = await payerApi.createPayment(option, contextFor(paymentRequired))
    expect(payment.kind).toBe('broadcast')
    expect(await payerApi.checkPayment(option, payment, check)).toEqual({
      status: 'paid',
      transaction: payment.transaction,
    })
    const elsewhere = solanaPayer(wallet, {
      connection,
      networks: ['solana:5eykt4UsFv8P8NJdTREpY1vzqKqZKvdp'],
    })
    await expect(elsewhere.checkPayment(option, payment, check)).rejects.toBeInstanceOf(
      WrongNetworkError,
    )
  })
})
