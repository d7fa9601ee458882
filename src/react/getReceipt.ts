import { getExplorerUrl, getNetwork } from '../core/networks/getNetwork.js'
import type { PaymentSessionState } from '../core/session/types.js'
import type { H402Receipt } from './types.js'

/**
 * The receipt of a settled session: the option that was shown and signed, and what the server
 * reported. `undefined` until a payment has settled (a free resource has no receipt).
 */
export function getReceipt(state: PaymentSessionState): H402Receipt | undefined {
  const { status, selected: option, payment, settlement } = state
  if (status !== 'settled' || !option || !payment) return undefined
  const transaction = settlement?.transaction || payment.transaction || ''
  // The explorer follows the paid option's network, not whatever network the server named.
  const network = getNetwork(option.network.id)
  const explorerUrl = transaction && network ? getExplorerUrl(network, { transaction }) : undefined
  return {
    transaction,
    ...(explorerUrl ? { explorerUrl } : {}),
    amount: option.amount,
    asset: option.asset,
    network: option.network,
    payer: settlement?.payer ?? payment.payer,
    option,
    ...(settlement ? { settlement } : {}),
  }
}
