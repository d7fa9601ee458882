import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { expect, test } from 'vitest'
import { entrySize, sizeBudgets, totalSizeBudgets } from '../../scripts/entrySize.js'

const root = join(import.meta.dirname, '../..')

// Sizes, not speed: deterministic for a given build, so they can fail a test. `npm run bench`
// prints them with the timings. The budget is what an app loads up front (the entry and the
// chunks it imports statically); chunks loaded with `import()` have a budget of their own.
test.each(Object.entries(sizeBudgets))(
  '@h402/paywall/%s stays within its gzip budget',
  async (entry, budget) => {
    const size = await entrySize(root, entry)
    expect(size.bytes).toBeGreaterThan(0)
    expect(size.gzip, `${entry}: ${size.gzip} B gzip up front`).toBeLessThanOrEqual(budget)
    const total = totalSizeBudgets[entry]
    if (total !== undefined)
      expect(size.total.gzip, `${entry}: ${size.total.gzip} B gzip in all`).toBeLessThanOrEqual(
        total,
      )
    else expect(size.lazy, `${entry} has lazy chunks: give it a total budget`).toEqual([])
  },
)

test('the React entry loads the engine, the EVM payer, Radix and the es/zh catalogs only on demand', async () => {
  const size = await entrySize(root, '.')
  expect(size.initialModules).toContain('ui/H402Paywall.js')
  const upFront = size.initialModules.filter((module) =>
    /^(core\/session\/paymentSession|core\/parsePaymentRequired|core\/session\/sendPaidRequest|evm\/evmPayer|react\/evm\/wagmiPayer|ui\/i18n\/(es|zh))\.js$|^@radix-ui\//.test(
      module,
    ),
  )
  expect(upFront).toEqual([])
  const lazy = size.lazy.flatMap((chunk) => chunk.modules)
  expect(lazy).toEqual(
    expect.arrayContaining([
      'core/session/paymentSession.js',
      'core/parsePaymentRequired.js',
      'ui/i18n/es.js',
      'ui/i18n/zh.js',
      'ui/internal/PaywallDialog.js',
    ]),
  )
})

test('styles.css stays within its 8 kB gzip budget', async () => {
  const css = await readFile(join(root, 'dist/styles.css'))
  expect(css.byteLength).toBeGreaterThan(1000)
  expect(gzipSync(css, { level: 9 }).byteLength).toBeLessThanOrEqual(8_000)
})
