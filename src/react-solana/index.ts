// biome-ignore-all lint/performance/noBarrelFile: entry point of @h402/paywall/react-solana
'use client'
// First: spl-token needs the global Buffer while it loads (see installBufferGlobal.ts).
import '../solana/installBufferGlobal.js'

export { H402SolanaProvider, type H402SolanaProviderProps } from './H402SolanaProvider.js'
export { SolanaWalletBridge, type SolanaWalletBridgeProps } from './SolanaWalletBridge.js'
