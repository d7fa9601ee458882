// biome-ignore-all lint/performance/noBarrelFile: entry point of @h402/paywall/solana
// First: spl-token needs the global Buffer while it loads (see installBufferGlobal.ts).
import './installBufferGlobal.js'

////////////////////////////////////////////////////////////////////////////////
// Errors
export { RecipientCannotReceiveError, TransactionModifiedError } from './errors.js'

////////////////////////////////////////////////////////////////////////////////
// Payer
export { type SolanaPayer, type SolanaPayerOptions, solanaPayer } from './solanaPayer.js'
export type { SolanaSigner, SolanaWallet } from './solanaSigner.js'

////////////////////////////////////////////////////////////////////////////////
// Wallet error mapping
export { isUserRejection, toH402Error } from './toH402Error.js'
