import { createPublicKey, verify } from 'node:crypto'
import {
  ACCOUNT_SIZE,
  decodeTransferCheckedInstruction,
  getAssociatedTokenAddressSync,
  TOKEN_2022_PROGRAM_ID,
  TOKEN_PROGRAM_ID,
} from '@solana/spl-token'
import {
  ComputeBudgetProgram,
  Keypair,
  type PublicKey,
  type SignatureStatus,
  SystemProgram,
  TransactionMessage,
  VersionedTransaction,
} from '@solana/web3.js'
import bs58 from 'bs58'
import { describe, expect, it, vi } from 'vitest'
import {
  OutcomeUnknownError,
  QuoteExpiredError,
  TransactionRevertedError,
} from '../core/errors/payment.js'
import { UnsupportedOptionError } from '../core/errors/policy.js'
import {
  InsufficientFundsError,
  UserRejectedError,
  WalletNotConnectedError,
  WrongNetworkError,
} from '../core/errors/wallet.js'
import { solanaNetworkIds } from '../core/networks/networks.js'
import type { PaymentContext } from '../core/payer.js'
import type { PaymentOption, Protocol } from '../core/types.js'
import { memoProgramId } from './constants.js'
import { RecipientCannotReceiveError, TransactionModifiedError } from './errors.js'
import { resourceReference } from './resourceReference.js'
import { solanaPayer } from './solanaPayer.js'
import type { SolanaWallet } from './solanaSigner.js'
import { FakeSolanaChain, transferHookExtension } from './test/fakeSolanaChain.js'

// The shared in-process chain, plus the two reads only the payer's cluster and status checks make.
const devnetGenesis = 'EtWTRABZaYq6iMfeYKouRu166VU2xqa1wcaWoxPkrZBG'

class FakeConnection extends FakeSolanaChain {
  status: SignatureStatus | null = null
  genesisHash = devnetGenesis

  async getGenesisHash() {
    return this.genesisHash
  }
  async getSignatureStatuses() {
    return { context: { slot: 1 }, value: [this.status] }
  }
}

function option(protocol: Protocol, fields: Partial<PaymentOption> = {}): PaymentOption {
  return {
    id: 'test',
    protocol,
    scheme: 'exact',
    network: {
      id: solanaNetworkIds.devnet,
      namespace: 'solana',
      name: 'Solana Devnet',
      testnet: true,
    },
    asset: { address: '', native: false },
    amount: 10_000n,
    payTo: Keypair.generate().publicKey.toBase58(),
    supported: true,
    raw: {},
    ...fields,
  }
}

function context(overrides: Partial<PaymentContext> = {}): PaymentContext {
  return {
    paymentRequired: { protocol: 'x402-v2', options: [], receivedAt: Date.now(), raw: {} },
    now: () => Date.now() / 1000,
    ...overrides,
  }
}

/** A wallet-adapter-like wallet backed by a keypair. */
function wallet(keypair: Keypair, overrides: Partial<SolanaWallet> = {}): SolanaWallet {
  return {
    publicKey: keypair.publicKey,
    signTransaction: vi.fn(async (tx: VersionedTransaction) => {
      tx.sign([keypair])
      return tx
    }),
    sendTransaction: vi.fn(async () => {
      throw new Error('not used')
    }),
    ...overrides,
  }
}

function verifies(signature: Uint8Array, message: Uint8Array, key: PublicKey): boolean {
  const spki = Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), key.toBuffer()])
  const publicKey = createPublicKey({ key: spki, format: 'der', type: 'spki' })
  return verify(null, message, publicKey, signature)
}

function decodePayload(transaction: unknown) {
  const tx = VersionedTransaction.deserialize(Buffer.from(transaction as string, 'base64'))
  return { tx, message: TransactionMessage.decompile(tx.message) }
}

