// biome-ignore-all lint/performance/noBarrelFile: entry point of the React layer
'use client'

export {
  type BalanceQueryParameters,
  getBalanceQueryKey,
  getBalanceQueryOptions,
} from './balanceQuery.js'
export { createWagmiBridge, type WagmiBridge } from './evm/createWagmiBridge.js'
export { getReceipt } from './getReceipt.js'
export {
  type H402ContextValue,
  type H402Settings,
  useH402Config,
  useH402Context,
} from './H402Context.js'
export { type H402Config, H402Provider, type H402ProviderProps } from './H402Provider.js'
export type {
  H402OptionView,
  H402Payment,
  H402Receipt,
  WalletBridge,
  WalletChoice,
  WalletConnection,
  WalletNamespace,
} from './types.js'
export { type UseH402PaymentParameters, useH402Payment } from './useH402Payment.js'
export { useH402Wallets } from './useH402Wallets.js'
export { WalletRegistry } from './walletRegistry.js'
