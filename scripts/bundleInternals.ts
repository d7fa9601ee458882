// The engine's internal parse and request deadline for `npm run bench`, bundled from src/ with the
// options of scripts/bundleDist.ts: not in the package's exports, so not importable from dist/,
// and not to be timed through tsx (its keepNames wrappers cost µs per closure made).
import { mkdir, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { threadId } from 'node:worker_threads'
import { build } from 'esbuild'

const root = join(import.meta.dirname, '..')

/** The engine's `parseOwnPaymentRequired` and `deadline`, as dist/ would ship them. */
export async function bundleInternals(): Promise<{
  parseOwnPaymentRequired: typeof import('../src/core/parsePaymentRequired.js').parseOwnPaymentRequired
  deadline: typeof import('../src/core/session/deadline.js').deadline
}> {
  // Inside the project, so the bundle's bare imports (lossless-json) resolve from node_modules.
  const outdir = join(root, 'node_modules', '.cache', 'h402-bench')
  await mkdir(outdir, { recursive: true })
  const outfile = join(outdir, `internals-${process.pid}-${threadId}.mjs`)
  await build({
    absWorkingDir: root,
    stdin: {
      contents: [
        "export { parseOwnPaymentRequired } from './src/core/parsePaymentRequired.ts'",
        "export { deadline } from './src/core/session/deadline.ts'",
      ].join('\n'),
      resolveDir: root,
      loader: 'ts',
    },
    outfile,
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    target: 'es2022',
    tsconfig: 'tsconfig.build.json',
    packages: 'external',
    logLevel: 'warning',
  })
  try {
    return await import(pathToFileURL(outfile).href)
  } finally {
    await rm(outfile, { force: true })
  }
}