/** A chain with a payer holding SOL and tokens, and a payee that can receive them. */
function setup(programId = TOKEN_PROGRAM_ID, decimals = 6) {
  const chain = new FakeConnection()
  const payer = Keypair.generate()
  const payee = Keypair.generate().publicKey
  const feePayer = Keypair.generate().publicKey
  chain.setSol(payer.publicKey, 1_000_000_000)
  const mint = chain.addMint(programId, decimals)
  chain.addTokenAccount(mint, payer.publicKey, 1_000_000n)
  chain.addTokenAccount(mint, payee, 0n)
  const x402 = option('x402-v2', {
    asset: { address: mint.toBase58(), native: false, decimals, symbol: 'USDC' },
    payTo: payee.toBase58(),
    extra: { feePayer: feePayer.toBase58() },
  })
  return { chain, payer, payee, feePayer, mint, x402, connection: chain.asConnection() }
}

describe('solanaPayer — x402 exact', () => {
  it('partially signs the reference transaction: payer signed, fee-payer slot empty', async () => {
    const { payer, feePayer, payee, mint, x402, connection } = setup()
    const payment = await solanaPayer(payer, { connection }).createPayment(x402, context())
    expect(payment.kind).toBe('authorization')
    expect(payment.payer).toBe(payer.publicKey.toBase58())
    expect(payment.validBefore).toBeGreaterThan(Date.now() / 1000)
    expect(Object.keys(payment.payload)).toEqual(['transaction'])
    const { tx, message } = decodePayload(payment.payload.transaction)
    expect(message.payerKey.equals(feePayer)).toBe(true)
    expect(tx.signatures[0]!.every((byte) => byte === 0)).toBe(true)
    expect(verifies(tx.signatures[1]!, tx.message.serialize(), payer.publicKey)).toBe(true)
    const transfer = decodeTransferCheckedInstruction(message.instructions[2]!, TOKEN_PROGRAM_ID)
    expect(transfer.data.amount).toBe(10_000n)
    expect(transfer.data.decimals).toBe(6)
    expect(transfer.keys.destination.pubkey).toEqual(
      getAssociatedTokenAddressSync(mint, payee, true, TOKEN_PROGRAM_ID),
    )
  })

  it("uses the mint's own decimals and the Token-2022 program for a Token-2022 mint", async () => {
    const { payer, x402, connection } = setup(TOKEN_2022_PROGRAM_ID, 2)
    const payment = await solanaPayer(payer, { connection }).createPayment(x402, context())
    const { message } = decodePayload(payment.payload.transaction)
    const ix = message.instructions[2]!
    expect(ix.programId.equals(TOKEN_2022_PROGRAM_ID)).toBe(true)
    expect(decodeTransferCheckedInstruction(ix, TOKEN_2022_PROGRAM_ID).data.decimals).toBe(2)
  })

  it('puts extra.memo in the Memo, or else 16 random bytes as hex', async () => {
    const { payer, x402, connection } = setup()
    const payerApi = solanaPayer(payer, { connection })
    const memoOf = async (extra: Record<string, unknown>) => {
      const payment = await payerApi.createPayment(
        { ...x402, extra: { ...x402.extra, ...extra } },
        context(),
      )
      const ix = decodePayload(payment.payload.transaction).message.instructions[3]!
      expect(ix.programId.equals(memoProgramId)).toBe(true)
      return new TextDecoder().decode(ix.data)
    }
    expect(await memoOf({ memo: 'pi_3abc123' })).toBe('pi_3abc123')
    const random = await memoOf({})
    expect(random).toMatch(/^[0-9a-f]{32}$/)
    expect(await memoOf({})).not.toBe(random)
  })

  it('refuses an option without extra.feePayer, in canPay and before signing', async () => {
    const { payer, x402, connection } = setup()
    const noFeePayer = { ...x402, extra: {} }
    const payerApi = solanaPayer(payer, { connection })
    expect(payerApi.canPay(noFeePayer)).toMatch(/fee payer/)
    await expect(payerApi.createPayment(noFeePayer, context())).rejects.toBeInstanceOf(
      UnsupportedOptionError,
    )
  })

  it("refuses, without asking the wallet, when the payee's token account does not exist", async () => {
    const { payer, x402, connection } = setup()
    const fresh = Keypair.generate().publicKey
    const signer = wallet(payer)
    const error = await solanaPayer(signer, { connection })
      .createPayment({ ...x402, payTo: fresh.toBase58() }, context())
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(RecipientCannotReceiveError)
    expect((error as RecipientCannotReceiveError).shortMessage).toBe(
      "The merchant can't receive this token yet.",
    )
    expect(signer.signTransaction).not.toHaveBeenCalled()
  })

  it('refuses when the token balance is below the amount', async () => {
    const { payer, x402, connection } = setup()
    const error = await solanaPayer(payer, { connection })
      .createPayment({ ...x402, amount: 1_000_001n }, context())
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(InsufficientFundsError)
    expect((error as InsufficientFundsError).available).toBe(1_000_000n)
  })

  it('refuses a mint whose decimals differ from what the option shows', async () => {
    const { payer, x402, connection } = setup()
    const wrong = { ...x402, asset: { ...x402.asset, decimals: 9 } }
    await expect(
      solanaPayer(payer, { connection }).createPayment(wrong, context()),
    ).rejects.toBeInstanceOf(UnsupportedOptionError)
  })

  it('refuses a Token-2022 mint with a transfer hook', async () => {
    const { chain, payer, payee, x402, connection } = setup()
    const mint = chain.addMint(
      TOKEN_2022_PROGRAM_ID,
      6,
      transferHookExtension(Keypair.generate().publicKey),
    )
    chain.addTokenAccount(mint, payer.publicKey, 1_000_000n)
    chain.addTokenAccount(mint, payee, 0n)
    const hooked = { ...x402, asset: { address: mint.toBase58(), native: false } }
    await expect(
      solanaPayer(payer, { connection }).createPayment(hooked, context()),
    ).rejects.toThrow(/transfer hook/)
  })

  it('signs through a wallet and keeps only the payer signature on the built bytes', async () => {
    const { payer, x402, connection } = setup()
    const signer = wallet(payer)
    const payment = await solanaPayer(signer, { connection }).createPayment(x402, context())
    const { tx } = decodePayload(payment.payload.transaction)
    expect(signer.signTransaction).toHaveBeenCalledOnce()
    expect(verifies(tx.signatures[1]!, tx.message.serialize(), payer.publicKey)).toBe(true)
  })

  it('maps a wallet rejection to UserRejectedError with the wallet error as cause', async () => {
    const { payer, x402, connection } = setup()
    class WalletSignTransactionError extends Error {
      override name = 'WalletSignTransactionError'
      error = { code: 4001, message: 'User rejected the request.' }
    }
    const rejection = new WalletSignTransactionError('User rejected the request.')
    const signer = wallet(payer, {
      signTransaction: async () => {
        throw rejection
      },
    })
    const error = await solanaPayer(signer, { connection })
      .createPayment(x402, context())
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(UserRejectedError)
    expect((error as UserRejectedError).cause).toBe(rejection)
  })

  it('refuses a transaction the wallet changed before signing (x402#2855)', async () => {
    const { payer, x402, connection } = setup()
    // Like Mobile Wallet Adapter / Seed Vault: raise the compute-unit price, then sign.
    const signer = wallet(payer, {
      signTransaction: async (tx: VersionedTransaction) => {
        const message = TransactionMessage.decompile(tx.message)
        message.instructions[1] = ComputeBudgetProgram.setComputeUnitPrice({
          microLamports: 100_000,
        })
        const rewritten = new VersionedTransaction(message.compileToV0Message())
        rewritten.sign([payer])
        return rewritten
      },
    })
    await expect(
      solanaPayer(signer, { connection }).createPayment(x402, context()),
    ).rejects.toBeInstanceOf(TransactionModifiedError)
  })

  it('refuses a wallet that returns the message unsigned', async () => {
    const { payer, x402, connection } = setup()
    const signer = wallet(payer, { signTransaction: async (tx: VersionedTransaction) => tx })
    await expect(
      solanaPayer(signer, { connection }).createPayment(x402, context()),
    ).rejects.toThrow(/did not sign/)
  })

  it('never signs an expired quote', async () => {
    const { payer, x402, connection } = setup()
    const signer = wallet(payer)
    const expired = context({
      paymentRequired: {
        protocol: 'x402-v2',
        options: [],
        receivedAt: Date.now() - 120_000,
        raw: {},
      },
    })
    await expect(
      solanaPayer(signer, { connection }).createPayment(
        { ...x402, maxTimeoutSeconds: 60 },
        expired,
      ),
    ).rejects.toBeInstanceOf(QuoteExpiredError)
    expect(signer.signTransaction).not.toHaveBeenCalled()
  })

  it('needs signTransaction: a send-only wallet cannot pay x402', () => {
    const { payer, x402, connection } = setup()
    const sendOnly = wallet(payer, { signTransaction: undefined })
    expect(solanaPayer(sendOnly, { connection }).canPay(x402)).toMatch(/without sending/)
  })
})

