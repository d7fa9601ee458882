// `npm run bench`: speed and size of the kit, printed, never asserted (timings vary by machine;
// sizes are also held to budgets by test/unit/bundleBudget.test.ts).
import { join } from 'node:path'
import {
  decodeBase64Json,
  encodeBase64Json,
  formatAmount,
  parseAmount,
  parsePaymentRequired,
  rankPaymentOptions,
  stablecoinCaps,
} from '../dist/core/index.js'
import { fixtureResponse, loadPaymentRequiredFixtures } from '../test/fixtures/loadFixtures.js'
import { benchVsX402 } from './benchVsX402.js'
import { entrySize, sizeBudgets, totalSizeBudgets, viteEntrySize } from './entrySize.js'
import { rendersPerTransition } from './rendersPerTransition.js'

const root = join(import.meta.dirname, '..')

async function measure(name: string, iterations: number, run: () => unknown): Promise<void> {
  for (let i = 0; i < Math.min(iterations, 100); i++) await run()
  const start = performance.now()
  for (let i = 0; i < iterations; i++) await run()
  const elapsed = performance.now() - start
  const perOp = (elapsed * 1000) / iterations
  console.log(
    `${name.padEnd(44)} ${perOp.toFixed(2).padStart(10)} µs/op  ${Math.round(
      iterations / (elapsed / 1000),
    )
      .toLocaleString('en')
      .padStart(12)} op/s`,
  )
}

const fixtures = loadPaymentRequiredFixtures().filter((fixture) => fixture.kind === 'valid')
const policy = { caps: stablecoinCaps('1') }
const header = encodeBase64Json({ x402Version: 2, accepts: [{ amount: '10000', note: 'Café ☕' }] })
const parsed = await parsePaymentRequired(
  fixtureResponse(fixtures.find((f) => f.file.includes('eight-options'))!),
)

console.log(`\nspeed (Node ${process.version})`)
await measure(`parsePaymentRequired × ${fixtures.length} fixtures`, 200, async () => {
  for (const fixture of fixtures) await parsePaymentRequired(fixtureResponse(fixture))
})
await measure('rankPaymentOptions (8 options)', 20_000, () =>
  rankPaymentOptions(parsed.options, policy),
)
await measure('formatAmount (18 decimals)', 200_000, () => formatAmount(123456789012345678901n, 18))
await measure('parseAmount (18 decimals)', 200_000, () => parseAmount('123.456789012345678901', 18))
await measure('encodeBase64Json + decodeBase64Json', 100_000, () => decodeBase64Json(header))

await benchVsX402()

console.log('\nsize (bundled, code-split, minified, peers and dependencies excluded; gzip)')
for (const [entry, budget] of Object.entries(sizeBudgets)) {
  const size = await entrySize(root, entry)
  const total = totalSizeBudgets[entry]
  console.log(
    `${(entry === '.' ? '@h402/paywall' : `@h402/paywall/${entry}`).padEnd(28)} ${String(size.bytes).padStart(8)} B  ${String(size.gzip).padStart(7)} B up front (budget ${budget} B)${total === undefined ? '' : `, ${size.total.gzip} B in all (budget ${total} B)`}; as Vite 8 builds it: ${await viteEntrySize(root, entry)} B up front`,
  )
  for (const chunk of size.lazy)
    console.log(
      `  on demand: ${String(chunk.gzip).padStart(6)} B  ${chunk.modules.slice(0, 3).join(', ')}`,
    )
}

console.log('\nReact')
const { renders, transitions } = await rendersPerTransition()
console.log(
  `useH402Payment: ${renders} renders for ${transitions} status transitions (${(renders / transitions).toFixed(1)} per transition), 402 → settled`,
)
