import type { Connection, PublicKey } from '@solana/web3.js'
import { UnsupportedOptionError } from '../core/errors/policy.js'
import {
  ChainRequestError,
  WalletNotConnectedError,
  WrongNetworkError,
} from '../core/errors/wallet.js'
import type { Payer, PaymentContext, PreparedPayment } from '../core/payer.js'
import type { PaymentOption } from '../core/types.js'
import { createH402Payment } from './createH402Payment.js'
import { createX402Payment } from './createX402Payment.js'
import { readMint } from './readMint.js'
import { readTokenBalance } from './readTokenBalance.js'
import { solanaPaymentRefusal } from './solanaPaymentRefusal.js'
import { type SolanaSigner, signerPublicKey } from './solanaSigner.js'

/** Options of {@link solanaPayer}. */
export interface SolanaPayerOptions {
  /**
   * The RPC to read mints, balances and blockhashes from (and to poll broadcast payments on).
   * Use your own endpoint in production: the public ones throttle (x402#867).
   */
  connection: Connection
  /**
   * CAIP-2 ids of the network(s) `connection` serves, e.g.
   * `['solana:EtWTRABZaYq6iMfeYKouRu166VU2xqa1']`. Options on other networks are refused.
   * Default: the cluster the RPC reports (its genesis hash), asked once before the first payment.
   */
  networks?: readonly string[]
  /** How long to wait for a payment the wallet broadcast itself. Default 90 s. */
  confirmTimeoutMs?: number
  /** How often to poll the status of a payment the wallet broadcast. Default 1 s. */
  pollIntervalMs?: number
}

/**
 * A {@link Payer} for Solana options: x402 `exact` (v1 and v2; SPL and Token-2022 tokens,
 * partially signed, the facilitator pays the fee) and h402 (SOL and SPL tokens; fully signed,
 * or signed and sent by wallets that cannot sign alone).
 *
 * @param signer A web3.js `Keypair`, or a wallet-adapter wallet as `useWallet()` returns it.
 * @param options The RPC connection and its network.
 * @example
 * ```ts
 * const payer = solanaPayer(useWallet(), { connection })
 * const payer = solanaPayer(Keypair.fromSecretKey(secret), { connection })
 * ```
 */
export function solanaPayer(signer: SolanaSigner, options: SolanaPayerOptions): Payer {
  const { connection } = options
  const broadcast = {
    confirmTimeoutMs: options.confirmTimeoutMs ?? 90_000,
    pollIntervalMs: options.pollIntervalMs ?? 1_000,
  }
  let cluster: Promise<string> | undefined

  /** The paying account, read at each call: a wallet can disconnect or switch accounts. */
  const requirePayer = (): PublicKey => {
    const key = signerPublicKey(signer)
    if (!key) throw new WalletNotConnectedError({ namespace: 'solana' })
    return key
  }

  /** Refuses an option on another cluster than the RPC's (user-needs edge case 17). */
  const assertNetwork = async (option: PaymentOption): Promise<void> => {
    if (options.networks) {
      if (options.networks.includes(option.network.id)) return
      throw new WrongNetworkError({
        expected: option.network.name,
        actual: options.networks.join(', '),
      })
    }
    cluster ??= connection.getGenesisHash().then(
      // A Solana CAIP-2 reference is the genesis hash cut to 32 characters.
      (hash) => `solana:${hash.slice(0, 32)}`,
      (cause: unknown) => {
        cluster = undefined
        throw new ChainRequestError({
          cause,
          details: 'The RPC did not report its genesis hash; pass `networks` to solanaPayer.',
        })
      },
    )
    const actual = await cluster
    if (actual !== option.network.id)
      throw new WrongNetworkError({ expected: option.network.name, actual })
  }

  return {
    namespace: 'solana',

    canPay(option: PaymentOption): string | undefined {
      const refusal = solanaPaymentRefusal(option, signer)
      if (refusal) return refusal
      if (options.networks && !options.networks.includes(option.network.id))
        return `The Solana connection serves ${options.networks.join(', ')}, not ${option.network.id}.`
      return undefined
    },

    async getAddress(): Promise<string> {
      return requirePayer().toBase58()
    },

    async getBalance(option: PaymentOption): Promise<bigint> {
      const payer = requirePayer()
      if (option.asset.native) return BigInt(await connection.getBalance(payer, 'confirmed'))
      const mint = await readMint(connection, option)
      return (await readTokenBalance(connection, payer, mint)).amount
    },

    async createPayment(option: PaymentOption, context: PaymentContext): Promise<PreparedPayment> {
      const refusal = solanaPaymentRefusal(option, signer)
      if (refusal) throw new UnsupportedOptionError({ option, reason: refusal })
      const payer = requirePayer()
      await assertNetwork(option)
      return option.protocol === 'h402-v1'
        ? createH402Payment(signer, payer, connection, option, context, broadcast)
        : createX402Payment(signer, payer, connection, option, context)
    },
  }
}
