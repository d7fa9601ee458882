/** The three wire dialects of HTTP 402 payments in use today. */
export type Protocol = 'x402-v1' | 'x402-v2' | 'h402-v1'

/** Chain family of a network. Other namespaces (e.g. `algorand`) are kept but unsupported. */
export type Namespace = 'evm' | 'solana' | (string & {})

/** A network as an option refers to it. */
export interface PaymentNetwork {
  /** CAIP-2 id, e.g. `'eip155:8453'` or `'solana:5eykt4UsFv8P8NJdTREpY1vzqKqZKvdp'`. */
  id: string
  /** Chain family. */
  namespace: Namespace
  /** EVM chain id. */
  chainId?: number
  /** Human name, e.g. `'Base'`; the raw id when the network is unknown. */
  name: string
  /** True for test networks. */
  testnet: boolean
}

/** The token an option is paid in. */
export interface PaymentAsset {
  /** Token contract, SPL mint, or the native placeholder (`0x000…0` / System Program). */
  address: string
  /** Ticker, e.g. `'USDC'`, when known. */
  symbol?: string
  /** Decimals, when known. Without them the amount can only be shown in atomic units. */
  decimals?: number
  /** True for the chain's native coin (ETH, BNB, SOL…). */
  native: boolean
  /** EIP-712 domain name and version for EIP-3009 tokens, when known. */
  eip712?: { name: string; version: string }
}

/** One way to pay, read from one entry of a 402's `accepts`. */
export interface PaymentOption {
  /** Stable id within a `PaymentRequired`, e.g. `'exact|eip155:8453|0x8335…|0xabc…'`. */
  id: string
  /** Dialect of the 402 this option came from. */
  protocol: Protocol
  /** Payment scheme, e.g. `'exact'`. */
  scheme: string
  /** Network to pay on. */
  network: PaymentNetwork
  /** Token to pay with. */
  asset: PaymentAsset
  /** Amount in atomic units. `0n` when the entry is malformed (then `supported` is false). */
  amount: bigint
  /** Recipient address. */
  payTo: string
  /** Seconds the quote stays valid after the 402 was received. */
  maxTimeoutSeconds?: number
  /** The server's description. Render as text, never as HTML. */
  description?: string
  /** The resource URL this option pays for. */
  resource?: string
  /** MIME type of the resource. */
  mimeType?: string
  /** Scheme-specific extras from the server (`name`, `version`, `feePayer`, `memo`…). */
  extra?: Record<string, unknown>
  /** False when the kit cannot pay this option; `unsupportedReason` says why. */
  supported: boolean
  /** Why the option cannot be paid. */
  unsupportedReason?: string
  /** The server's entry, untouched (x402 v2 echoes it verbatim as `accepted`). */
  raw: unknown
}

/** What an x402 v2 server says about the resource. */
export interface ResourceInfo {
  url: string
  description?: string
  mimeType?: string
}

/** A parsed `402 Payment Required` response. */
export interface PaymentRequired {
  /** Dialect the server speaks. */
  protocol: Protocol
  /** The server's error text (e.g. why a previous payment was refused). Render as text. */
  error?: string
  /** The resource being paid for. */
  resource?: ResourceInfo
  /** Every entry of `accepts`, in the server's order; unsupported ones included. */
  options: PaymentOption[]
  /** x402 v2 extensions, echoed back verbatim in the payment. */
  extensions?: Record<string, unknown>
  /** When the 402 was received (ms since epoch); quotes expire relative to it. */
  receivedAt: number
  /** The decoded 402 document, untouched. */
  raw: unknown
}

/** The settlement a server reports with a paid response. */
export interface Settlement {
  /** True when the server says the payment settled. */
  success: boolean
  /** Transaction hash or signature; `''` when there is none. */
  transaction: string
  /** Network id as the server sent it, or the CAIP-2 id when it can be resolved. */
  network: string
  /** The payer's address. */
  payer?: string
  /** The server's failure reason, verbatim. */
  errorReason?: string
  /** Block explorer link for `transaction`, when the network is known. */
  explorerUrl?: string
  /** The decoded header, untouched. */
  raw: unknown
}
