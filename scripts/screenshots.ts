/**
 * `npm run screenshots`: builds the static Storybook, serves it from a plain static file server (as
 * anyone would host it) and saves PNGs of chosen stories, taken in Chromium, to docs/screenshots/,
 * so that the README's pictures can be remade after a change.
 *
 * Flags: `--no-build` (reuse storybook-static/), `--only <name>` (one shot).
 * Chromium: CHROMIUM_PATH, else Debian's /usr/bin/chromium (Playwright cannot download its own here).
 */
import { spawnSync } from 'node:child_process'
import { mkdir } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { chromium } from 'playwright'
import { serveStatic } from './screenshots/serveStatic.js'
import { SHOTS } from './screenshots/shots.js'

const REPO_ROOT = fileURLToPath(new URL('../', import.meta.url))
const STATIC_DIR = fileURLToPath(new URL('../storybook-static/', import.meta.url))
const OUT_DIR = fileURLToPath(new URL('../docs/screenshots/', import.meta.url))
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium'

const args = process.argv.slice(2)
const only = args.includes('--only') ? args[args.indexOf('--only') + 1] : undefined
const shots = SHOTS.filter((shot) => !only || shot.name === only)
if (shots.length === 0) {
  console.error(`No shot named "${only}". Shots: ${SHOTS.map((s) => s.name).join(', ')}`)
  process.exit(1)
}

if (!args.includes('--no-build')) {
  console.log('Building the static Storybook…')
  // No devnet variable: the pictures show what a static build shows (mocked responses).
  const env = { ...process.env }
  delete env.H402_DEVNET_JSON
  const build = spawnSync('npm', ['run', 'build-storybook'], {
    cwd: REPO_ROOT,
    stdio: 'inherit',
    env,
  })
  if (build.status !== 0) process.exit(build.status ?? 1)
}

const server = await serveStatic(STATIC_DIR)
const browser = await chromium.launch({ executablePath: CHROMIUM })
try {
  await mkdir(OUT_DIR, { recursive: true })
  for (const shot of shots) {
    const page = await browser.newPage({
      viewport: shot.viewport ?? { width: 900, height: 640 },
      deviceScaleFactor: 2,
      colorScheme: shot.colorScheme ?? 'light',
    })
    const errors: string[] = []
    page.on('pageerror', (error) => errors.push(String(error)))
    const query = new URLSearchParams({ id: shot.storyId, viewMode: 'story' })
    if (shot.globals) query.set('globals', shot.globals)
    await page.goto(`${server.url}/iframe.html?${query}`)
    // The play function runs on load in a static Storybook; wait for what it leads to.
    await page.getByText(shot.waitForText).first().waitFor({ timeout: 30_000 })
    if (errors.length > 0)
      throw new Error(`${shot.name}: errors on the page:\n${errors.join('\n')}`)
    const file = `${OUT_DIR}${shot.name}.png`
    await page.locator(shot.selector ?? '#storybook-root').screenshot({ path: file })
    console.log(`  ${shot.name.padEnd(24)} docs/screenshots/${shot.name}.png`)
    await page.close()
  }
} finally {
  await browser.close()
  await server.close()
}
