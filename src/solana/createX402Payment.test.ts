import { TOKEN_PROGRAM_ID } from '@solana/spl-token'
import { Keypair, TransactionMessage, VersionedTransaction } from '@solana/web3.js'
import { describe, expect, test, vi } from 'vitest'
import { QuoteExpiredError } from '../core/errors/payment.js'
import { UnsupportedOptionError } from '../core/errors/policy.js'
import { InsufficientFundsError } from '../core/errors/wallet.js'
import { solanaNetworkIds } from '../core/networks/networks.js'
import type { PaymentContext, PaymentStep } from '../core/payer.js'
import type { PaymentOption } from '../core/types.js'
import { createX402Payment, x402FeePayer } from './createX402Payment.js'
import type { SolanaWallet } from './solanaSigner.js'
import { FakeSolanaChain } from './test/fakeSolanaChain.js'

const receivedAt = 1_700_000_000_000

function setup(tokens = 1_000n) {
  const chain = new FakeSolanaChain()
  const payer = Keypair.generate()
  const payee = Keypair.generate().publicKey
  const feePayer = Keypair.generate().publicKey
  const mint = chain.addMint(TOKEN_PROGRAM_ID, 6)
  chain.addTokenAccount(mint, payer.publicKey, tokens)
  chain.addTokenAccount(mint, payee, 0n)
  const option: PaymentOption = {
    id: 'x402',
    protocol: 'x402-v2',
    scheme: 'exact',
    network: {
      id: solanaNetworkIds.devnet,
      namespace: 'solana',
      name: 'Solana Devnet',
      testnet: true,
    },
    asset: { address: mint.toBase58(), native: false, symbol: 'USDC', decimals: 6 },
    amount: 1_000n,
    payTo: payee.toBase58(),
    maxTimeoutSeconds: 300,
    extra: { feePayer: feePayer.toBase58() },
    supported: true,
    raw: {},
  }
  return { chain, payer, payee, feePayer, mint, option }
}

/** A clock at `seconds` after the quote arrived, moving to `signedAfter` inside the wallet. */
function clock(seconds: number, signedAfter = seconds) {
  let now = receivedAt / 1000 + seconds
  const steps: PaymentStep[] = []
  const context: PaymentContext = {
    paymentRequired: { protocol: 'x402-v2', options: [], receivedAt, raw: {} },
    now: () => now,
    onStep: (step) => steps.push(step),
  }
  const later = () => {
    now = receivedAt / 1000 + signedAfter
  }
  return { context, steps, later }
}

function wallet(payer: Keypair, onSign: () => void = () => undefined): SolanaWallet {
  return {
    publicKey: payer.publicKey,
    supportedTransactionVersions: new Set([0] as const),
    signTransaction: vi.fn(async (transaction: VersionedTransaction) => {
      onSign()
      transaction.sign([payer])
      return transaction
    }),
  }
}

async function failure(run: Promise<unknown>): Promise<unknown> {
  return run.then(
    () => undefined,
    (e: unknown) => e,
  )
}

function memoOf(payload: Record<string, unknown>): string {
  const transaction = VersionedTransaction.deserialize(
    Buffer.from(payload.transaction as string, 'base64'),
  )
  const memo = TransactionMessage.decompile(transaction.message).instructions[3]!
  return new TextDecoder().decode(memo.data)
}

