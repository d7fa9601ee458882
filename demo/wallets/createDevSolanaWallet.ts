import { createKeyPairFromPrivateKeyBytes, signBytes } from '@solana/kit'
import {
  SolanaSignAndSendTransaction,
  type SolanaSignAndSendTransactionFeature,
  type SolanaSignAndSendTransactionInput,
  SolanaSignMessage,
  type SolanaSignMessageFeature,
  type SolanaSignMessageInput,
  SolanaSignTransaction,
  type SolanaSignTransactionFeature,
  type SolanaSignTransactionInput,
  type SolanaTransactionVersion,
} from '@solana/wallet-standard-features'
import { Connection, Keypair, VersionedTransaction } from '@solana/web3.js'
import type { IdentifierString, Wallet, WalletAccount } from '@wallet-standard/base'
import {
  StandardConnect,
  type StandardConnectFeature,
  type StandardConnectInput,
  StandardDisconnect,
  type StandardDisconnectFeature,
  StandardEvents,
  type StandardEventsFeature,
  type StandardEventsListeners,
  type StandardEventsNames,
} from '@wallet-standard/features'
import { ReadonlyWalletAccount } from '@wallet-standard/wallet'
import bs58 from 'bs58'
import { DEV_WALLET_ICON, DEV_WALLET_NAME } from './devWalletIcon.js'

/** What a user-facing request of the Solana development wallet is about (for `approve`). */
export type DevSolanaRequest =
  | { feature: typeof StandardConnect }
  | { feature: typeof SolanaSignTransaction; transaction: VersionedTransaction }
  | { feature: typeof SolanaSignAndSendTransaction; transaction: VersionedTransaction }
  | { feature: typeof SolanaSignMessage; message: Uint8Array }

export interface CreateDevSolanaWalletOptions {
  /** A funded devnet key: a web3.js `Keypair`, its 64-byte secret key, or that in base58. */
  keypair?: Keypair
  secretKey?: Uint8Array | string
  /** HTTP JSON-RPC of the devnet (its websocket is on port + 1, where web3.js looks). */
  rpcUrl: string
  /**
   * Chains of the wallet's account. Default `solana:devnet` (the devnet poses as devnet) and
   * `solana:localnet`: wallet-adapter names a 127.0.0.1 endpoint `solana:localnet` and refuses to
   * send through an account that lacks that chain.
   */
  chains?: IdentifierString[]
  /**
   * Stands in for the user's confirmation: called before connecting and signing; `false` rejects
   * with a "User rejected the request" error (code 4001, as Phantom does).
   */
  approve?: (request: DevSolanaRequest) => boolean | Promise<boolean>
  /** Wallet name; default "h402 Dev Wallet (devnet key)". Keep "Dev" in any other name. */
  name?: string
}

/** The wallet-standard features the development wallet implements. */
export type DevSolanaWalletFeatures = StandardConnectFeature &
  StandardDisconnectFeature &
  StandardEventsFeature &
  SolanaSignTransactionFeature &
  SolanaSignAndSendTransactionFeature &
  SolanaSignMessageFeature

/** A wallet-standard wallet for stories and tests, backed by a local devnet key. */
export interface DevSolanaWallet extends Wallet {
  readonly features: DevSolanaWalletFeatures
  /** The key's address (base58), whether or not the wallet is connected. */
  readonly address: string
  readonly keypair: Keypair
}

const TRANSACTION_VERSIONS: readonly SolanaTransactionVersion[] = ['legacy', 0]

/** An `Error` with the EIP-1193-style code Solana wallets use for a rejection. */
class UserRejectedError extends Error {
  readonly code = 4001
  constructor() {
    super('User rejected the request.')
    this.name = 'WalletUserRejectedError'
  }
}

/**
 * Creates a wallet-standard Solana wallet that signs with a devnet key: `standard:connect`,
 * `standard:disconnect`, `standard:events`, `solana:signTransaction` and
 * `solana:signAndSendTransaction` (legacy and v0), `solana:signMessage`. Register it with
 * `registerWallet` from `@wallet-standard/wallet`; wallet-adapter's `WalletProvider` then lists it.
 */