describe('solanaPayer — wallet and network', () => {
  it('throws WalletNotConnectedError for a disconnected wallet', async () => {
    const { payer, x402, connection } = setup()
    const disconnected = solanaPayer(wallet(payer, { publicKey: null }), { connection })
    await expect(disconnected.getAddress(x402)).rejects.toBeInstanceOf(WalletNotConnectedError)
    await expect(disconnected.createPayment(x402, context())).rejects.toBeInstanceOf(
      WalletNotConnectedError,
    )
  })

  it('refuses wallets whose adapter cannot sign v0 transactions', () => {
    const { payer, x402, connection } = setup()
    const legacyOnly = wallet(payer, {
      wallet: {
        adapter: { name: 'Old', supportedTransactionVersions: new Set(['legacy'] as const) },
      },
    })
    expect(solanaPayer(legacyOnly, { connection }).canPay(x402)).toMatch(/versioned/)
    const modern = wallet(payer, {
      wallet: { adapter: { supportedTransactionVersions: new Set(['legacy', 0] as const) } },
    })
    expect(solanaPayer(modern, { connection }).canPay(x402)).toBeUndefined()
  })

  it('refuses an option on another cluster than the RPC', async () => {
    const { chain, payer, x402, connection } = setup()
    const mainnet = { ...x402, network: { ...x402.network, id: solanaNetworkIds.mainnet } }
    await expect(
      solanaPayer(payer, { connection }).createPayment(mainnet, context()),
    ).rejects.toBeInstanceOf(WrongNetworkError)
    expect(
      solanaPayer(payer, { connection, networks: [solanaNetworkIds.devnet] }).canPay(mainnet),
    ).toMatch(/serves/)
    chain.genesisHash = 'not-devnet'
    await expect(
      solanaPayer(payer, { connection }).createPayment(x402, context()),
    ).rejects.toBeInstanceOf(WrongNetworkError)
  })

  it('reads balances: lamports, token units, and 0 without a token account', async () => {
    const { chain, payer, x402, connection } = setup()
    const payerApi = solanaPayer(payer, { connection })
    expect(await payerApi.getBalance!(x402)).toBe(1_000_000n)
    const sol = option('h402-v1', {
      asset: { address: SystemProgram.programId.toBase58(), native: true },
    })
    expect(await payerApi.getBalance!(sol)).toBe(1_000_000_000n)
    const other = chain.addMint(TOKEN_PROGRAM_ID, 6)
    expect(
      await payerApi.getBalance!({ ...x402, asset: { address: other.toBase58(), native: false } }),
    ).toBe(0n)
  })
})

