import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { expect, test } from 'vitest'
import { entrySize, sizeBudgets } from '../../scripts/entrySize.js'

const root = join(import.meta.dirname, '../..')

// Sizes, not speed: deterministic for a given build, so they can fail a test. `npm run bench`
// prints them with the timings.
test.each(Object.entries(sizeBudgets))(
  '@h402/paywall/%s stays within its gzip budget',
  async (entry, budget) => {
    const size = await entrySize(root, entry)
    expect(size.bytes).toBeGreaterThan(0)
    expect(size.gzip, `${entry}: ${size.gzip} B gzip`).toBeLessThanOrEqual(budget)
  },
)

test('styles.css stays within its 8 kB gzip budget', async () => {
  const css = await readFile(join(root, 'dist/styles.css'))
  expect(css.byteLength).toBeGreaterThan(1000)
  expect(gzipSync(css, { level: 9 }).byteLength).toBeLessThanOrEqual(8_000)
})
