import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { build, type Plugin } from 'esbuild'
import { expect, test } from 'vitest'

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

// Next.js and other RSC bundlers treat a module without the directive as a server component.
test('every React module in dist/ keeps "use client"', async () => {
  const files: string[] = ['index.js']
  for (const dir of ['react', 'react/evm', 'react-solana', 'ui', 'ui/internal']) {
    const names = await readdir(join(root, 'dist', dir)).catch(() => [])
    for (const name of names) if (name.endsWith('.js')) files.push(join(dir, name))
  }
  expect(files.length).toBeGreaterThan(20)
  const missing: string[] = []
  for (const file of files) {
    const text = await readFile(join(root, 'dist', file), 'utf8')
    const code = text.replace(/^(\s*\/\/[^\n]*\n)*/, '')
    // Pure-logic modules (no React) may omit it; anything importing react must have it.
    if (/from ['"]react/.test(text) && !/^['"]use client['"]/.test(code)) missing.push(file)
  }
  expect(missing).toEqual([])
})

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
  const inputs = Object.keys(result.metafile.inputs)
  expect(inputs.some((input) => input.includes('dist/react/useH402Payment.js'))).toBe(true)
  // No module of the Solana layers, nor any package of Solana's (the core's table of Solana
  // cluster ids, `core/networks/solanaNetworkIds.js`, is three strings and no Solana code).
  expect(
    inputs.filter((input) => /dist\/(solana|react-solana)\/|@solana\/|solana-/i.test(input)),
  ).toEqual([])
})
