import type { PaymentOption, PaymentRequired } from './types.js'

/**
 * A step of a payment the person may need to act on (a wallet prompt) or wait for. Chain
 * adapters report them so the UI can announce progress.
 */
export type PaymentStep =
  | 'switching-network'
  | 'signing-message'
  | 'signing'
  | 'broadcasting'
  | 'confirming'

/** What a chain adapter is given to pay one option. */
export interface PaymentContext {
  /** The 402 the option came from (x402 v2 echoes its `resource` and `extensions`). */
  paymentRequired: PaymentRequired
  /** Current time in Unix seconds. Injected so expiry windows are computed right before signing. */
  now: () => number
  /** Reports a step the person may have to act on or wait for. */
  onStep?: (step: PaymentStep) => void
  /**
   * Aborted when the intent is cancelled (`reset()`, an unmount): stop waiting, and do not open
   * another wallet prompt. A prompt already shown cannot be withdrawn; the session drops what it
   * returns (unless it is a broadcast, which is still submitted).
   */
  signal?: AbortSignal
  /**
   * The URL of the request being paid. h402 asks the payer to `personal_sign` the option's
   * `resource`; it is signed only when it is an http(s) URL of this URL's origin (SPEC §5.5).
   */
  requestUrl?: string
}

/** A payment built and signed by a chain adapter, ready to be put in the payment header. */
export interface PreparedPayment {
  /**
   * `'authorization'`: only a signature exists; no money moves until the server settles.
   * `'transaction'`: a signed transaction the server (or facilitator) will broadcast.
   * `'broadcast'`: the payer already broadcast it; the money has moved.
   */
  kind: 'authorization' | 'transaction' | 'broadcast'
  /** The scheme-specific `payload` object of the dialect's payment payload. */
  payload: Record<string, unknown>
  /** The paying address. */
  payer: string
  /** Unix seconds after which the server will refuse this payload (resends stop then). */
  validBefore?: number
  /** Transaction hash or signature, when known before the server answers. */
  transaction?: string
  /**
   * Solana: the last block height at which the transaction can land (its blockhash's
   * `lastValidBlockHeight`). `checkPayment` proves "it can no longer move money" with it.
   */
  lastValidBlockHeight?: number
}

/** A cost the payer bears beyond the option's amount, to show and count with it (SPEC §5.7). */
export interface ExtraCost {
  /** `'account-rent'`: rent of an account the payment creates (a payee's Solana token account). */
  kind: 'account-rent'
  /** Atomic units of `asset`. */
  amount: bigint
  /** What it is paid in (the native coin). */
  asset: { symbol: string; decimals: number; native: true }
  /** One sentence for the person. */
  description: string
}

/** What the chain says about an option, read before it is shown for consent. */
export interface OptionFacts {
  /** The token's decimals as the chain states them (the option's, checked), when read. */
  decimals?: number
  /** Costs beyond the amount that paying this option adds. Empty when there are none. */
  extraCosts: readonly ExtraCost[]
}

/**
 * A chain adapter: pays {@link PaymentOption}s of one namespace. `@h402/paywall/evm` and
 * `@h402/paywall/solana` make them from a viem account or wallet client, a web3.js keypair, or a
 * wallet-adapter wallet; the core engine knows nothing of chain libraries.
 */
export interface Payer {
  /** Chain family this payer pays on. */
  readonly namespace: 'evm' | 'solana'
  /** Why this payer cannot pay the option (scheme, token, wallet capability), or `undefined`. */
  canPay(option: PaymentOption): string | undefined
  /** The paying address for the option's network. */
  getAddress(option: PaymentOption): Promise<string>
  /**
   * The payer's balance of the option's asset, in atomic units. `context.signal` aborts the read
   * (the session is cancelled, or its balance timeout passed).
   */
  getBalance?(option: PaymentOption, context?: { signal?: AbortSignal }): Promise<bigint>
  /**
   * Builds and signs the payment for the option. Each call asks the wallet for a new signature:
   * callers must call it once per intent. Throws `H402Error`s (`UserRejectedError`,
   * `WrongNetworkError`, `InsufficientFundsError`, `UnsupportedWalletError`…).
   */
  createPayment(option: PaymentOption, context: PaymentContext): Promise<PreparedPayment>
  /**
   * Reads what only the chain can tell before the amount is shown: the token's decimals (a
   * server's are not trusted for tokens the registry does not know) and extra costs. Throws
   * `UnsupportedOptionError` when the chain contradicts the option or a cost is not allowed, so
   * `createPayment` would refuse it too. Never signs.
   */
  describeOption?(option: PaymentOption, context?: { signal?: AbortSignal }): Promise<OptionFacts>
  /**
   * Asks the chain what became of a payment this payer created: reconciles `outcome-unknown`
   * and proves "no money moved" before a refusal is reported as such. Never signs.
   */
  checkPayment?(
    option: PaymentOption,
    payment: PreparedPayment,
    context: PaymentCheckContext,
  ): Promise<PaymentCheck>
}

/** What the chain says about a payment whose outcome the server did not make clear. */
export interface PaymentCheck {
  /**
   * `'paid'`: the money moved. `'not-paid'`: it did not, and this payload can no longer move it
   * (expired or its nonce consumed otherwise), so paying again is safe. `'unknown'`: the chain
   * cannot tell yet (the payload may still settle).
   */
  status: 'paid' | 'not-paid' | 'unknown'
  /** Transaction hash or signature, when the chain shows one. */
  transaction?: string
  /** Why, in one sentence (for `'not-paid'` and `'unknown'`). */
  reason?: string
}

/** What {@link Payer.checkPayment} is given besides the payment. */
export interface PaymentCheckContext {
  /** Current time in Unix seconds. */
  now: () => number
  /** Aborts the chain reads. */
  signal?: AbortSignal
}