describe('solanaPayer — h402', () => {
  const resource = 'https://example.com/paid/article'
  const solOption = (payTo: PublicKey, amount = 5_000_000n) =>
    option('h402-v1', {
      asset: {
        address: SystemProgram.programId.toBase58(),
        native: true,
        decimals: 9,
        symbol: 'SOL',
      },
      amount,
      payTo: payTo.toBase58(),
      resource,
    })

  it('fully signs a SOL payment with the payer as fee payer, bound to the resource by reference', async () => {
    const { payer, payee, connection } = setup()
    const payment = await solanaPayer(payer, { connection }).createPayment(
      solOption(payee),
      context(),
    )
    expect(payment.kind).toBe('transaction')
    expect(payment.payload.type).toBe('signTransaction')
    const { tx, message } = decodePayload(payment.payload.transaction)
    expect(message.payerKey.equals(payer.publicKey)).toBe(true)
    expect(payment.payload.signature).toBe(bs58.encode(tx.signatures[0]!))
    expect(payment.transaction).toBe(payment.payload.signature)
    expect(verifies(tx.signatures[0]!, tx.message.serialize(), payer.publicKey)).toBe(true)
    // h402's layout: [limit, price, transfer], no Memo; the reference is the transfer's third key.
    expect(message.instructions).toHaveLength(3)
    const reference = await resourceReference(resource)
    expect(message.instructions[2]!.keys[2]!.pubkey.equals(reference!)).toBe(true)
  })

  it('pays an SPL token with create-ATA-idempotent + TransferChecked', async () => {
    const { payer, payee, mint, connection } = setup(TOKEN_2022_PROGRAM_ID)
    const spl = option('h402-v1', {
      asset: { address: mint.toBase58(), native: false, decimals: 6 },
      payTo: payee.toBase58(),
      resource,
    })
    const payment = await solanaPayer(payer, { connection }).createPayment(spl, context())
    const { message } = decodePayload(payment.payload.transaction)
    expect(message.instructions).toHaveLength(4)
    const transfer = decodeTransferCheckedInstruction(
      message.instructions[3]!,
      TOKEN_2022_PROGRAM_ID,
    )
    expect(transfer.data.amount).toBe(10_000n)
  })

  it('refuses an option without a resource', async () => {
    const { payer, payee, connection } = setup()
    const noResource = { ...solOption(payee), resource: undefined }
    const payerApi = solanaPayer(payer, { connection })
    expect(payerApi.canPay(noResource)).toMatch(/resource/)
    await expect(payerApi.createPayment(noResource, context())).rejects.toBeInstanceOf(
      UnsupportedOptionError,
    )
  })

  it('refuses when SOL cannot cover the amount and the fee', async () => {
    const { payer, payee, connection } = setup()
    const error = await solanaPayer(payer, { connection })
      .createPayment(solOption(payee, 999_999_000n), context())
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(InsufficientFundsError)
  })

  it('refuses a SOL payment too small to open a new payee account', async () => {
    const { payer, connection } = setup()
    const payerApi = solanaPayer(payer, { connection })
    const tiny = solOption(Keypair.generate().publicKey, 1_000n)
    await expect(payerApi.createPayment(tiny, context())).rejects.toBeInstanceOf(
      RecipientCannotReceiveError,
    )
    await expect(payerApi.describeOption(tiny)).rejects.toBeInstanceOf(RecipientCannotReceiveError)
    expect(await payerApi.describeOption(solOption(Keypair.generate().publicKey))).toEqual({
      decimals: 9,
      extraCosts: [],
    })
  })

  it('lets a send-only wallet broadcast once and waits for confirmation', async () => {
    const { chain, payer, payee, connection } = setup()
    const signature = bs58.encode(new Uint8Array(64).fill(7))
    const sendTransaction = vi.fn(async () => {
      chain.status = { slot: 2, confirmations: 1, err: null, confirmationStatus: 'confirmed' }
      return signature
    })
    const steps: string[] = []
    const signer = wallet(payer, { signTransaction: undefined, sendTransaction })
    const payment = await solanaPayer(signer, { connection, pollIntervalMs: 1 }).createPayment(
      solOption(payee),
      context({ onStep: (step) => steps.push(step) }),
    )
    expect(sendTransaction).toHaveBeenCalledOnce()
    expect(payment).toEqual({
      kind: 'broadcast',
      payload: { type: 'signAndSendTransaction', signature },
      payer: payer.publicKey.toBase58(),
      transaction: signature,
      lastValidBlockHeight: 1_000,
    })
    // Like EVM's: the session reads a failure after 'broadcasting' as an unknown outcome.
    expect(steps).toEqual(['broadcasting', 'confirming'])
  })

  it('reports an unknown outcome, not a failure, when the broadcast is not confirmed in time', async () => {
    const { payer, payee, connection } = setup()
    const signature = bs58.encode(new Uint8Array(64).fill(9))
    const signer = wallet(payer, {
      signTransaction: undefined,
      sendTransaction: vi.fn(async () => signature),
    })
    const error = await solanaPayer(signer, { connection, pollIntervalMs: 1, confirmTimeoutMs: 20 })
      .createPayment(solOption(payee), context())
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(OutcomeUnknownError)
    expect((error as OutcomeUnknownError).transaction).toBe(signature)
  })

  it('reports a broadcast that landed but failed as TransactionRevertedError', async () => {
    const { chain, payer, payee, connection } = setup()
    const signature = bs58.encode(new Uint8Array(64).fill(8))
    const signer = wallet(payer, {
      signTransaction: undefined,
      sendTransaction: vi.fn(async () => {
        chain.status = {
          slot: 2,
          confirmations: 1,
          err: { InstructionError: [2, { Custom: 1 }] },
          confirmationStatus: 'confirmed',
        }
        return signature
      }),
    })
    const error = await solanaPayer(signer, { connection, pollIntervalMs: 1 })
      .createPayment(solOption(payee), context())
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(TransactionRevertedError)
    expect((error as TransactionRevertedError).transaction).toBe(signature)
  })

  it('treats a send failure that is not a rejection as an unknown outcome', async () => {
    const { payer, payee, connection } = setup()
    const signer = wallet(payer, {
      signTransaction: undefined,
      sendTransaction: vi.fn(async () => {
        throw new TypeError('fetch failed')
      }),
    })
    await expect(
      solanaPayer(signer, { connection }).createPayment(solOption(payee), context()),
    ).rejects.toBeInstanceOf(OutcomeUnknownError)
  })
})