describe('createX402Payment (Solana): refused before the wallet is asked', () => {
  test('the fee payer may not be the paying account', async () => {
    const { chain, payer, option } = setup()
    const signer = wallet(payer)
    const own = { ...option, extra: { feePayer: payer.publicKey.toBase58() } }
    const error = await failure(
      createX402Payment(signer, payer.publicKey, chain.asConnection(), own, clock(1).context),
    )
    expect(error).toBeInstanceOf(UnsupportedOptionError)
    expect((error as UnsupportedOptionError).details).toBe(
      "The facilitator's fee payer is the paying account; facilitators refuse that.",
    )
    expect(signer.signTransaction).not.toHaveBeenCalled()
  })

  test('a fee payer that is missing or not an address', async () => {
    const { option } = setup()
    for (const extra of [undefined, {}, { feePayer: '' }, { feePayer: 7 }])
      expect(() => x402FeePayer({ ...option, extra })).toThrow(
        'The server did not name the fee payer (extra.feePayer) that an x402 Solana payment needs.',
      )
    expect(() => x402FeePayer({ ...option, extra: { feePayer: 'not-base58!' } })).toThrow(
      UnsupportedOptionError,
    )
  })

  test('a memo of more than 256 UTF-8 bytes, or one that is not text', async () => {
    const { chain, payer, option } = setup()
    const pay = (memo: unknown) =>
      createX402Payment(
        payer,
        payer.publicKey,
        chain.asConnection(),
        { ...option, extra: { ...option.extra, memo } },
        clock(1).context,
      )
    // 128 two-byte characters: 256 bytes, though only 128 characters.
    expect(memoOf((await pay('é'.repeat(128))).payload)).toBe('é'.repeat(128))
    const long = await failure(pay(`${'é'.repeat(128)}a`))
    expect(long).toBeInstanceOf(UnsupportedOptionError)
    expect((long as UnsupportedOptionError).details).toBe(
      "The server's memo is 257 bytes; x402 allows at most 256.",
    )
    const notText = await failure(pay(42))
    expect((notText as UnsupportedOptionError).details).toBe(
      'The server sent a memo that is not text.',
    )
    // No memo, null or empty: a random one, as the reference client sends.
    for (const none of [undefined, null, ''])
      expect(memoOf((await pay(none)).payload)).toMatch(/^[0-9a-f]{32}$/)
  })

  test('a balance below the amount; exactly the amount is paid', async () => {
    const short = setup(999n)
    const error = await failure(
      createX402Payment(
        short.payer,
        short.payer.publicKey,
        short.chain.asConnection(),
        short.option,
        clock(1).context,
      ),
    )
    expect(error).toBeInstanceOf(InsufficientFundsError)
    expect(error).toMatchObject({ required: 1_000n, available: 999n })
    expect((error as InsufficientFundsError).shortMessage).toBe('Not enough USDC to pay.')
    const exact = setup(1_000n)
    await expect(
      createX402Payment(
        exact.payer,
        exact.payer.publicKey,
        exact.chain.asConnection(),
        exact.option,
        clock(1).context,
      ),
    ).resolves.toMatchObject({ kind: 'authorization' })
  })
})

describe('createX402Payment (Solana): the window', () => {
  test('validBefore: the blockhash lifetime, or the quote end when sooner', async () => {
    const { chain, payer, option } = setup()
    const start = receivedAt / 1000
    const { context, steps } = clock(10)
    const payment = await createX402Payment(
      payer,
      payer.publicKey,
      chain.asConnection(),
      option,
      context,
    )
    expect(steps).toEqual(['signing'])
    expect(payment).toMatchObject({
      kind: 'authorization',
      payer: payer.publicKey.toBase58(),
      validBefore: start + 10 + 60,
      lastValidBlockHeight: 1_000,
    })
    const ending = await createX402Payment(
      payer,
      payer.publicKey,
      chain.asConnection(),
      { ...option, maxTimeoutSeconds: 30 },
      clock(10).context,
    )
    expect(ending.validBefore).toBe(start + 30)
  })

  test('an expired quote is never signed', async () => {
    const { chain, payer, option } = setup()
    const signer = wallet(payer)
    const error = await failure(
      createX402Payment(signer, payer.publicKey, chain.asConnection(), option, clock(300).context),
    )
    expect(error).toBeInstanceOf(QuoteExpiredError)
    expect(signer.signTransaction).not.toHaveBeenCalled()
  })

  test('a signature that comes back within 5 s of validBefore is discarded', async () => {
    const { chain, payer, option } = setup()
    const late = clock(0, 56)
    const error = await failure(
      createX402Payment(
        wallet(payer, late.later),
        payer.publicKey,
        chain.asConnection(),
        option,
        late.context,
      ),
    )
    expect(error).toBeInstanceOf(QuoteExpiredError)
    const inTime = clock(0, 55)
    await expect(
      createX402Payment(
        wallet(payer, inTime.later),
        payer.publicKey,
        chain.asConnection(),
        option,
        inTime.context,
      ),
    ).resolves.toMatchObject({ validBefore: receivedAt / 1000 + 60 })
  })
})
