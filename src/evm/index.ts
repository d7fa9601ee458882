// biome-ignore-all lint/performance/noBarrelFile: entry point of @h402/paywall/evm

export type { ChainReaderOptions, ReadClient } from './createChainReader.js'
////////////////////////////////////////////////////////////////////////////////
// Errors
////////////////////////////////////////////////////////////////////////////////
// Payer
export { type EvmPayer, type EvmPayerOptions, evmPayer } from './evmPayer.js'
export { readTokenDecimals } from './readTokenDecimals.js'
export type { AnyWalletClient, EvmSigner } from './toEvmWallet.js'
export { isUserRejection, type ToH402ErrorContext, toH402Error } from './toH402Error.js'
