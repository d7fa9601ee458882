import type { PaymentOption } from '../../core/types.js'

/**
 * A public faucet for an option's test token, when a well-known one exists: Circle's for test
 * USDC, Solana's for devnet SOL. Only a link a person may follow; the kit never calls it.
 */
export function faucetUrl(option: PaymentOption): string | undefined {
  if (!option.network.testnet) return undefined
  if (option.asset.symbol === 'USDC') return 'https://faucet.circle.com/'
  if (option.network.namespace === 'solana' && option.asset.native)
    return 'https://faucet.solana.com/'
  return undefined
}
