import {
  type Connection,
  PublicKey,
  type SendOptions,
  type Signer,
  type TransactionVersion,
  type VersionedTransaction,
} from '@solana/web3.js'

/**
 * A browser wallet as `@solana/wallet-adapter-react`'s `useWallet()` returns it (or a
 * wallet-adapter `Adapter` itself). Only the members the kit uses are listed, so any object of
 * this shape works, e.g. a wallet-standard wallet wrapped by the app.
 */
export interface SolanaWallet {
  /** The connected account, or `null` while disconnected. */
  publicKey: PublicKey | null
  /** Signs without sending. Needed for x402, preferred for h402. */
  signTransaction?:
    | ((transaction: VersionedTransaction) => Promise<VersionedTransaction>)
    | undefined
  /** Signs and broadcasts (h402 only, for wallets that cannot sign without sending). */
  sendTransaction?:
    | ((
        transaction: VersionedTransaction,
        connection: Connection,
        options?: SendOptions,
      ) => Promise<string>)
    | undefined
  /** Signs a message. Not used by the Solana schemes; listed because `useWallet()` has it. */
  signMessage?: ((message: Uint8Array) => Promise<Uint8Array>) | undefined
  /**
   * Transaction versions the adapter can sign (wallet-adapter's `Adapter` field). `null` or
   * missing on an adapter means legacy transactions only.
   */
  supportedTransactionVersions?: ReadonlySet<TransactionVersion> | null | undefined
  /** The selected wallet, as `useWallet()` exposes it. */
  wallet?: {
    adapter: {
      name?: string
      supportedTransactionVersions?: ReadonlySet<TransactionVersion> | null | undefined
    }
  } | null
}

/**
 * What `solanaPayer` signs with: a web3.js `Keypair` (or any `{ publicKey, secretKey }`
 * signer) for agents and servers, or a {@link SolanaWallet} for browser wallets.
 */
export type SolanaSigner = Signer | SolanaWallet

/** True for a local key (`Keypair`), false for a wallet. */
export function isKeypairSigner(signer: SolanaSigner): signer is Signer {
  // Structural, not `instanceof Keypair`: an app may bundle another copy of web3.js.
  return (
    'secretKey' in signer &&
    signer.secretKey instanceof Uint8Array &&
    signer.secretKey.length === 64 &&
    signer.publicKey !== null
  )
}

/** The signer's account, or `undefined` while a wallet is disconnected. */
export function signerPublicKey(signer: SolanaSigner): PublicKey | undefined {
  const key = signer.publicKey
  if (!key) return undefined
  // Re-created from bytes so that a PublicKey from another web3.js copy behaves like ours.
  return new PublicKey(key.toBytes())
}

/**
 * Whether the wallet can sign v0 transactions: `false` when its adapter says it cannot (such
 * wallets exist: anza-xyz/wallet-adapter#558, WalletConnect/walletconnect-monorepo#2188),
 * `undefined` when it does not say.
 */
export function supportsVersionedTransactions(signer: SolanaSigner): boolean | undefined {
  if (isKeypairSigner(signer)) return true
  const adapter =
    'supportedTransactionVersions' in signer ? signer : (signer.wallet?.adapter ?? undefined)
  if (!adapter) return undefined
  // wallet-adapter's BaseWalletAdapter treats a missing set as "legacy only".
  return adapter.supportedTransactionVersions?.has(0) ?? false
}
