import { TOKEN_2022_PROGRAM_ID, TOKEN_PROGRAM_ID } from '@solana/spl-token'
import { Keypair, type PublicKey, VersionedTransaction } from '@solana/web3.js'
import bs58 from 'bs58'
import { describe, expect, test, vi } from 'vitest'
import { UnsupportedOptionError } from '../core/errors/policy.js'
import { InsufficientFundsError } from '../core/errors/wallet.js'
import { solanaNetworkIds } from '../core/networks/networks.js'
import type { PaymentContext, PaymentStep } from '../core/payer.js'
import type { PaymentOption } from '../core/types.js'
import { createH402Payment, type H402Settings } from './createH402Payment.js'
import { RecipientCannotReceiveError } from './errors.js'
import type { SolanaWallet } from './solanaSigner.js'
import { FakeSolanaChain, rentFor, transferFeeExtension } from './test/fakeSolanaChain.js'

// 5,000 lamports per signature plus the priority fee (1 µlamport × the compute limit, rounded up).
const fee = 5_001n
// A rent-exempt account of 0 bytes: what a system account must keep, or what opens one.
const reserve = BigInt(rentFor(0))
// An associated token account of a classic mint (165 bytes).
const tokenAccountRent = BigInt(rentFor(165))
const settings: H402Settings = {
  confirmTimeoutMs: 1_000,
  pollIntervalMs: 1,
  allowAccountRent: false,
}

function context(steps: PaymentStep[] = []): PaymentContext {
  return {
    paymentRequired: { protocol: 'h402-v1', options: [], receivedAt: Date.now(), raw: {} },
    now: () => Date.now() / 1000,
    onStep: (step) => steps.push(step),
  }
}

function option(payTo: PublicKey, asset: PaymentOption['asset'], amount: bigint): PaymentOption {
  return {
    id: 'h402',
    protocol: 'h402-v1',
    scheme: 'exact',
    network: {
      id: solanaNetworkIds.devnet,
      namespace: 'solana',
      name: 'Solana Devnet',
      testnet: true,
    },
    asset,
    amount,
    payTo: payTo.toBase58(),
    resource: 'https://shop.example/article',
    supported: true,
    raw: {},
  }
}

/** A payer with `lamports`, paying SOL to a payee that exists unless `newPayee`. */
function solPayment(lamports: bigint, amount: bigint, newPayee = false) {
  const chain = new FakeSolanaChain()
  const payer = Keypair.generate()
  const payee = Keypair.generate().publicKey
  chain.setSol(payer.publicKey, Number(lamports))
  if (!newPayee) chain.setSol(payee, 1_000_000)
  const paying = option(payee, { address: '', native: true, symbol: 'SOL', decimals: 9 }, amount)
  const pay = (allowAccountRent = false) =>
    createH402Payment(payer, payer.publicKey, chain.asConnection(), paying, context(), {
      ...settings,
      allowAccountRent,
    })
  return { chain, payer, payee, pay }
}

/** A payer with `lamports` and `tokens` of a classic mint, paying `amount` of it. */
function splPayment(lamports: bigint, tokens: bigint, amount: bigint, payeeHasAccount = true) {
  const chain = new FakeSolanaChain()
  const payer = Keypair.generate()
  const payee = Keypair.generate().publicKey
  chain.setSol(payer.publicKey, Number(lamports))
  const mint = chain.addMint(TOKEN_PROGRAM_ID, 6)
  chain.addTokenAccount(mint, payer.publicKey, tokens)
  if (payeeHasAccount) chain.addTokenAccount(mint, payee, 0n)
  const paying = option(payee, { address: mint.toBase58(), native: false, symbol: 'USDC' }, amount)
  const pay = (allowAccountRent = false, signer: Keypair | SolanaWallet = payer) =>
    createH402Payment(signer, payer.publicKey, chain.asConnection(), paying, context(), {
      ...settings,
      allowAccountRent,
    })
  return { chain, payer, payee, mint, paying, pay }
}

async function failure(run: Promise<unknown>): Promise<unknown> {
  return run.then(
    () => undefined,
    (e: unknown) => e,
  )
}

