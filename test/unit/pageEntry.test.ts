import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { expect, test } from 'vitest'

const root = join(import.meta.dirname, '../..')

// The drop-in page's public API, through the package's `exports` map, from the build.
test('@h402/paywall/page', { timeout: 30_000 }, async () => {
  const entry = await import('@h402/paywall/page')
  expect(Object.keys(entry).sort()).toEqual([
    'H402PaywallPage',
    'readInjectedPaywall',
    'showPaidResponse',
  ])
})

test('every module of dist/page that imports React keeps "use client"', async () => {
  const names = (await readdir(join(root, 'dist/page'))).filter((name) => name.endsWith('.js'))
  expect(names).toContain('H402PaywallPage.js')
  for (const name of names) {
    const text = await readFile(join(root, 'dist/page', name), 'utf8')
    if (/from ['"]react/.test(text)) expect(text.trimStart()).toMatch(/^['"]use client['"]/)
  }
})
