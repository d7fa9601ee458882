import { getExplorerUrl, getNetwork } from '../../core/networks/getNetwork.js'
import { safeHref } from './safeHref.js'

/** The kit's own explorer link for a transaction on a known network (never a server's URL). */
export function explorerLink(
  networkId: string | undefined,
  transaction: string,
): string | undefined {
  const network = networkId ? getNetwork(networkId) : undefined
  return network ? safeHref(getExplorerUrl(network, { transaction })) : undefined
}
