import { ACCOUNT_SIZE, TOKEN_2022_PROGRAM_ID, TOKEN_PROGRAM_ID } from '@solana/spl-token'
import { Keypair, PublicKey, SystemProgram } from '@solana/web3.js'
import { describe, expect, test } from 'vitest'
import { UnsupportedOptionError } from '../core/errors/policy.js'
import { solanaNetworkIds } from '../core/networks/networks.js'
import type { PaymentOption } from '../core/types.js'
import { readMint, toPublicKey } from './readMint.js'
import {
  FakeSolanaChain,
  tlv,
  transferFeeExtension,
  transferHookExtension,
} from './test/fakeSolanaChain.js'

function option(mint: PublicKey | string, decimals?: number): PaymentOption {
  return {
    id: 'sol',
    protocol: 'x402-v2',
    scheme: 'exact',
    network: {
      id: solanaNetworkIds.devnet,
      namespace: 'solana',
      name: 'Solana Devnet',
      testnet: true,
    },
    asset: {
      address: typeof mint === 'string' ? mint : mint.toBase58(),
      native: false,
      ...(decimals === undefined ? {} : { decimals }),
    },
    amount: 1n,
    payTo: Keypair.generate().publicKey.toBase58(),
    supported: true,
    raw: {},
  }
}

async function refusal(run: Promise<unknown>): Promise<string | undefined> {
  const error = await run.then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(UnsupportedOptionError)
  return (error as UnsupportedOptionError).details
}

describe('readMint', () => {
  test('a classic mint: its program, decimals, a 165-byte token account, no fee', async () => {
    const chain = new FakeSolanaChain()
    const mint = chain.addMint(TOKEN_PROGRAM_ID, 6)
    const info = await readMint(chain.asConnection(), option(mint, 6))
    expect(info.address.equals(mint)).toBe(true)
    expect(info.programId.equals(TOKEN_PROGRAM_ID)).toBe(true)
    expect(info).toMatchObject({ decimals: 6, accountSize: ACCOUNT_SIZE, transferFee: false })
  })

  test('a Token-2022 account adds ImmutableOwner and what the mint’s extensions require', async () => {
    const chain = new FakeSolanaChain()
    const plain = chain.addMint(TOKEN_2022_PROGRAM_ID, 2, Buffer.alloc(0))
    // 165 + account type (1) + ImmutableOwner (4 + 0).
    expect((await readMint(chain.asConnection(), option(plain))).accountSize).toBe(170)
    const withFee = chain.addMint(TOKEN_2022_PROGRAM_ID, 2, transferFeeExtension(0, 0))
    // … + TransferFeeAmount (4 + 8) for the withheld fee.
    expect((await readMint(chain.asConnection(), option(withFee))).accountSize).toBe(182)
  })

  test('a transfer fee counts when either the older or the newer fee is above zero', async () => {
    const chain = new FakeSolanaChain()
    const feeOf = async (older: number, newer: number) => {
      const mint = chain.addMint(TOKEN_2022_PROGRAM_ID, 6, transferFeeExtension(older, newer))
      return (await readMint(chain.asConnection(), option(mint))).transferFee
    }
    expect(await feeOf(0, 0)).toBe(false)
    expect(await feeOf(0, 1)).toBe(true)
    expect(await feeOf(1, 0)).toBe(true)
  })

  test('refuses a mint that does not exist, or an account of another program', async () => {
    const chain = new FakeSolanaChain()
    const missing = Keypair.generate().publicKey
    expect(await refusal(readMint(chain.asConnection(), option(missing)))).toBe(
      `The token mint ${missing.toBase58()} does not exist on this network.`,
    )
    const wallet = Keypair.generate().publicKey
    chain.setSol(wallet, 1)
    expect(await refusal(readMint(chain.asConnection(), option(wallet)))).toBe(
      `The asset ${wallet.toBase58()} is not a mint of the Token or Token-2022 program.`,
    )
    expect(SystemProgram.programId.equals(TOKEN_PROGRAM_ID)).toBe(false)
  })

  test('refuses an account of the Token program that is not a mint', async () => {
    const chain = new FakeSolanaChain()
    const mint = chain.addMint(TOKEN_PROGRAM_ID, 6)
    const tokenAccount = chain.addTokenAccount(mint, Keypair.generate().publicKey, 5n)
    expect(await refusal(readMint(chain.asConnection(), option(tokenAccount)))).toMatch(
      new RegExp(`^The asset ${tokenAccount.toBase58()} is not a valid mint: `),
    )
  })

  test('refuses a transfer hook that calls a program; one with no program set is paid', async () => {
    const chain = new FakeSolanaChain()
    const hooked = chain.addMint(
      TOKEN_2022_PROGRAM_ID,
      6,
      transferHookExtension(Keypair.generate().publicKey),
    )
    expect(await refusal(readMint(chain.asConnection(), option(hooked)))).toBe(
      'The token has a Token-2022 transfer hook, which this kit cannot pay.',
    )
    const reserved = chain.addMint(
      TOKEN_2022_PROGRAM_ID,
      6,
      transferHookExtension(PublicKey.default),
    )
    await expect(readMint(chain.asConnection(), option(reserved))).resolves.toMatchObject({
      transferFee: false,
    })
  })

  test("refuses an option whose decimals are not the mint's", async () => {
    const chain = new FakeSolanaChain()
    const mint = chain.addMint(TOKEN_PROGRAM_ID, 6)
    expect(await refusal(readMint(chain.asConnection(), option(mint, 9)))).toBe(
      'The option says the token has 9 decimals, but the mint has 6.',
    )
    await expect(readMint(chain.asConnection(), option(mint))).resolves.toMatchObject({
      decimals: 6,
    })
  })

  test('skips mint-only and empty extension entries when sizing the account', async () => {
    const chain = new FakeSolanaChain()
    // MintCloseAuthority (type 3) needs nothing in token accounts.
    const closable = chain.addMint(TOKEN_2022_PROGRAM_ID, 6, tlv(3, Buffer.alloc(32)))
    expect((await readMint(chain.asConnection(), option(closable))).accountSize).toBe(170)
    // ConfidentialTransferMint (type 4): accounts opt in to confidential transfers later.
    const confidential = chain.addMint(TOKEN_2022_PROGRAM_ID, 6, tlv(4, Buffer.alloc(65)))
    expect((await readMint(chain.asConnection(), option(confidential))).accountSize).toBe(170)
  })
})

describe('toPublicKey', () => {
  test('refuses the option for an address that is not a public key, naming the field', () => {
    const long = 'x'.repeat(100)
    let error: unknown
    try {
      toPublicKey(long, option(Keypair.generate().publicKey), 'payee')
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(UnsupportedOptionError)
    expect((error as UnsupportedOptionError).details).toBe(
      `The payee "${'x'.repeat(64)}" is not a Solana address.`,
    )
    const key = Keypair.generate().publicKey
    expect(toPublicKey(key.toBase58(), option(key), 'payee').equals(key)).toBe(true)
  })
})
