// Ours against x402's own client (@x402/core, @x402/fetch, @x402/evm 2.27), in one run, on the
// build in dist/. Printed, never asserted: timings vary by machine and load. Called by
// scripts/bench.ts (`npm run bench`); runs alone with `npx tsx scripts/benchVsX402.ts`. What is
// timed is in scripts/benchContenders.ts, how in scripts/benchIsolated.ts.
import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { isolated, median } from './benchIsolated.js'

const root = join(import.meta.dirname, '..')

function printRow(label: string, micros: number, ratio: number | undefined, unit = 'µs') {
  const shown = ratio === undefined ? '' : `  ${ratio.toFixed(2)}× x402`
  console.log(
    `  ${label.padEnd(58)} ${micros.toFixed(unit === 'ms' ? 1 : 2).padStart(9)} ${unit}${shown}`,
  )
}

async function parsing(): Promise<void> {
  console.log('\nparse a 402 (µs per call, Response construction included for both)')
  const cases = [
    ['x402 v2 header', 'v2-header'],
    ['x402 v1 body', 'v1-body'],
  ] as const
  for (const [label, dialect] of cases) {
    const who = [
      'ours',
      'x402Clone',
      'engine',
      'x402',
      ...(dialect === 'v2-header' ? ['decode'] : []),
    ]
    const { times, ratio } = await isolated(
      who.map((each) => `parse:${dialect}:${each}`),
      { warmUp: 3000, calls: 300, rounds: 150 },
    )
    const row = (each: string) => times[`parse:${dialect}:${each}`]!
    const ratioOf = (each: string, to: string) =>
      ratio(`parse:${dialect}:${each}`, `parse:${dialect}:${to}`)
    console.log(` ${label}`)
    // parsePaymentRequired leaves the caller's body readable. x402 has no such call: its caller
    // who needs the body afterwards parses a clone, so that is the like-for-like pair.
    printRow(
      'ours: parsePaymentRequired (body left readable)',
      row('ours'),
      ratioOf('ours', 'x402Clone'),
    )
    printRow('x402: as wrapFetchWithPayment parses, from a clone', row('x402Clone'), undefined)
    printRow(
      'ours: as createH402Fetch parses (body read once)',
      row('engine'),
      ratioOf('engine', 'x402'),
    )
    printRow('x402: as wrapFetchWithPayment parses', row('x402'), undefined)
    if (dialect === 'v2-header')
      printRow('x402: decodePaymentRequiredHeader alone', row('decode'), undefined)
  }
}

async function payment(): Promise<void> {
  console.log('\nready 402 → payment header → paid response (µs per paid fetch, in-process server)')
  for (const version of [2, 1] as const) {
    const name = (who: string) => `pay:${version}:${who}`
    const { times, ratio } = await isolated(['ours', 'x402', 'floor'].map(name), {
      warmUp: 1000,
      calls: 20,
      rounds: 40,
    })
    console.log(` x402 v${version}`)
    printRow(
      'ours: createH402Fetch + evmPayer',
      times[name('ours')]!,
      ratio(name('ours'), name('x402')),
    )
    printRow(
      `x402: wrapFetchWithPayment + ${version === 2 ? 'ExactEvmScheme' : 'ExactEvmSchemeV1'}`,
      times[name('x402')]!,
      undefined,
    )
    printRow(
      'floor: viem signTypedData alone',
      times[name('floor')]!,
      ratio(name('floor'), name('x402')),
    )
  }
}

/**
 * The time a fresh `node` takes to import `specifiers`, in ms, timed inside the child (so a busy
 * machine's slower process start-up is not counted).
 */
function importOnce(specifiers: string[]): Promise<number> {
  const imports = specifiers.map((specifier) => `await import(${JSON.stringify(specifier)})`)
  const code = `const t = performance.now(); ${imports.join('; ')}; console.log(performance.now() - t)`
  return new Promise((resolve, reject) => {
    let output = ''
    const child = spawn(process.execPath, ['--input-type=module', '-e', code], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'inherit'],
    })
    child.stdout.on('data', (chunk) => {
      output += chunk
    })
    child.on('error', reject)
    child.on('exit', (status) =>
      status === 0
        ? resolve(Number(output))
        : reject(new Error(`importing ${specifiers.join(', ')} failed`)),
    )
  })
}

async function importTime(runs = 15): Promise<void> {
  const pairs: [string, string[], string[]][] = [
    ['core', ['@h402/paywall/core'], ['@x402/core/client', '@x402/core/http']],
    ['evm', ['@h402/paywall/evm'], ['@x402/evm/exact/client', '@x402/evm/exact/v1/client']],
    [
      'an agent (fetch + EVM)',
      ['@h402/paywall/core', '@h402/paywall/evm'],
      ['@x402/fetch', '@x402/evm/exact/client', '@x402/evm/exact/v1/client'],
    ],
  ]
  const jobs: [string, string[]][] = []
  for (const [label, ours, theirs] of pairs)
    jobs.push([`ours ${label}`, ours], [`x402 ${label}`, theirs])
  const samples = new Map<string, number[]>(jobs.map(([name]) => [name, []]))
  for (const [, specifiers] of jobs) await importOnce(specifiers) // warm the file cache
  // Each run imports ours and x402's side by side, which goes first drawn anew: a run's ratio
  // pairs two imports a second apart, so a slower stretch of a shared machine moves both.
  for (let run = 0; run < runs; run++)
    for (const [label, ours, theirs] of pairs) {
      const sides: [string, string[]][] = [
        [`ours ${label}`, ours],
        [`x402 ${label}`, theirs],
      ]
      if (Math.random() < 0.5) sides.reverse()
      for (const [name, specifiers] of sides) samples.get(name)!.push(await importOnce(specifiers))
    }
  console.log(
    `\nimport time (ms, timed in each of ${runs} fresh node processes, median; ratio: median of runs)`,
  )
  for (const [label, ours, theirs] of pairs) {
    const mine = samples.get(`ours ${label}`)!
    const their = samples.get(`x402 ${label}`)!
    console.log(` ${label}`)
    printRow(
      `ours: ${ours.join(' + ')}`,
      median(mine),
      median(mine.map((time, run) => time / their[run]!)),
      'ms',
    )
    printRow(`x402: ${theirs.join(' + ')}`, median(their), undefined, 'ms')
  }
}

/** Prints every comparison; `npm run bench` calls it. */
export async function benchVsX402(): Promise<void> {
  console.log(
    `\nvs x402's client (@x402/core, @x402/fetch, @x402/evm 2.27; Node ${process.version})`,
  )
  await parsing()
  await payment()
  await importTime()
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await benchVsX402()
