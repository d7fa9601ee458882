import { decodeBase64Json } from './codec/base64Json.js'
import { headerNames } from './codec/headers.js'
import {
  getExplorerUrl,
  getNetwork,
  getNetworkByX402Name,
  type NetworkLookupOptions,
} from './networks/getNetwork.js'
import type { NetworkInfo } from './networks/networks.js'
import { field } from './parse/parseJson.js'
import type { PaymentOption, Settlement } from './types.js'

/** Options for {@link decodeSettlement}. */
export interface DecodeSettlementOptions extends NetworkLookupOptions {
  /** The option that was paid: h402 settlements name only the namespace, not the chain. */
  option?: PaymentOption
}

const evmHash = /^0x[0-9a-fA-F]{64}$/
const solanaSignature = /^[1-9A-HJ-NP-Za-km-z]{64,90}$/

/**
 * Reads the settlement a paid response carries in `PAYMENT-RESPONSE` (x402 v2) or
 * `X-PAYMENT-RESPONSE` (x402 v1, h402). Tolerant of each dialect's shape (h402 sends `namespace`
 * instead of `network`, h402-next sends `txHash`). Returns `undefined` when there is no readable
 * header, e.g. because the server does not expose it through CORS. Never throws.
 */
export function decodeSettlement(
  response: Response,
  options?: DecodeSettlementOptions,
): Settlement | undefined {
  const header =
    response.headers.get(headerNames.paymentResponse) ??
    response.headers.get(headerNames.xPaymentResponse)
  if (header === null) return undefined
  let raw: unknown
  try {
    raw = decodeBase64Json(header)
  } catch {
    return undefined
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return undefined

  const text = (key: string) => {
    const value = field(raw, key)
    return typeof value === 'string' ? value : undefined
  }
  const transaction = text('transaction') ?? text('txHash') ?? ''
  const named = resolveNetwork(text('network'), options)
  const network = named?.id ?? text('network') ?? text('namespace') ?? ''
  // The link follows the option that was paid, not what the server names: a server that says
  // "base" for a Base Sepolia payment must not send the person to a mainnet explorer.
  const info = options?.option ? getNetwork(options.option.network.id, options) : named
  const success = field(raw, 'success') === true
  const settlement: Settlement = { success, transaction, network, raw }
  const payer = text('payer')
  if (payer) settlement.payer = payer
  const errorReason = text('errorReason') ?? text('errorMessage') ?? text('error')
  if (errorReason) settlement.errorReason = errorReason
  // x402#899, Stellar-Search#111: only link a transaction id of the network's own shape.
  const wellFormed =
    info?.namespace === 'evm'
      ? evmHash.test(transaction)
      : info?.namespace === 'solana'
        ? solanaSignature.test(transaction)
        : false
  if (info && wellFormed) {
    const url = getExplorerUrl(info, { transaction })
    if (url) settlement.explorerUrl = url
  }
  return settlement
}

function resolveNetwork(
  network: string | undefined,
  options?: DecodeSettlementOptions,
): NetworkInfo | undefined {
  if (network) {
    const known = getNetwork(network, options) ?? getNetworkByX402Name(network, options)
    if (known) return known
  }
  return options?.option ? getNetwork(options.option.network.id, options) : undefined
}
