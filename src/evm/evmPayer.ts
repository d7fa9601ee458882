import type { Chain } from 'viem'
import { UnsupportedOptionError } from '../core/errors/policy.js'
import { WalletNotConnectedError } from '../core/errors/wallet.js'
import type {
  OptionFacts,
  Payer,
  PaymentCheck,
  PaymentCheckContext,
  PaymentContext,
  PreparedPayment,
} from '../core/payer.js'
import type { PaymentOption } from '../core/types.js'
import { abortable } from './abortable.js'
import { checkEvmPayment } from './checkEvmPayment.js'
import { checksumAddress } from './checksumAddress.js'
import { type ChainReaderOptions, createChainReader } from './createChainReader.js'
import { createH402Payment } from './createH402Payment.js'
import { createX402Payment } from './createX402Payment.js'
import { evmPaymentProblem } from './evmPaymentProblem.js'
import { createProbeCache } from './probeContract.js'
import { readBalance } from './readBalance.js'
import { type EvmSigner, toEvmWallet } from './toEvmWallet.js'
import { toH402Error } from './toH402Error.js'
import { verifyTokenDecimals } from './verifyTokenDecimals.js'

/** Options of {@link evmPayer}. */
export interface EvmPayerOptions extends ChainReaderOptions {
  /**
   * With a WalletClient on another chain than the option's: `true` (default) asks the wallet to
   * switch (reported as the `'switching-network'` step); `false` throws `WrongNetworkError` so
   * the UI can offer the switch itself.
   */
  switchChain?: boolean
  /**
   * Chains the wallet may be asked to add (EIP-3085) when it does not know the one to switch to.
   * Pass the host app's wagmi chains; none are added otherwise.
   */
  chains?: readonly Chain[]
  /** How long to wait for the receipt of a transaction the wallet broadcast, in ms. Default 120 000. */
  receiptTimeout?: number
  /**
   * Longest an EIP-3009 authorization may stay valid, in seconds, whatever the server's
   * `maxTimeoutSeconds` says (x402 and h402). Default 600.
   */
  maxValiditySeconds?: number
}

/** An EVM {@link Payer}: every optional step of the contract is there. */
export type EvmPayer = Payer &
  Required<Pick<Payer, 'getBalance' | 'checkPayment' | 'describeOption'>>

/** Default of {@link EvmPayerOptions.maxValiditySeconds}. */
const defaultMaxValiditySeconds = 600

/**
 * A {@link Payer} for EVM chains, from a viem `LocalAccount` (`privateKeyToAccount`) or a viem
 * `WalletClient` with an account (e.g. wagmi's `getWalletClient(config)`, so a browser wallet
 * needs no glue code).
 *
 * It pays `exact` options of every dialect: x402 v1/v2 with an EIP-3009 authorization; h402 with
 * an authorization for EIP-3009 tokens that h402's facilitator can verify (they answer
 * `verifyTransferAuthorization`), otherwise a signed transfer (LocalAccount) or a transfer
 * the wallet broadcasts (WalletClient). Reads (token domains, balances, gas, receipts) go to
 * `publicClient`, then `rpcUrls`, then a WalletClient's own transport.
 *
 * `getBalance` reads through the wallet's transport when no RPC is configured, and then refuses
 * with `WrongNetworkError` while the wallet is on another chain (it never prompts to switch).
 *
 * `describeOption` checks, before the amount is shown, a token's `decimals()` against what the
 * server says (tokens the registry knows are trusted as is); `checkPayment` asks the chain what
 * became of a payment (EIP-3009 `authorizationState`, a transaction's receipt or nonce).
 *
 * Every failure is an `H402Error`: `UserRejectedError`, `WrongNetworkError`,
 * `InsufficientFundsError`, `QuoteExpiredError`, `UnsupportedOptionError`,
 * `OutcomeUnknownError` (a broadcast whose result is unknown: do not pay again)…
 *
 * @example
 * const payer = evmPayer(privateKeyToAccount(key), { rpcUrls: { 8453: 'https://mainnet.base.org' } })
 * @example
 * const payer = evmPayer(await getWalletClient(wagmiConfig))
 */
export function evmPayer(signer: EvmSigner, options: EvmPayerOptions = {}): EvmPayer {
  const wallet = toEvmWallet(signer)
  const reader = createChainReader(wallet, options)
  const probes = createProbeCache()
  const maxValiditySeconds = options.maxValiditySeconds ?? defaultMaxValiditySeconds

  const refuse = (option: PaymentOption): void => {
    const problem = evmPaymentProblem(option, wallet, reader)
    if (problem === undefined) return
    if (!wallet.address) throw new WalletNotConnectedError({ namespace: 'evm' })
    throw new UnsupportedOptionError({ option, reason: problem })
  }

  return {
    namespace: 'evm',
    canPay: (option) => evmPaymentProblem(option, wallet, reader),

    async getAddress() {
      if (!wallet.address) throw new WalletNotConnectedError({ namespace: 'evm' })
      return wallet.address
    },

    async getBalance(option) {
      try {
        const chainId = option.network.chainId
        if (option.network.namespace !== 'evm' || chainId === undefined)
          throw new UnsupportedOptionError({ option, reason: 'This is not a known EVM network.' })
        if (!wallet.address) throw new WalletNotConnectedError({ namespace: 'evm' })
        return await readBalance(await reader.get(chainId), option, wallet.address)
      } catch (error) {
        throw toH402Error(error, { option })
      }
    },

    async createPayment(option: PaymentOption, context: PaymentContext): Promise<PreparedPayment> {
      try {
        refuse(option)
        const env = {
          wallet,
          reader,
          context,
          // `refuse` checked both. A JSON-RPC account keeps the case it was given in; x402
          // payloads carry checksummed addresses.
          chainId: option.network.chainId!,
          from: checksumAddress(wallet.address!),
          switchChain: options.switchChain ?? true,
          chains: options.chains ?? [],
          pollingInterval: options.pollingInterval,
          receiptTimeout: options.receiptTimeout ?? 120_000,
          probes,
          maxValiditySeconds,
        }
        return option.protocol === 'h402-v1'
          ? await createH402Payment(option, env)
          : await createX402Payment(option, env)
      } catch (error) {
        throw toH402Error(error, { option })
      }
    },

    async describeOption(option, context = {}): Promise<OptionFacts> {
      try {
        refuse(option)
        const chainId = option.network.chainId!
        const decimals = await verifyTokenDecimals(option, chainId, reader, probes, context.signal)
        return { ...(decimals === undefined ? {} : { decimals }), extraCosts: [] }
      } catch (error) {
        throw toH402Error(error, { option })
      }
    },

    async checkPayment(
      option: PaymentOption,
      payment: PreparedPayment,
      context: PaymentCheckContext,
    ): Promise<PaymentCheck> {
      try {
        const chainId = option.network.chainId
        if (option.network.namespace !== 'evm' || chainId === undefined)
          throw new UnsupportedOptionError({ option, reason: 'This is not a known EVM network.' })
        const client = await abortable(reader.get(chainId), context.signal)
        return await checkEvmPayment(option, payment, client, context)
      } catch (error) {
        throw toH402Error(error, { option })
      }
    },
  }
}
