import { Buffer } from 'buffer'

/**
 * `@solana/spl-token` calls Node's global `Buffer` inside its functions (`unpackMint`, transfer
 * hook seeds…), which browsers do not have: without this, a plain Vite app fails on its first
 * Solana payment unless it polyfills `Buffer` itself. Installed when a Solana payer is made, and
 * only where there is none, so importing the kit has no side effect.
 */
export function ensureBufferGlobal(): void {
  const scope = globalThis as { Buffer?: unknown }
  scope.Buffer ??= Buffer
}
