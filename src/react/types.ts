import type { H402Error } from '../core/errors/base.js'
import type { ExtraCost, Payer, PaymentStep } from '../core/payer.js'
import type { RankedOption } from '../core/policy/selectPaymentOption.js'
import type { PaymentSession } from '../core/session/paymentSession.js'
import type { PaymentSessionState, PaymentStatus } from '../core/session/types.js'
import type {
  PaymentAsset,
  PaymentNetwork,
  PaymentOption,
  PaymentRequired,
  Settlement,
} from '../core/types.js'

/** A chain family the kit connects wallets for. */
export type WalletNamespace = 'evm' | 'solana'

/** A wallet a person can connect: an EIP-6963 / injected EVM wallet, WalletConnect, or a wallet-standard Solana wallet. */
export interface WalletChoice {
  /** Stable id: the EIP-6963 rdns, the wagmi connector id, or the wallet-standard name. */
  id: string
  /** The wallet's own name, e.g. `'MetaMask'`. */
  name: string
  /** The wallet's icon (a data: or https: URL), as the wallet announced it. */
  icon?: string
  /** Chain family. */
  namespace: WalletNamespace
  /** True when the wallet is installed in this browser (WalletConnect is never "installed"). */
  installed: boolean
}

/** What the kit knows of the connected wallet of one namespace. */
export interface WalletConnection {
  namespace: WalletNamespace
  /** `'reconnecting'` while a wallet connected in an earlier visit is being restored. */
  status: 'disconnected' | 'connecting' | 'reconnecting' | 'connected'
  /** The connected account. */
  address?: string
  /** The connected wallet's name. */
  walletName?: string
  /** EVM: the chain the wallet is on. */
  chainId?: number
  /** Wallets a person can choose from, installed ones first. */
  wallets: readonly WalletChoice[]
  /**
   * True while the browser's wallets may not all be listed yet: the kit's own wagmi config lists
   * the EIP-6963 wallets in its mount effect, after the first render. An empty `wallets` then
   * means "not known yet", not "no wallet installed".
   */
  discovering?: boolean
}

/**
 * A connected namespace as a provider publishes it to the hooks: its connection, its actions and
 * the `Payer` made from the wallet. Made by the EVM bridge (wagmi) and the Solana bridge
 * (wallet-adapter); a custom bridge can be registered the same way.
 */
export interface WalletBridge extends WalletConnection {
  /** Connects the wallet with this id. Rejects with an `H402Error`. */
  connect(walletId: string): Promise<void>
  /** Disconnects. */
  disconnect(): Promise<void>
  /** The payer of the connected wallet; `undefined` while disconnected. */
  payer: Payer | undefined
}

/** One option as the paywall shows it. */
export interface H402OptionView extends RankedOption {
  /** The option's id (the same as `option.id`). */
  id: string
  /** The connected wallet's balance of the option's asset, once read. */
  balance?: bigint
  /** True when the token is in the kit's registry; false for a token only the server vouches for. */
  verified: boolean
  /**
   * The token's decimals: the registry's, or the chain's once the connected wallet's payer has
   * read them (`describeOption`). Until then an unknown token's amount can only be shown in
   * atomic units.
   */
  decimals?: number
  /** Costs beyond the amount that paying this option adds (e.g. a token account's rent). */
  extraCosts: readonly ExtraCost[]
}

/** What a paid request returned, for the receipt. */
export interface H402Receipt {
  /** Transaction hash or signature; `''` when the server reported none. */
  transaction: string
  /** Block explorer link for `transaction`. */
  explorerUrl?: string
  /** The amount paid, in atomic units of `asset`: the amount that was shown and signed. */
  amount: bigint
  asset: PaymentAsset
  network: PaymentNetwork
  /** The paying address. */
  payer?: string
  /** The option paid. */
  option: PaymentOption
  /** The server's settlement, when it sent one. */
  settlement?: Settlement
}

/** The state and actions of one paywalled request, as `useH402Payment` returns them. */
export interface H402Payment<TData = unknown> {
  /** Where the payment is (see `PaymentStatus`). */
  status: PaymentStatus
  /** Finer progress while signing or submitting. */
  step: PaymentStep | undefined
  /** The 402 being paid. */
  paymentRequired: PaymentRequired | undefined
  /** Every option, ranked (eligible and affordable first), unsupported ones with their reason. */
  options: readonly H402OptionView[]
  /** The chosen option: the one whose amount is shown, and the one signed. */
  selected: H402OptionView | undefined
  /** The receipt, once settled with a payment. */
  receipt: H402Receipt | undefined
  /** Why the payment failed, or why its outcome is unknown. */
  error: H402Error | undefined
  /** What the chain said when `check()` reconciled a payment whose outcome was unknown. */
  reconciliation: PaymentSessionState['reconciliation']
  /** When the selected quote expires (ms since epoch). */
  expiresAt: number | undefined
  /** The paid response's body, read by `parse` when one is given. */
  data: TData | undefined
  /**
   * What `parse` threw when it could not read the paid body (the payment stands: settled, with its
   * receipt). `undefined` while it has not failed.
   */
  dataError: unknown
  /**
   * The paid response (or the server's refusal). Its body is left unread: each component using the
   * hook gets its own copy, to read once.
   */
  response: Response | undefined
  /** The connected wallet per namespace. */
  wallets: Partial<Record<WalletNamespace, WalletConnection>>
  /** The wallet of the selected option's namespace. */
  wallet: WalletConnection | undefined
  /** Fetches the resource (done on mount unless `enabled: false`). */
  start(): Promise<void>
  /** Chooses an option. */
  select(optionId: string): void
  /** Connects a wallet by the id of a `WalletChoice`. */
  connect(walletId: string): Promise<void>
  /** Disconnects the wallet of a namespace. */
  disconnect(namespace: WalletNamespace): Promise<void>
  /** Pays the selected option: the person's consent. */
  pay(): Promise<void>
  /** Tries again without ever signing again by itself (see `PaymentSession.retry`). */
  retry(): Promise<void>
  /** Asks the chain what became of a payment whose outcome is unknown. */
  check(): Promise<void>
  /** Forgets this payment and fetches again: a new intent. */
  reset(): void
  /**
   * The underlying session; `undefined` until the engine's code is in (it loads right after the
   * UI's, see `loadPaymentSession`) and on the server.
   */
  session: PaymentSession | undefined
}