describe('createH402Payment (Solana): funds, SPEC §5.7', () => {
  test('SOL: amount and fee exactly, or with a rent-exempt reserve left, is paid', async () => {
    await expect(solPayment(1_000_000n + fee, 1_000_000n).pay()).resolves.toMatchObject({
      kind: 'transaction',
    })
    await expect(solPayment(1_000_000n + fee + reserve, 1_000_000n).pay()).resolves.toMatchObject({
      kind: 'transaction',
    })
  })

  test('SOL: one lamport short of amount and fee is refused, naming what is needed', async () => {
    const error = await failure(solPayment(1_000_000n + fee - 1n, 1_000_000n).pay())
    expect(error).toBeInstanceOf(InsufficientFundsError)
    expect(error).toMatchObject({ required: 1_000_000n + fee, available: 1_000_000n + fee - 1n })
    expect((error as InsufficientFundsError).shortMessage).toBe('Not enough SOL to pay.')
  })

  test('SOL: leaving the payer with dust below the rent-exempt reserve is refused', async () => {
    for (const left of [1n, reserve - 1n]) {
      const error = await failure(solPayment(1_000_000n + fee + left, 1_000_000n).pay())
      expect(error, `${left} left`).toBeInstanceOf(InsufficientFundsError)
      // What it takes: the payment and a reserve that keeps the account alive.
      expect(error).toMatchObject({ required: 1_000_000n + fee + reserve })
    }
  })

  test('SOL to a payee without an account: at least its rent-exempt reserve', async () => {
    const { pay } = solPayment(10n ** 10n, reserve - 1n, true)
    const error = await failure(pay())
    expect(error).toBeInstanceOf(RecipientCannotReceiveError)
    expect((error as RecipientCannotReceiveError).details).toBe(
      `The payee account does not exist yet, and ${reserve - 1n} lamports would not make it rent-exempt (it needs ${reserve}).`,
    )
    await expect(solPayment(10n ** 10n, reserve, true).pay()).resolves.toMatchObject({
      kind: 'transaction',
    })
  })

  test('a token: its balance covers the amount, and SOL the fee', async () => {
    await expect(splPayment(fee, 500n, 500n).pay()).resolves.toMatchObject({ kind: 'transaction' })
    const tokens = await failure(splPayment(fee, 499n, 500n).pay())
    expect(tokens).toBeInstanceOf(InsufficientFundsError)
    expect(tokens).toMatchObject({ required: 500n, available: 499n })
    expect((tokens as InsufficientFundsError).shortMessage).toBe('Not enough USDC to pay.')
    const sol = await failure(splPayment(fee - 1n, 500n, 500n).pay())
    expect(sol).toBeInstanceOf(InsufficientFundsError)
    expect(sol).toMatchObject({ required: fee, available: fee - 1n })
  })

  test('a payee without a token account: refused unless rent is allowed, then counted', async () => {
    const refused = await failure(splPayment(10n ** 9n, 500n, 500n, false).pay())
    expect(refused).toBeInstanceOf(UnsupportedOptionError)
    expect((refused as UnsupportedOptionError).details).toBe(
      'The payee has no account for this token yet; paying would also cost 0.00203928 SOL of rent to open it. Pass `allowAccountRent: true` to solanaPayer to allow that.',
    )
    await expect(
      splPayment(fee + tokenAccountRent, 500n, 500n, false).pay(true),
    ).resolves.toMatchObject({ kind: 'transaction' })
    const short = await failure(
      splPayment(fee + tokenAccountRent - 1n, 500n, 500n, false).pay(true),
    )
    expect(short).toMatchObject({ required: fee + tokenAccountRent })
  })

  test('a wallet that can only broadcast never opens the payee’s token account', async () => {
    const { pay, payer } = splPayment(10n ** 9n, 500n, 500n, false)
    const sendTransaction = vi.fn(async () => 'never')
    const wallet: SolanaWallet = { publicKey: payer.publicKey, sendTransaction }
    const error = await failure(pay(true, wallet))
    expect(error).toBeInstanceOf(UnsupportedOptionError)
    expect((error as UnsupportedOptionError).details).toMatch(
      /^The payee has no account for this token yet, and h402 servers refuse a payment a wallet sends itself/,
    )
    expect(sendTransaction).not.toHaveBeenCalled()
  })
})

describe('createH402Payment (Solana): what is refused before signing', () => {
  test('an option without a resource', async () => {
    const { chain, payer, paying } = splPayment(10n ** 9n, 500n, 500n)
    for (const resource of [undefined, '']) {
      const error = await failure(
        createH402Payment(
          payer,
          payer.publicKey,
          chain.asConnection(),
          { ...paying, resource },
          context(),
          settings,
        ),
      )
      expect(error).toBeInstanceOf(UnsupportedOptionError)
      expect((error as UnsupportedOptionError).details).toBe(
        'The option names no resource, which the payment must be bound to.',
      )
    }
  })

  test('a Token-2022 mint with a transfer fee: the payee would receive less', async () => {
    const chain = new FakeSolanaChain()
    const payer = Keypair.generate()
    const payee = Keypair.generate().publicKey
    chain.setSol(payer.publicKey, 10 ** 9)
    const pay = async (older: number, newer: number) => {
      const mint = chain.addMint(TOKEN_2022_PROGRAM_ID, 6, transferFeeExtension(older, newer))
      chain.addTokenAccount(mint, payer.publicKey, 1_000n)
      chain.addTokenAccount(mint, payee, 0n)
      const paying = option(payee, { address: mint.toBase58(), native: false }, 500n)
      return failure(
        createH402Payment(
          payer,
          payer.publicKey,
          chain.asConnection(),
          paying,
          context(),
          settings,
        ),
      )
    }
    const error = await pay(0, 100)
    expect(error).toBeInstanceOf(UnsupportedOptionError)
    expect((error as UnsupportedOptionError).details).toBe(
      'The token charges a Token-2022 transfer fee, so the payee would receive less.',
    )
    // A fee extension whose fees are zero takes nothing.
    expect(await pay(0, 0)).toBeUndefined()
  })
})

describe('createH402Payment (Solana): the signed payload', () => {
  test('a keypair signs alone: the transaction, its signature, the blockhash window', async () => {
    const { payer, chain, paying } = splPayment(10n ** 9n, 500n, 500n)
    const steps: PaymentStep[] = []
    const before = Math.floor(Date.now() / 1000)
    const payment = await createH402Payment(
      payer,
      payer.publicKey,
      chain.asConnection(),
      paying,
      context(steps),
      settings,
    )
    expect(steps).toEqual(['signing'])
    const transaction = VersionedTransaction.deserialize(
      Buffer.from(payment.payload.transaction as string, 'base64'),
    )
    const signature = bs58.encode(transaction.signatures[0]!)
    expect(payment).toMatchObject({
      kind: 'transaction',
      payload: { type: 'signTransaction', signature },
      payer: payer.publicKey.toBase58(),
      transaction: signature,
      lastValidBlockHeight: 1_000,
    })
    expect(transaction.message.recentBlockhash).toBe(chain.blockhash)
    // The blockhash's lifetime (60 s) from the moment of signing: h402 has no maxTimeoutSeconds.
    expect(payment.validBefore).toBeGreaterThanOrEqual(before + 60)
    expect(payment.validBefore).toBeLessThanOrEqual(Math.floor(Date.now() / 1000) + 60)
  })
})