/** A Token-2022 TransferFeeConfig extension (type 1) charging `basisPoints` on transfers. */
function transferFeeExtension(basisPoints: number): Buffer {
  const tlv = Buffer.alloc(4 + 108)
  tlv.writeUInt16LE(1, 0)
  tlv.writeUInt16LE(108, 2)
  // Two authorities (64 bytes) and the withheld amount (8), then the older and newer fees:
  // epoch u64, maximum fee u64, basis points u16.
  for (const offset of [4 + 72, 4 + 90]) {
    tlv.writeBigUInt64LE(1_000_000n, offset + 8)
    tlv.writeUInt16LE(basisPoints, offset + 16)
  }
  return tlv
}

describe('solanaPayer — guards', () => {
  const resource = 'https://example.com/paid/article'

  it('refuses an x402 option whose fee payer is the paying account, before signing', async () => {
    const { payer, x402, connection } = setup()
    const signer = wallet(payer)
    const error = await solanaPayer(signer, { connection })
      .createPayment({ ...x402, extra: { feePayer: payer.publicKey.toBase58() } }, context())
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(UnsupportedOptionError)
    expect((error as UnsupportedOptionError).details).toMatch(/fee payer is the paying account/)
    expect(signer.signTransaction).not.toHaveBeenCalled()
  })

  it('accepts a 256-byte memo and refuses a 257-byte one', async () => {
    const { payer, x402, connection } = setup()
    const payerApi = solanaPayer(payer, { connection })
    const withMemo = (memo: string) => ({ ...x402, extra: { ...x402.extra, memo } })
    const payment = await payerApi.createPayment(withMemo('é'.repeat(128)), context())
    const ix = decodePayload(payment.payload.transaction).message.instructions[3]!
    expect(ix.data.length).toBe(256)
    const error = await payerApi
      .createPayment(withMemo(`${'é'.repeat(128)}x`), context())
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(UnsupportedOptionError)
    expect((error as UnsupportedOptionError).details).toMatch(/257 bytes/)
  })

  it('ends validBefore with the quote when it ends before the blockhash does', async () => {
    const { payer, x402, connection } = setup()
    const receivedAt = Date.now()
    const now = Math.floor(receivedAt / 1000)
    const at = (maxTimeoutSeconds: number) =>
      solanaPayer(payer, { connection }).createPayment(
        { ...x402, maxTimeoutSeconds },
        context({
          now: () => now,
          paymentRequired: { protocol: 'x402-v2', options: [], receivedAt, raw: {} },
        }),
      )
    expect((await at(20)).validBefore).toBe(now + 20)
    expect((await at(1_000)).validBefore).toBe(now + 60)
  })

  it('refuses an h402 SPL payment with a Token-2022 transfer fee', async () => {
    const { chain, payer, payee } = setup()
    const mint = chain.addMint(TOKEN_2022_PROGRAM_ID, 6, transferFeeExtension(50))
    chain.addTokenAccount(mint, payer.publicKey, 1_000_000n)
    chain.addTokenAccount(mint, payee, 0n)
    const spl = option('h402-v1', {
      asset: { address: mint.toBase58(), native: false, decimals: 6 },
      payTo: payee.toBase58(),
      resource,
    })
    const payerApi = solanaPayer(wallet(payer), { connection: chain.asConnection() })
    for (const attempt of [
      () => payerApi.createPayment(spl, context()),
      () => payerApi.describeOption(spl),
    ]) {
      const error = await attempt().catch((e: unknown) => e)
      expect(error).toBeInstanceOf(UnsupportedOptionError)
      expect((error as UnsupportedOptionError).details).toMatch(/transfer fee/)
    }
  })

  it('keeps the payer rent-exempt: refuses a SOL payment that would leave dust', async () => {
    const { chain, payer, payee, connection } = setup()
    chain.setSol(payee, 1_000_000)
    const sol = option('h402-v1', {
      asset: { address: SystemProgram.programId.toBase58(), native: true, decimals: 9 },
      // 1 SOL held; leaves about 0.0005 SOL, below the 0.00089 SOL an account must keep.
      amount: 999_500_000n,
      payTo: payee.toBase58(),
      resource,
    })
    const error = await solanaPayer(payer, { connection })
      .createPayment(sol, context())
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(InsufficientFundsError)
    expect((error as InsufficientFundsError).available).toBe(1_000_000_000n)
    // Leaving at least the minimum is fine.
    await expect(
      solanaPayer(payer, { connection }).createPayment({ ...sol, amount: 900_000_000n }, context()),
    ).resolves.toMatchObject({ kind: 'transaction' })
  })

  it("refuses, unless allowed, to pay the rent of the payee's new token account, and shows it", async () => {
    const { payer, mint, connection } = setup()
    const fresh = Keypair.generate().publicKey
    const spl = option('h402-v1', {
      asset: { address: mint.toBase58(), native: false, decimals: 6 },
      payTo: fresh.toBase58(),
      resource,
    })
    const rent = BigInt((ACCOUNT_SIZE + 128) * 6_960)
    const strict = solanaPayer(wallet(payer), { connection })
    // One at a time: a second promise made up front would reject unobserved while the first is awaited.
    for (const attempt of [
      () => strict.createPayment(spl, context()),
      () => strict.describeOption(spl),
    ]) {
      const error = await attempt().catch((e: unknown) => e)
      expect(error).toBeInstanceOf(UnsupportedOptionError)
      expect((error as UnsupportedOptionError).details).toMatch(/0\.00203928 SOL of rent/)
    }
    const allowing = solanaPayer(payer, { connection, allowAccountRent: true })
    expect(await allowing.describeOption(spl)).toEqual({
      decimals: 6,
      extraCosts: [
        {
          kind: 'account-rent',
          amount: rent,
          asset: { symbol: 'SOL', decimals: 9, native: true },
          description: expect.stringMatching(/token account/),
        },
      ],
    })
    await expect(allowing.createPayment(spl, context())).resolves.toMatchObject({
      kind: 'transaction',
    })
  })

  it('describes an option with the mint decimals and no extra cost when the account exists', async () => {
    const { payer, x402, connection } = setup()
    expect(await solanaPayer(payer, { connection }).describeOption(x402)).toEqual({
      decimals: 6,
      extraCosts: [],
    })
  })
})
