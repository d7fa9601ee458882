import { getToken } from '../core/networks/tokens.js'
import type { PaymentOption } from '../core/types.js'
import type { ChainReader } from './createChainReader.js'
import type { EvmWallet } from './toEvmWallet.js'

/**
 * Why this payer cannot pay the option, or `undefined`. Synchronous and without RPC calls, so a
 * chooser can rank options at once; what only the chain can tell (an unknown token's EIP-712
 * domain, balances) is checked when paying.
 */
export function evmPaymentProblem(
  option: PaymentOption,
  wallet: EvmWallet,
  reader: ChainReader,
): string | undefined {
  if (option.network.namespace !== 'evm') return 'This is not an EVM payment option.'
  if (!option.supported) return option.unsupportedReason ?? 'This payment option is not supported.'
  if (option.scheme !== 'exact') return `The "${option.scheme}" scheme is not supported on EVM.`
  const chainId = option.network.chainId
  if (chainId === undefined) return `The chain id of ${option.network.name} is not known.`
  if (wallet.kind === 'client' && !wallet.account) return 'The wallet has no connected account.'
  const noRpc = `Reading ${option.network.name} needs an RPC: pass \`publicClient\` or \`rpcUrls\` to evmPayer.`

  if (option.protocol === 'x402-v1' || option.protocol === 'x402-v2') {
    if (option.asset.native) return 'x402 cannot pay in a native coin.'
    // A token the registry knows without an EIP-712 domain (USDT) has no EIP-3009.
    if (!option.asset.eip712 && getToken(option.network.id, option.asset.address))
      return `${option.asset.symbol ?? 'This token'} on ${option.network.name} does not support EIP-3009 authorizations, which x402 needs.`
    if (!option.asset.eip712 && !reader.has(chainId)) return noRpc
    return undefined
  }
  if (option.protocol === 'h402-v1') {
    if (!option.resource)
      return 'The h402 option has no "resource"; the server could not match the payment to it.'
    // EIP-3009 tokens the registry knows are signed without reads; anything else needs the chain.
    if (!option.asset.eip712 && !reader.has(chainId)) return noRpc
    return undefined
  }
  return `The ${option.protocol} dialect is not supported.`
}