export function createDevSolanaWallet(options: CreateDevSolanaWalletOptions): DevSolanaWallet {
  const keypair = options.keypair ?? keypairFrom(options.secretKey)
  const chains = options.chains ?? ['solana:devnet', 'solana:localnet']
  const connection = new Connection(options.rpcUrl, 'confirmed')
  // WebCrypto Ed25519 key for signMessage (transactions are signed by web3.js itself).
  const messageKey = createKeyPairFromPrivateKeyBytes(keypair.secretKey.slice(0, 32))
  const walletAccount: WalletAccount = new ReadonlyWalletAccount({
    address: keypair.publicKey.toBase58(),
    publicKey: keypair.publicKey.toBytes(),
    chains,
    features: [SolanaSignTransaction, SolanaSignAndSendTransaction, SolanaSignMessage],
    label: 'Devnet key',
    icon: DEV_WALLET_ICON,
  })
  let connected = false
  const listeners = new Set<StandardEventsListeners['change']>()
  const changed = () => {
    for (const listener of listeners) listener({ accounts: wallet.accounts })
  }
  const approve = async (request: DevSolanaRequest) => {
    if (options.approve && !(await options.approve(request))) throw new UserRejectedError()
  }
  const checkInput = (input: { account: WalletAccount; chain?: IdentifierString }) => {
    if (!connected || input.account.address !== walletAccount.address)
      throw new Error(`The dev wallet is not connected to account ${input.account.address}.`)
    if (input.chain !== undefined && !chains.includes(input.chain))
      throw new Error(
        `The dev wallet has no RPC for ${input.chain}; it knows ${chains.join(', ')}.`,
      )
  }
  // Deserialises as a VersionedTransaction, which also reads legacy transactions and keeps them
  // legacy on serialize; sign() fills only our signature slot, leaving e.g. a fee payer's empty.
  const sign = (bytes: Uint8Array) => {
    const transaction = VersionedTransaction.deserialize(bytes)
    transaction.sign([keypair])
    return transaction
  }

  const signTransaction = async (...inputs: readonly SolanaSignTransactionInput[]) => {
    const transactions = inputs.map((input) => {
      checkInput(input)
      return VersionedTransaction.deserialize(input.transaction)
    })
    for (const transaction of transactions)
      await approve({ feature: SolanaSignTransaction, transaction })
    return inputs.map((input) => ({ signedTransaction: sign(input.transaction).serialize() }))
  }

  const signAndSendTransaction = async (
    ...inputs: readonly SolanaSignAndSendTransactionInput[]
  ) => {
    const outputs: { signature: Uint8Array }[] = []
    // One after the other, as wallets do: a later transaction may depend on an earlier one.
    for (const input of inputs) {
      checkInput(input)
      await approve({
        feature: SolanaSignAndSendTransaction,
        transaction: VersionedTransaction.deserialize(input.transaction),
      })
      const signed = sign(input.transaction)
      const signature = await connection.sendRawTransaction(signed.serialize(), {
        skipPreflight: input.options?.skipPreflight,
        preflightCommitment: input.options?.preflightCommitment,
        maxRetries: input.options?.maxRetries,
        minContextSlot: input.options?.minContextSlot,
      })
      if (input.options?.commitment)
        await connection.confirmTransaction(signature, input.options.commitment)
      outputs.push({ signature: bs58.decode(signature) })
    }
    return outputs
  }

  const signMessage = async (...inputs: readonly SolanaSignMessageInput[]) => {
    const { privateKey } = await messageKey
    const outputs = []
    for (const input of inputs) {
      checkInput(input)
      await approve({ feature: SolanaSignMessage, message: input.message })
      const signature = await signBytes(privateKey, input.message)
      outputs.push({
        signedMessage: input.message,
        signature: new Uint8Array(signature),
        signatureType: 'ed25519' as const,
      })
    }
    return outputs
  }

  const wallet: DevSolanaWallet = {
    version: '1.0.0',
    name: options.name ?? DEV_WALLET_NAME,
    icon: DEV_WALLET_ICON,
    chains,
    address: walletAccount.address,
    keypair,
    get accounts() {
      return connected ? [walletAccount] : []
    },
    features: {
      [StandardConnect]: {
        version: '1.0.0',
        async connect(input?: StandardConnectInput) {
          // A silent connect (auto-connect on page load) never prompts, like real wallets.
          if (!connected && !input?.silent) {
            await approve({ feature: StandardConnect })
            connected = true
            changed()
          }
          return { accounts: wallet.accounts }
        },
      },
      [StandardDisconnect]: {
        version: '1.0.0',
        async disconnect() {
          if (!connected) return
          connected = false
          changed()
        },
      },
      [StandardEvents]: {
        version: '1.0.0',
        on<E extends StandardEventsNames>(event: E, listener: StandardEventsListeners[E]) {
          if (event !== 'change') return () => undefined
          listeners.add(listener)
          return () => listeners.delete(listener)
        },
      },
      [SolanaSignTransaction]: {
        version: '1.0.0',
        supportedTransactionVersions: TRANSACTION_VERSIONS,
        signTransaction,
      },
      [SolanaSignAndSendTransaction]: {
        version: '1.0.0',
        supportedTransactionVersions: TRANSACTION_VERSIONS,
        signAndSendTransaction,
      },
      [SolanaSignMessage]: { version: '1.0.0', signMessage },
    },
  }
  return wallet
}

function keypairFrom(secretKey: Uint8Array | string | undefined): Keypair {
  if (secretKey === undefined) throw new Error('createDevSolanaWallet needs a keypair or secretKey')
  return Keypair.fromSecretKey(typeof secretKey === 'string' ? bs58.decode(secretKey) : secretKey)
}
