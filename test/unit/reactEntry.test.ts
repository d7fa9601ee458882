import { readdir, readFile } from 'node:fs/promises'
import { join, sep } from 'node:path'
import { build, type Plugin } from 'esbuild'
import { expect, test } from 'vitest'
import { distFiles, distModules, importsReact } from '../../scripts/distModules.js'

const root = join(import.meta.dirname, '../..')

// The React entries' public API, imported through the package's `exports` map from the build.
// Importing the entry loads wagmi and viem: slow on two busy cores.
test('@h402/paywall', { timeout: 30_000 }, async () => {
  const entry = await import('@h402/paywall')
  expect(Object.keys(entry).sort()).toMatchInlineSnapshot(`
    [
      "H402Paywall",
      "H402PaywallBalance",
      "H402PaywallConnect",
      "H402PaywallConsent",
      "H402PaywallContent",
      "H402PaywallError",
      "H402PaywallModal",
      "H402PaywallOptions",
      "H402PaywallPayButton",
      "H402PaywallReceipt",
      "H402PaywallRoot",
      "H402PaywallStatus",
      "H402PaywallSummary",
      "H402Provider",
      "WalletRegistry",
      "createTranslator",
      "createWagmiBridge",
      "en",
      "formatLocalizedAmount",
      "getBalanceQueryKey",
      "getBalanceQueryOptions",
      "getReceipt",
      "loadCatalog",
      "useH402Config",
      "useH402Context",
      "useH402Payment",
      "useH402Paywall",
      "useH402Wallets",
    ]
  `)
})

test('@h402/paywall/react-solana', { timeout: 30_000 }, async () => {
  const entry = await import('@h402/paywall/react-solana')
  expect(Object.keys(entry).sort()).toMatchInlineSnapshot(`
    [
      "H402SolanaProvider",
      "SolanaWalletBridge",
    ]
  `)
})

// Loaded on demand by the root entry; an app imports them itself to have them up front.
test('@h402/paywall/wagmi and /locales/*', { timeout: 30_000 }, async () => {
  const wagmi = await import('@h402/paywall/wagmi')
  expect(Object.keys(wagmi)).toEqual(['wagmiPayer'])
  const { es } = await import('@h402/paywall/locales/es')
  const { zh } = await import('@h402/paywall/locales/zh')
  const { en } = await import('@h402/paywall')
  expect(Object.keys(es).sort()).toEqual(Object.keys(en).sort())
  expect(Object.keys(zh).sort()).toEqual(Object.keys(en).sort())
})

// Next.js and other RSC bundlers treat a module without the directive as a server component, and
// every module a "use client" module imports as a client one: each file of the bundled dist/ (an
// entry or a chunk of several modules) that imports React starts with it, and no other does.
test('every file of dist/ that imports React starts with "use client", and no other does', async () => {
  const files = (await readdir(join(root, 'dist'), { recursive: true })).filter((name) =>
    name.endsWith('.js'),
  )
  const client: string[] = []
  const wrong: string[] = []
  for (const file of files) {
    const text = await readFile(join(root, 'dist', file), 'utf8')
    const react = importsReact(text)
    if (react) client.push(file)
    if (react !== /^['"]use client['"]/.test(text)) wrong.push(file)
  }
  expect(wrong).toEqual([])
  // Every module of src that imports React at run time is in one of the files checked as React's.
  const inClientFiles = new Set(
    (await Promise.all(client.map((file) => distModules(root, join(root, 'dist', file))))).flat(),
  )
  const reactModules = await sourceModulesImportingReact()
  expect(reactModules.length).toBeGreaterThan(20)
  expect(reactModules.filter((module) => !inClientFiles.has(module))).toEqual([])
})

// The server-side entries: a "use client" file among what they load would turn their exports into
// client references in an RSC bundler.
test.each(['core', 'evm', 'solana', 'testing'])(
  '@h402/paywall/%s loads no React and no "use client" file, even on demand',
  async (entry) => {
    const files = await distFiles(root, `${entry}/index.js`, true)
    expect(files.length).toBeGreaterThan(1)
    for (const file of files) {
      const text = await readFile(join(root, 'dist', file), 'utf8')
      expect(importsReact(text), file).toBe(false)
      expect(text, file).not.toMatch(/^['"]use client['"]/)
    }
  },
)

/** The modules of src/ (named as in dist/: `ui/H402Paywall.js`) with a run-time import of React. */
async function sourceModulesImportingReact(): Promise<string[]> {
  const names = await readdir(join(root, 'src'), { recursive: true })
  const modules: string[] = []
  for (const name of names) {
    if (!/\.tsx?$/.test(name) || /\.(test|stories)\.tsx?$|(^|\/)test\//.test(name)) continue
    const text = await readFile(join(root, 'src', name), 'utf8')
    if (/^import (?!type )[^;]*from ['"]react(-dom)?(\/[^'"]*)?['"]/m.test(text))
      modules.push(name.replace(/\.tsx?$/, '.js'))
  }
  return modules
}

/** Fails the build on any import of a Solana package: the app has none installed. */
const noSolana: Plugin = {
  name: 'no-solana',
  setup(build) {
    build.onResolve({ filter: /^@solana\// }, (args) => ({
      errors: [{ text: `${args.path} imported by ${args.importer}` }],
    }))
  },
}

test('an EVM-only app builds without any Solana package and ships no Solana code', async () => {
  const result = await build({
    stdin: {
      contents: `import { H402Paywall, H402Provider, useH402Payment } from '@h402/paywall'
        export { H402Paywall, H402Provider, useH402Payment }`,
      resolveDir: root,
      loader: 'ts',
    },
    bundle: true,
    format: 'esm',
    platform: 'browser',
    write: false,
    metafile: true,
    logLevel: 'silent',
    plugins: [noSolana],
  })
  const inputs = Object.keys(result.metafile.inputs).map((input) => join(root, input))
  // The app's files of dist/ (entries and chunks), expanded to the modules of src/ each holds: a
  // chunk that held a Solana module would count even where the app's bundler drops it.
  const distDir = join(root, 'dist') + sep
  const modules = (
    await Promise.all(
      inputs.filter((input) => input.startsWith(distDir)).map((file) => distModules(root, file)),
    )
  ).flat()
  expect(modules).toContain('react/useH402Payment.js')
  // No module of the Solana layers, nor any package of Solana's (the core's table of Solana
  // cluster ids, `core/networks/solanaNetworkIds.js`, is three strings and no Solana code).
  expect(modules.filter((module) => /^(solana|react-solana)\//.test(module))).toEqual([])
  expect(
    inputs.filter((input) => !input.startsWith(distDir) && /@solana\/|solana-/i.test(input)),
  ).toEqual([])
})
