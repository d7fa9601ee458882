import type { WalletNamespace } from '../../react/types.js'

/** True for the chain families the kit connects wallets for. */
export function isWalletNamespace(namespace: string | undefined): namespace is WalletNamespace {
  return namespace === 'evm' || namespace === 'solana'
}
