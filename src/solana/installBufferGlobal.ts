/**
 * Imported first by every module of the kit that loads `@solana/spl-token`: its
 * `@solana/spl-token-metadata` dependency calls the global `Buffer` while it loads, which browsers
 * lack, so a plain Vite app would fail on import without its own polyfill. Sets it only where there
 * is none. The build puts it in a chunk of its own, which the package's `sideEffects` lists so that
 * bundlers keep it (scripts/bundleDist.ts).
 */
import { ensureBufferGlobal } from './ensureBufferGlobal.js'

ensureBufferGlobal()
