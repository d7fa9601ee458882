import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { expect, test } from 'vitest'
import { distFiles, distModules, importsReact } from '../../scripts/distModules.js'

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

// Each file of the bundled dist/ the page loads (its entry and chunks, up front or on demand) that
// imports React starts with "use client" for RSC bundlers; H402PaywallPage is among them.
test('every file the page entry loads that imports React keeps "use client"', async () => {
  const files = await distFiles(root, 'page/index.js', true)
  const modules: string[] = []
  const missing: string[] = []
  for (const file of files) {
    const text = await readFile(join(root, 'dist', file), 'utf8')
    if (!importsReact(text)) continue
    modules.push(...(await distModules(root, join(root, 'dist', file))))
    if (!/^['"]use client['"]/.test(text)) missing.push(file)
  }
  expect(modules).toContain('page/H402PaywallPage.js')
  expect(missing).toEqual([])
})
