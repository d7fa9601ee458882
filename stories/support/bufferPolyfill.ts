/**
 * `@solana/spl-token` (a peer of the Solana payer) uses Node's global `Buffer` when its module is
 * evaluated, which browsers do not have: like most Solana dapps, the demo polyfills it. Import
 * this before anything that loads `@h402/paywall/react-solana`.
 */
import { Buffer } from 'buffer'

const scope = globalThis as { Buffer?: unknown }
scope.Buffer ??= Buffer
