// biome-ignore-all lint/performance/noBarrelFile: entry point of @h402/paywall/react-solana
'use client'
export { H402SolanaProvider, type H402SolanaProviderProps } from './H402SolanaProvider.js'
export { SolanaWalletBridge, type SolanaWalletBridgeProps } from './SolanaWalletBridge.js'
