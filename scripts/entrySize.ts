import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { build } from 'esbuild'

/** The size of one entry point, bundled and minified as an app's bundler would. */
export interface EntrySize {
  /** Minified bytes. */
  bytes: number
  /** Gzipped minified bytes. */
  gzip: number
}

/** Peers and dependencies are the app's: only the kit's own code is measured. */
const external = [
  'viem',
  'viem/*',
  '@solana/*',
  'bs58',
  'zod',
  'zod/*',
  'lossless-json',
  'react',
  'react-dom',
]

/** Bundles `dist/<entry>/index.js` (everything it exports) and measures it. */
export async function entrySize(root: string, entry: string): Promise<EntrySize> {
  const result = await build({
    entryPoints: [join(root, 'dist', entry, 'index.js')],
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'neutral',
    external,
    write: false,
    logLevel: 'silent',
  })
  const code = result.outputFiles[0]!.contents
  return { bytes: code.byteLength, gzip: gzipSync(code, { level: 9 }).byteLength }
}

/** Gzipped budgets per entry, in bytes, with everything it exports. Raising one is a decision. */
export const sizeBudgets: Readonly<Record<string, number>> = {
  core: 16_000,
  evm: 10_000,
  solana: 8_000,
  testing: 1_200,
}
