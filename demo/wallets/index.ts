/**
 * Development wallets for the demo and its tests: they sign with funded devnet keys and say so in
 * their name and icon. Never imported by `src/`, never published.
 */
export { announceEip6963Provider } from './announceEip6963Provider.js'
export {
  type CreateDevEvmWalletOptions,
  createDevEvmWallet,
  type DevEip1193Provider,
  type DevEvmWallet,
  type DevWalletRequest,
  type Eip6963ProviderInfo,
} from './createDevEvmWallet.js'
export {
  type CreateDevSolanaWalletOptions,
  createDevSolanaWallet,
  type DevSolanaRequest,
  type DevSolanaWallet,
  type DevSolanaWalletFeatures,
} from './createDevSolanaWallet.js'
export { DevWalletRpcError, RPC_ERROR } from './DevWalletRpcError.js'
export { DEV_WALLET_ICON, DEV_WALLET_NAME, DEV_WALLET_RDNS } from './devWalletIcon.js'
export { type DevWallets, installDevWallets } from './installDevWallets.js'
