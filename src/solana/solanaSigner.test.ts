import type {
  Connection,
  PublicKey,
  SendOptions,
  Signer,
  Transaction,
  TransactionSignature,
  TransactionVersion,
  VersionedTransaction,
} from '@solana/web3.js'
import { Keypair } from '@solana/web3.js'
import { describe, expect, expectTypeOf, it } from 'vitest'
import {
  isKeypairSigner,
  type SolanaSigner,
  type SolanaWallet,
  signerPublicKey,
  supportsVersionedTransactions,
} from './solanaSigner.js'

/**
 * The members of `@solana/wallet-adapter-react`'s `WalletContextState` (0.15) that matter here,
 * copied so the kit can promise "pass `useWallet()` as is" without depending on the package.
 */
interface WalletContextState {
  wallet: {
    adapter: {
      name: string & { __brand__: 'WalletName' }
      supportedTransactionVersions?: ReadonlySet<TransactionVersion> | null
    }
    readyState: string
  } | null
  publicKey: PublicKey | null
  connected: boolean
  sendTransaction(
    transaction: Transaction | VersionedTransaction,
    connection: Connection,
    options?: SendOptions & { signers?: Signer[] },
  ): Promise<TransactionSignature>
  signTransaction:
    | (<T extends Transaction | VersionedTransaction>(transaction: T) => Promise<T>)
    | undefined
  signMessage: ((message: Uint8Array) => Promise<Uint8Array>) | undefined
}

describe('SolanaSigner', () => {
  it("accepts useWallet()'s return and a Keypair without glue code", () => {
    expectTypeOf<WalletContextState>().toExtend<SolanaWallet>()
    expectTypeOf<Keypair>().toExtend<SolanaSigner>()
  })

  it('tells keypairs from wallets by shape', () => {
    const keypair = Keypair.generate()
    expect(isKeypairSigner(keypair)).toBe(true)
    expect(
      isKeypairSigner({ publicKey: keypair.publicKey, signTransaction: async (tx) => tx }),
    ).toBe(false)
  })

  it('reads the account of a wallet, or nothing while it is disconnected', () => {
    const key = Keypair.generate().publicKey
    expect(signerPublicKey({ publicKey: key })?.equals(key)).toBe(true)
    expect(signerPublicKey({ publicKey: null })).toBeUndefined()
  })

  it("follows the adapter's supportedTransactionVersions, and treats a missing set as legacy-only", () => {
    const publicKey = Keypair.generate().publicKey
    const adapter = (versions: ReadonlySet<TransactionVersion> | null | undefined) => ({
      publicKey,
      wallet: { adapter: { supportedTransactionVersions: versions } },
    })
    expect(supportsVersionedTransactions(adapter(new Set(['legacy', 0])))).toBe(true)
    expect(supportsVersionedTransactions(adapter(new Set(['legacy'])))).toBe(false)
    expect(supportsVersionedTransactions(adapter(null))).toBe(false)
    expect(
      supportsVersionedTransactions({ publicKey, supportedTransactionVersions: new Set([0]) }),
    ).toBe(true)
    // A hand-made wallet that says nothing is given the benefit of the doubt.
    expect(supportsVersionedTransactions({ publicKey })).toBeUndefined()
    expect(supportsVersionedTransactions(Keypair.generate())).toBe(true)
  })
})
