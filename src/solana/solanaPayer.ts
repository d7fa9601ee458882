import type { Connection, PublicKey } from '@solana/web3.js'
import { UnsupportedOptionError } from '../core/errors/policy.js'
import {
  ChainRequestError,
  WalletNotConnectedError,
  WrongNetworkError,
} from '../core/errors/wallet.js'
import type {
  ExtraCost,
  OptionFacts,
  Payer,
  PaymentCheck,
  PaymentCheckContext,
  PaymentContext,
  PreparedPayment,
} from '../core/payer.js'
import type { PaymentOption } from '../core/types.js'
import { checkSolanaPayment } from './checkSolanaPayment.js'
import {
  createH402Payment,
  payeeAccountRent,
  refuseAccountRent,
  refuseBroadcastOpeningAccount,
  signsAlone,
} from './createH402Payment.js'
import { createX402Payment } from './createX402Payment.js'
import { ensureBufferGlobal } from './ensureBufferGlobal.js'
import { RecipientCannotReceiveError } from './errors.js'
import { readMint, toPublicKey } from './readMint.js'
import { readTokenBalance } from './readTokenBalance.js'
import { solanaPaymentRefusal } from './solanaPaymentRefusal.js'
import { type SolanaSigner, signerPublicKey } from './solanaSigner.js'
import { toH402Error } from './toH402Error.js'

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
  /**
   * h402 SPL payments to a payee without a token account for the mint create it, and the payer
   * pays its rent (about 0.002 SOL, more for Token-2022 extensions) on top of the amount.
   * `false` (default) refuses such options with `UnsupportedOptionError` naming the rent; `true`
   * pays it, and `describeOption` reports it as an `'account-rent'` extra cost to show.
   */
  allowAccountRent?: boolean
}

/** A Solana {@link Payer}: every optional step of the contract is there. */
export type SolanaPayer = Payer &
  Required<Pick<Payer, 'getBalance' | 'checkPayment' | 'describeOption'>>

/** SOL's decimals (lamports). */
const solDecimals = 9

/**
 * A {@link Payer} for Solana options: x402 `exact` (v1 and v2; SPL and Token-2022 tokens,
 * partially signed, the facilitator pays the fee) and h402 (SOL and SPL tokens; fully signed,
 * or signed and sent by wallets that cannot sign alone).
 *
 * `describeOption` reads the mint (decimals, Token-2022 extensions) and the rent a payment would
 * add (see `allowAccountRent`) before the amount is shown; `checkPayment` asks the chain what
 * became of a payment (signature status, blockhash expiry, and for x402 the payer's signature in
 * its recent transactions). Every failure, RPC ones included, is an `H402Error`.
 *
 * @param signer A web3.js `Keypair`, or a wallet-adapter wallet as `useWallet()` returns it.
 * @param options The RPC connection and its network.
 * @example
 * ```ts
 * const payer = solanaPayer(useWallet(), { connection })
 * const payer = solanaPayer(Keypair.fromSecretKey(secret), { connection })
 * ```
 */
export function solanaPayer(signer: SolanaSigner, options: SolanaPayerOptions): SolanaPayer {
  ensureBufferGlobal()
  const { connection } = options
  const h402Settings = {
    confirmTimeoutMs: options.confirmTimeoutMs ?? 90_000,
    pollIntervalMs: options.pollIntervalMs ?? 1_000,
    allowAccountRent: options.allowAccountRent ?? false,
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
      try {
        const payer = requirePayer()
        if (option.asset.native) return BigInt(await connection.getBalance(payer, 'confirmed'))
        const mint = await readMint(connection, option)
        return (await readTokenBalance(connection, payer, mint)).amount
      } catch (error) {
        throw toH402Error(error)
      }
    },

    async createPayment(option: PaymentOption, context: PaymentContext): Promise<PreparedPayment> {
      try {
        const refusal = solanaPaymentRefusal(option, signer)
        if (refusal) throw new UnsupportedOptionError({ option, reason: refusal })
        const payer = requirePayer()
        await assertNetwork(option)
        return option.protocol === 'h402-v1'
          ? await createH402Payment(signer, payer, connection, option, context, h402Settings)
          : await createX402Payment(signer, payer, connection, option, context)
      } catch (error) {
        // RPC failures (a JSON-RPC error, a 503, a reply that does not parse) are web3.js errors:
        // the Payer contract promises H402Errors, here a retryable ChainRequestError.
        throw toH402Error(error)
      }
    },

    async describeOption(option: PaymentOption): Promise<OptionFacts> {
      try {
        const refusal = solanaPaymentRefusal(option, signer)
        if (refusal) throw new UnsupportedOptionError({ option, reason: refusal })
        await assertNetwork(option)
        if (option.asset.native) {
          // As createPayment: a SOL payment must make a new payee account rent-exempt.
          const payTo = toPublicKey(option.payTo, option, 'payee')
          const [account, reserve] = await Promise.all([
            connection.getAccountInfo(payTo, 'confirmed'),
            connection.getMinimumBalanceForRentExemption(0, 'confirmed'),
          ])
          if (!account && option.amount < BigInt(reserve))
            throw new RecipientCannotReceiveError({
              account: payTo.toBase58(),
              details: `The payee account does not exist yet, and ${option.amount} lamports would not make it rent-exempt (it needs ${reserve}).`,
            })
          return { decimals: solDecimals, extraCosts: [] }
        }
        const mint = await readMint(connection, option)
        const payTo = toPublicKey(option.payTo, option, 'payee')
        const rent = await payeeAccountRent(connection, payTo, mint)
        if (option.protocol !== 'h402-v1') {
          // x402 has no create-account step: the payment would fail at settlement.
          if (rent > 0n) throw new RecipientCannotReceiveError({ account: payTo.toBase58() })
          return { decimals: mint.decimals, extraCosts: [] }
        }
        if (mint.transferFee)
          throw new UnsupportedOptionError({
            option,
            reason: 'The token charges a Token-2022 transfer fee, so the payee would receive less.',
          })
        if (rent === 0n) return { decimals: mint.decimals, extraCosts: [] }
        if (!signsAlone(signer)) throw refuseBroadcastOpeningAccount(option)
        if (!h402Settings.allowAccountRent) throw refuseAccountRent(option, rent)
        const cost: ExtraCost = {
          kind: 'account-rent',
          amount: rent,
          asset: { symbol: 'SOL', decimals: solDecimals, native: true },
          description: "Rent of the payee's token account, which this payment opens.",
        }
        return { decimals: mint.decimals, extraCosts: [cost] }
      } catch (error) {
        throw toH402Error(error)
      }
    },

    async checkPayment(
      option: PaymentOption,
      payment: PreparedPayment,
      context: PaymentCheckContext,
    ): Promise<PaymentCheck> {
      try {
        // Another cluster's RPC finds nothing, which must never read as "not paid".
        await assertNetwork(option)
        return await checkSolanaPayment(connection, option, payment, context.signal)
      } catch (error) {
        throw toH402Error(error)
      }
    },
  }
}
