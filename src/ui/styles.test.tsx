// @vitest-environment node
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { beforeAll, expect, it } from 'vitest'

const root = join(import.meta.dirname, '../..')
let css = ''

beforeAll(() => {
  // The same command as `npm run build:css`, into a scratch directory.
  const out = join(mkdtempSync(join(tmpdir(), 'h402-css-')), 'styles.css')
  execFileSync(
    join(root, 'node_modules/.bin/tailwindcss'),
    ['-i', join(root, 'src/styles/styles.css'), '-o', out, '--minify'],
    { stdio: 'pipe' },
  )
  css = readFileSync(out, 'utf8')
}, 30_000)

/** Every style rule's selector list, at any depth of @media. */
function selectors(text: string): string[] {
  const withoutComments = text.replace(/\/\*[\s\S]*?\*\//g, '')
  const found: string[] = []
  for (const match of withoutComments.matchAll(/([^{}]+)\{/g)) {
    const prelude = match[1]?.trim() ?? ''
    if (prelude.startsWith('@') || /^(from|to|\d+%)$/.test(prelude)) continue
    found.push(...splitTopLevel(prelude))
  }
  return found
}

/** Splits a selector list on its top-level commas (not those inside `:where(…)`). */
function splitTopLevel(list: string): string[] {
  const parts: string[] = []
  let depth = 0
  let start = 0
  for (let index = 0; index < list.length; index++) {
    const char = list[index]
    if (char === '(') depth++
    else if (char === ')') depth--
    else if (char === ',' && depth === 0) {
      parts.push(list.slice(start, index).trim())
      start = index + 1
    }
  }
  parts.push(list.slice(start).trim())
  return parts
}

it('styles.css has no global rule: every selector is scoped under .h402-root', () => {
  const all = selectors(css)
  expect(all.length).toBeGreaterThan(50)
  const unscoped = all.filter((selector) => !selector.startsWith('.h402-root'))
  expect(unscoped).toEqual([])
  expect(css).not.toMatch(/@layer\s+base|preflight/i)
})

it('styles.css is within its gzip budget (8 kB)', () => {
  const size = gzipSync(css, { level: 9 }).length
  expect(size).toBeLessThanOrEqual(8 * 1024)
})

it('light, dark and the system scheme are all defined by variables only', () => {
  expect(css).toContain('.h402-root[data-h402-theme=dark]')
  expect(css).toMatch(
    /@media \(prefers-color-scheme:\s?dark\)\{\.h402-root:not\(\[data-h402-theme\]\)/,
  )
  const tokens = readFileSync(join(root, 'src/styles/tokens.css'), 'utf8')
  const components = readFileSync(join(root, 'src/styles/components.css'), 'utf8')
  // Components take every colour from a token, so a brand needs only variables.
  expect(components.replace(/\/\*[\s\S]*?\*\//g, '')).not.toMatch(/#[0-9a-f]{3,8}\b|rgb\(/i)
  for (const name of components.matchAll(/var\((--h402-[\w-]+)\)/g))
    expect(tokens, name[1]).toContain(`${name[1]}:`)
})

it('theme.css maps the tokens for Tailwind apps and imports the styles', () => {
  const theme = readFileSync(join(root, 'src/styles/theme.css'), 'utf8')
  expect(theme).toContain('@import "./styles.css";')
  expect(theme).toMatch(/@theme inline \{[\s\S]*--color-h402-accent: var\(--h402-accent\);/)
})
