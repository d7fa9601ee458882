import { execFile } from 'node:child_process'
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { promisify } from 'node:util'
import { build } from 'esbuild'
import { rolldown } from 'rolldown'
import { expect, test } from 'vitest'
import { distModules } from '../../scripts/distModules.js'

const root = join(import.meta.dirname, '../..')

// A browser has no global Buffer, and `@solana/spl-token-metadata` calls it while it loads: the
// Solana entries must load (and pay) in a page that did not polyfill it.
test.each(['solana', 'react-solana'])(
  '@h402/paywall/%s loads where there is no global Buffer',
  { timeout: 30_000 },
  async (entry) => {
    const script = `delete globalThis.Buffer
      const entry = await import(${JSON.stringify(`@h402/paywall/${entry}`)})
      console.log(Object.keys(entry).length, typeof globalThis.Buffer.from)`
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--input-type=module', '-e', script],
      { cwd: root },
    )
    expect(stdout.trim()).toMatch(/^\d+ function$/)
  },
)

/** Bundles `contents` (an app's module) for the browser as `bundler` does, its packages included. */
async function bundleApp(bundler: 'esbuild' | 'rolldown', contents: string): Promise<string> {
  if (bundler === 'esbuild') {
    const result = await build({
      stdin: { contents, resolveDir: root, loader: 'js' },
      bundle: true,
      format: 'esm',
      platform: 'browser',
      write: false,
      logLevel: 'silent',
    })
    return result.outputFiles[0]!.text
  }
  const bundle = await rolldown({
    input: 'app',
    cwd: root,
    platform: 'browser',
    logLevel: 'silent',
    plugins: [
      {
        name: 'app',
        resolveId: (id) => (id === 'app' ? id : null),
        load: (id) => (id === 'app' ? contents : null),
      },
    ],
  })
  const { output } = await bundle.generate({ format: 'esm', codeSplitting: false })
  await bundle.close()
  return output[0].code
}

// dist/ is bundled: the installer is a chunk of its own, which the package's `sideEffects` names.
// An app's bundler (esbuild; Rolldown, Vite's) keeps it and runs it on load, also where the app
// uses nothing it exports (`toH402Error` alone: a bundler told it had no side effect drops it).
test.each([
  ['esbuild', 'solana', '* as entry'],
  ['rolldown', 'solana', '* as entry'],
  ['esbuild', 'solana', '{ toH402Error as entry }'],
  ['rolldown', 'solana', '{ toH402Error as entry }'],
  ['esbuild', 'react-solana', '{ H402SolanaProvider as entry }'],
  ['rolldown', 'react-solana', '{ H402SolanaProvider as entry }'],
] as const)(
  'an app bundled by %s that imports @h402/paywall/%s (%s) installs the global Buffer on load',
  { timeout: 60_000 },
  async (bundler, entry, imported) => {
    const code = await bundleApp(
      bundler,
      `import ${imported} from '@h402/paywall/${entry}'
      console.log(typeof entry, typeof globalThis.Buffer?.from)`,
    )
    const dir = await mkdtemp(join(tmpdir(), 'h402-buffer-'))
    try {
      const file = join(dir, 'app.mjs')
      await writeFile(file, code)
      const { stdout } = await promisify(execFile)(
        process.execPath,
        [
          '--input-type=module',
          '-e',
          `delete globalThis.Buffer; await import(${JSON.stringify(pathToFileURL(file).href)})`,
        ],
        { cwd: root },
      )
      expect(stdout.trim()).toMatch(/^\w+ function$/)
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  },
)

// The installer is the only module of the kit with a top-level side effect: `sideEffects` must
// match the one file of dist/ that holds it, and that file must hold nothing else with code.
test('`sideEffects` names the chunk that installs Buffer, and no other file of dist/', async () => {
  const pkg = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as {
    sideEffects: string[]
  }
  const files = (await readdir(join(root, 'dist'), { recursive: true })).filter((name) =>
    name.endsWith('.js'),
  )
  const holders: string[] = []
  for (const file of files)
    if (
      (await distModules(root, join(root, 'dist', file))).includes('solana/installBufferGlobal.js')
    )
      holders.push(file)
  expect(holders).toHaveLength(1)
  expect(await distModules(root, join(root, 'dist', holders[0]!))).toEqual([
    'solana/ensureBufferGlobal.js',
    'solana/installBufferGlobal.js',
  ])
  const patterns = pkg.sideEffects.map(globPattern)
  expect(
    files.filter((file) => patterns.some((pattern) => pattern.test(`./dist/${file}`))),
  ).toEqual(holders)
})

// What the rest of `sideEffects` claims: no other file of dist/ runs code on load, it only declares.
// esbuild writes each top-level statement from the line's start: one that starts with anything but
// a declaration's keyword (a call, an assignment) runs when the file loads.
test('no file of dist/ but the installer chunk runs a statement on load', async () => {
  const files = (await readdir(join(root, 'dist'), { recursive: true })).filter((name) =>
    name.endsWith('.js'),
  )
  const running: string[] = []
  for (const file of files) {
    const lines = (await readFile(join(root, 'dist', file), 'utf8')).split('\n')
    lines.forEach((line, index) => {
      const word = /^[\w$]+/.exec(line)?.[0]
      const statement = word !== undefined || /^[([`!+-]/.test(line)
      if (statement && !/^(var|let|const|function|async|class|import|export)$/.test(word ?? ''))
        running.push(`${file}:${index + 1}: ${line}`)
    })
  }
  expect(running).toEqual([
    expect.stringMatching(/^chunks\/installBufferGlobal-\w+\.js:\d+: ensureBufferGlobal\(\);$/),
  ])
})

/** A `sideEffects` glob as bundlers read it: `*` within a path segment; no `/` matches a file name. */
function globPattern(glob: string): RegExp {
  const body = glob
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('[^/]*')
  return new RegExp(glob.includes('/') ? `^${body}$` : `(^|/)${body}$`)
}
