import { getAssociatedTokenAddressSync, TOKEN_PROGRAM_ID } from '@solana/spl-token'
import {
  ComputeBudgetInstruction,
  Keypair,
  PublicKey,
  TransactionMessage,
  VersionedTransaction,
} from '@solana/web3.js'
import { describe, expect, test } from 'vitest'
import type { UnsupportedOptionError } from '../core/errors/policy.js'
import { solanaNetworkIds } from '../core/networks/networks.js'
import type { PaymentContext } from '../core/payer.js'
import type { PaymentOption, Protocol } from '../core/types.js'
import { createH402Payment, payeeAccountRent } from './createH402Payment.js'
import { createX402Payment } from './createX402Payment.js'
import { RecipientCannotReceiveError } from './errors.js'
import { FakeSolanaChain } from './test/fakeSolanaChain.js'

// What the Solana payments read and where they send: 'confirmed' state only (a processed
// balance can be rolled back), payees that are program addresses (off the curve, as escrow and
// multisig accounts are), and the compute limit each h402 layout declares.

const settings = { confirmTimeoutMs: 1_000, pollIntervalMs: 1, allowAccountRent: true }
const context: PaymentContext = {
  paymentRequired: { protocol: 'x402-v2', options: [], receivedAt: Date.now(), raw: {} },
  now: () => Date.now() / 1000,
}
// A program-derived address: a valid payee with no private key, off the ed25519 curve.
const pda = PublicKey.findProgramAddressSync([Buffer.from('vault')], TOKEN_PROGRAM_ID)[0]

function setup(protocol: Protocol, payTo: PublicKey, native = false) {
  const chain = new FakeSolanaChain()
  const payer = Keypair.generate()
  chain.setSol(payer.publicKey, 10 ** 9)
  chain.setSol(payTo, 10 ** 6)
  const mint = chain.addMint(TOKEN_PROGRAM_ID, 6)
  chain.addTokenAccount(mint, payer.publicKey, 10_000n)
  chain.addTokenAccount(mint, payTo, 0n)
  const option: PaymentOption = {
    id: 'sol',
    protocol,
    scheme: 'exact',
    network: {
      id: solanaNetworkIds.devnet,
      namespace: 'solana',
      name: 'Solana Devnet',
      testnet: true,
    },
    asset: native ? { address: '', native: true } : { address: mint.toBase58(), native: false },
    amount: 1_000_000n,
    payTo: payTo.toBase58(),
    resource: 'https://shop.example/a',
    extra: { feePayer: Keypair.generate().publicKey.toBase58() },
    supported: true,
    raw: {},
  }
  if (!native) option.amount = 1_000n
  return { chain, payer, mint, option }
}

function message(payload: Record<string, unknown>) {
  const tx = VersionedTransaction.deserialize(Buffer.from(payload.transaction as string, 'base64'))
  return TransactionMessage.decompile(tx.message)
}

describe('Solana payments read confirmed state only', () => {
  test('x402 and h402, token and SOL', async () => {
    for (const [protocol, native] of [
      ['x402-v2', false],
      ['h402-v1', false],
      ['h402-v1', true],
    ] as const) {
      const { chain, payer, option } = setup(protocol, Keypair.generate().publicKey, native)
      const pay =
        protocol === 'h402-v1'
          ? createH402Payment(
              payer,
              payer.publicKey,
              chain.asConnection(),
              option,
              context,
              settings,
            )
          : createX402Payment(payer, payer.publicKey, chain.asConnection(), option, context)
      await pay
      expect(chain.commitments.length, `${protocol} ${native}`).toBeGreaterThan(2)
      expect(new Set(chain.commitments), `${protocol} ${native}`).toEqual(new Set(['confirmed']))
    }
  })

  test('payeeAccountRent: none for SOL, the rent when the token account is missing', async () => {
    const { chain, mint } = setup('h402-v1', Keypair.generate().publicKey)
    const connection = chain.asConnection()
    expect(await payeeAccountRent(connection, pda, undefined)).toBe(0n)
    const info = {
      address: mint,
      programId: TOKEN_PROGRAM_ID,
      decimals: 6,
      accountSize: 165,
      transferFee: false,
    }
    expect(await payeeAccountRent(connection, Keypair.generate().publicKey, info)).toBe(
      BigInt((165 + 128) * 6_960),
    )
    expect(new Set(chain.commitments)).toEqual(new Set(['confirmed']))
  })
})

describe('a payee that is a program address', () => {
  test('x402 and h402 pay its associated token account', async () => {
    for (const protocol of ['x402-v2', 'h402-v1'] as const) {
      const { chain, payer, mint, option } = setup(protocol, pda)
      const payment =
        protocol === 'h402-v1'
          ? await createH402Payment(
              payer,
              payer.publicKey,
              chain.asConnection(),
              option,
              context,
              settings,
            )
          : await createX402Payment(payer, payer.publicKey, chain.asConnection(), option, context)
      const keys = message(payment.payload).instructions.flatMap((ix) =>
        ix.keys.map((k) => k.pubkey.toBase58()),
      )
      expect(keys, protocol).toContain(
        getAssociatedTokenAddressSync(mint, pda, true, TOKEN_PROGRAM_ID).toBase58(),
      )
    }
  })
})

describe('refusals name what is wrong', () => {
  test('a payee or a fee payer that is not an address', async () => {
    for (const protocol of ['x402-v2', 'h402-v1'] as const) {
      const { chain, payer, option } = setup(protocol, Keypair.generate().publicKey)
      const pay = (o: PaymentOption) =>
        (protocol === 'h402-v1'
          ? createH402Payment(payer, payer.publicKey, chain.asConnection(), o, context, settings)
          : createX402Payment(payer, payer.publicKey, chain.asConnection(), o, context)
        ).then(
          () => undefined,
          (e: unknown) => e as UnsupportedOptionError,
        )
      expect((await pay({ ...option, payTo: 'nope' }))?.details, protocol).toBe(
        'The payee "nope" is not a Solana address.',
      )
      if (protocol === 'x402-v2')
        expect((await pay({ ...option, extra: { feePayer: 'nope' } }))?.details).toBe(
          'The fee payer (extra.feePayer) "nope" is not a Solana address.',
        )
    }
  })

  test("x402: the payee's missing token account is named", async () => {
    const { chain, payer, mint, option } = setup('x402-v2', Keypair.generate().publicKey)
    const fresh = Keypair.generate().publicKey
    const error = (await createX402Payment(
      payer,
      payer.publicKey,
      chain.asConnection(),
      { ...option, payTo: fresh.toBase58() },
      context,
    ).catch((e: unknown) => e)) as RecipientCannotReceiveError
    expect(error).toBeInstanceOf(RecipientCannotReceiveError)
    expect(error.account).toBe(
      getAssociatedTokenAddressSync(mint, fresh, true, TOKEN_PROGRAM_ID).toBase58(),
    )
  })
})

describe('h402 compute limits', () => {
  test('5,000 units for SOL, 80,000 for a token (create-ATA and TransferChecked)', async () => {
    const limitOf = async (native: boolean) => {
      const { chain, payer, option } = setup('h402-v1', Keypair.generate().publicKey, native)
      const payment = await createH402Payment(
        payer,
        payer.publicKey,
        chain.asConnection(),
        option,
        context,
        settings,
      )
      return ComputeBudgetInstruction.decodeSetComputeUnitLimit(
        message(payment.payload).instructions[0]!,
      ).units
    }
    expect(await limitOf(true)).toBe(5_000)
    expect(await limitOf(false)).toBe(80_000)
  })
})
