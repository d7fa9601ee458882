// Ours against x402's own client (@x402/core, @x402/fetch, @x402/evm 2.27), in one run, on the
// build in dist/. Printed, never asserted: timings vary by machine and load. Called by
// scripts/bench.ts (`npm run bench`); runs alone with `npx tsx scripts/benchVsX402.ts`.
import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { x402Client, x402HTTPClient } from '@x402/core/client'
import { decodePaymentRequiredHeader } from '@x402/core/http'
import { ExactEvmScheme } from '@x402/evm/exact/client'
import { ExactEvmSchemeV1 } from '@x402/evm/exact/v1/client'
import { wrapFetchWithPayment } from '@x402/fetch'
import { getAddress, type Hex } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import {
  createH402Fetch,
  encodeBase64Json,
  parsePaymentRequired,
  stablecoinCaps,
} from '../dist/core/index.js'
import { evmPayer } from '../dist/evm/index.js'
// Internal (not in the package's exports, so not in the bundled build): read from the source.
import { parseOwnPaymentRequired } from '../src/core/parsePaymentRequired.js'

const root = join(import.meta.dirname, '..')

// A throwaway key: it signs for a token on a test network and is never funded.
const account = privateKeyToAccount(
  `0x${'59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d'}`,
)
const USDC = '0x036CbD53842c5426634e7929541eC2318f3dCF7e'
const PAY_TO = '0x209693Bc6afc0C5328bA36FaF03C514EF312287C'
const RESOURCE = 'https://api.example.com/premium'

/** An x402 v2 402 as x402's middleware sends it: Base Sepolia USDC, 0.01 USDC. */
const v2Document = {
  x402Version: 2,
  error: 'Payment required',
  resource: { url: RESOURCE, description: 'Premium data', mimeType: 'application/json' },
  accepts: [
    {
      scheme: 'exact',
      network: 'eip155:84532',
      amount: '10000',
      asset: USDC,
      payTo: PAY_TO,
      maxTimeoutSeconds: 300,
      extra: { name: 'USDC', version: '2' },
    },
  ],
}

/** The same price as an x402 v1 body. */
const v1Document = {
  x402Version: 1,
  error: 'X-PAYMENT header is required',
  accepts: [
    {
      scheme: 'exact',
      network: 'base-sepolia',
      maxAmountRequired: '10000',
      resource: RESOURCE,
      description: 'Premium data',
      mimeType: 'application/json',
      payTo: PAY_TO,
      maxTimeoutSeconds: 300,
      asset: USDC,
      extra: { name: 'USDC', version: '2' },
    },
  ],
}

const v2Header = encodeBase64Json(v2Document)
const v1Body = JSON.stringify(v1Document)

const v2Response = () =>
  new Response('{}', {
    status: 402,
    headers: { 'content-type': 'application/json', 'PAYMENT-REQUIRED': v2Header },
  })
const v1Response = () =>
  new Response(v1Body, { status: 402, headers: { 'content-type': 'application/json' } })

/** x402's parse of a 402, step for step as `wrapFetchWithPayment` runs it. */
const x402Http = new x402HTTPClient(new x402Client())
async function x402Parse(response: Response): Promise<unknown> {
  let body: unknown
  const text = await response.text()
  if (text) body = JSON.parse(text)
  return x402Http.getPaymentRequiredResponse((name) => response.headers.get(name), body)
}

/**
 * An in-process server as a `fetch`: a 402 for a request without a payment header, else 200 with a
 * settlement header. Both clients see the same responses; no socket, no chain. It makes a Request
 * of its arguments whatever they are, as undici's `fetch` does: a client that passes a `Request`
 * gets no discount a real `fetch` would not give it.
 */
function inProcessServer(version: 1 | 2): typeof fetch {
  const settlement = encodeBase64Json({
    success: true,
    transaction: `0x${'ab'.repeat(32)}`,
    network: version === 2 ? 'eip155:84532' : 'base-sepolia',
    payer: account.address,
  })
  return async (input, init) => {
    const request = new Request(input, init)
    const paid = request.headers.get('PAYMENT-SIGNATURE') ?? request.headers.get('X-PAYMENT')
    if (paid === null) return version === 2 ? v2Response() : v1Response()
    return new Response('{"data":1}', {
      status: 200,
      headers: {
        'content-type': 'application/json',
        [version === 2 ? 'PAYMENT-RESPONSE' : 'X-PAYMENT-RESPONSE']: settlement,
      },
    })
  }
}

function oursFetch(version: 1 | 2): typeof fetch {
  return createH402Fetch({
    evm: evmPayer(account),
    policy: { caps: stablecoinCaps('0.10') },
    fetch: inProcessServer(version),
  })
}

function x402Fetch(version: 1 | 2): typeof fetch {
  const client = new x402Client()
  if (version === 2) client.register('eip155:*', new ExactEvmScheme(account))
  else client.registerV1('base-sepolia', new ExactEvmSchemeV1(account))
  return wrapFetchWithPayment(inProcessServer(version), client)
}

const transferWithAuthorization = [
  { name: 'from', type: 'address' },
  { name: 'to', type: 'address' },
  { name: 'value', type: 'uint256' },
  { name: 'validAfter', type: 'uint256' },
  { name: 'validBefore', type: 'uint256' },
  { name: 'nonce', type: 'bytes32' },
] as const

/** The floor: one EIP-3009 signature with viem, nothing else. */
function rawSign(): Promise<Hex> {
  const nonce =
    `0x${Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString('hex')}` as Hex
  const now = BigInt(Math.floor(Date.now() / 1000))
  return account.signTypedData({
    domain: { name: 'USDC', version: '2', chainId: 84532, verifyingContract: USDC },
    types: { TransferWithAuthorization: transferWithAuthorization },
    primaryType: 'TransferWithAuthorization',
    message: {
      from: account.address,
      to: getAddress(PAY_TO),
      value: 10000n,
      validAfter: now - 600n,
      validBefore: now + 300n,
      nonce,
    },
  })
}

/** µs per call of `run`, timed over `iterations` calls after a warm-up. */
async function timeIt(iterations: number, run: () => unknown): Promise<number> {
  const start = performance.now()
  for (let i = 0; i < iterations; i++) await run()
  return ((performance.now() - start) * 1000) / iterations
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2
}

/** Each contender's median µs per call, and the median of its per-round ratios to a reference. */
interface Comparison {
  times: Record<string, number>
  /** Ratios to the `reference` given to {@link compare}. */
  ratios: Record<string, number>
  /** The median of `name`'s per-round ratios to `reference`'s. */
  ratio(name: string, reference: string): number
}

/**
 * Times each contender in turn, `rounds` times, and keeps each one's median round. The order is
 * reversed every other round: a contender that leaves garbage (the raw signature leaves the
 * most) makes the next one pay its collection, and a fixed order always billed the same one.
 * Each round's ratio to `reference` pairs two runs a few hundred ms apart, so a burst of load on
 * a shared machine moves both; the printed ratio is the median of those. The warm-up runs every
 * contender `warmUp` times first, so the JIT has compiled what each one runs (the engine has
 * more functions on the path than x402's client, and compiles them for a few thousand calls).
 */
async function compare(
  contenders: Record<string, () => unknown>,
  iterations: number,
  { rounds = 21, warmUp = iterations, reference = 'x402' } = {},
): Promise<Comparison> {
  const samples: Record<string, number[]> = {}
  for (const [name, run] of Object.entries(contenders)) {
    await timeIt(warmUp, run)
    samples[name] = []
  }
  const order = Object.entries(contenders)
  for (let round = 0; round < rounds; round++)
    for (const [name, run] of round % 2 ? [...order].reverse() : order)
      samples[name]!.push(await timeIt(iterations, run))
  const ratio = (name: string, to: string) =>
    median(samples[name]!.map((time, round) => time / samples[to]![round]!))
  return {
    times: Object.fromEntries(
      Object.entries(samples).map(([name, times]) => [name, median(times)]),
    ),
    ratios: Object.fromEntries(Object.keys(samples).map((name) => [name, ratio(name, reference)])),
    ratio,
  }
}

function printRow(label: string, micros: number, ratio: number | undefined, unit = 'µs') {
  const shown = ratio === undefined ? '' : `  ${ratio.toFixed(2)}× x402`
  console.log(
    `  ${label.padEnd(58)} ${micros.toFixed(unit === 'ms' ? 1 : 2).padStart(9)} ${unit}${shown}`,
  )
}

async function parsing(): Promise<void> {
  console.log('\nparse a 402 (µs per response, Response construction included for both)')
  const cases = {
    'x402 v2 header': v2Response,
    'x402 v1 body': v1Response,
  }
  const signal = new AbortController().signal
  for (const [name, response] of Object.entries(cases)) {
    const contenders: Record<string, () => unknown> = {
      ours: () => parsePaymentRequired(response()),
      // With a signal, as the engine passes each request's deadline to it.
      engine: () => parseOwnPaymentRequired(response(), { signal }),
      x402: () => x402Parse(response()),
      x402Clone: () => x402Parse(response().clone()),
    }
    if (name === 'x402 v2 header') contenders.decode = () => decodePaymentRequiredHeader(v2Header)
    const { times, ratios, ratio } = await compare(contenders, 600, { warmUp: 2000 })
    console.log(` ${name}`)
    // parsePaymentRequired leaves the caller's body readable. x402 has no such call: its caller
    // who needs the body afterwards parses a clone, so that is the like-for-like pair.
    printRow(
      'ours: parsePaymentRequired (body left readable)',
      times.ours!,
      ratio('ours', 'x402Clone'),
    )
    printRow('x402: as wrapFetchWithPayment parses, from a clone', times.x402Clone!, undefined)
    printRow(
      'ours: as createH402Fetch parses (body read once, a signal)',
      times.engine!,
      ratios.engine,
    )
    printRow('x402: as wrapFetchWithPayment parses', times.x402!, undefined)
    if (name === 'x402 v2 header')
      printRow('x402: decodePaymentRequiredHeader alone', times.decode!, undefined)
  }
}

async function payment(): Promise<void> {
  console.log('\nready 402 → payment header → paid response (µs per paid fetch, in-process server)')
  for (const version of [2, 1] as const) {
    const ours = oursFetch(version)
    const x402 = x402Fetch(version)
    // Both must pay, or the figures mean nothing.
    for (const [name, pay] of [
      ['ours', ours],
      ['x402', x402],
    ] as const) {
      const response = await pay(RESOURCE)
      if (response.status !== 200) throw new Error(`${name} did not pay the x402 v${version} 402`)
    }
    const { times, ratios } = await compare(
      {
        ours: () => ours(RESOURCE),
        x402: () => x402(RESOURCE),
        floor: rawSign,
      },
      60,
      { warmUp: 1000 },
    )
    console.log(` x402 v${version}`)
    printRow('ours: createH402Fetch + evmPayer', times.ours!, ratios.ours)
    printRow(
      `x402: wrapFetchWithPayment + ${version === 2 ? 'ExactEvmScheme' : 'ExactEvmSchemeV1'}`,
      times.x402!,
      undefined,
    )
    printRow('floor: viem signTypedData alone', times.floor!, ratios.floor)
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

async function importTime(runs = 9): Promise<void> {
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
  for (let run = 0; run < runs; run++)
    for (const [name, specifiers] of jobs) samples.get(name)!.push(await importOnce(specifiers))
  console.log(`\nimport time (ms, timed in each of ${runs} fresh node processes, median)`)
  for (const [label, ours, theirs] of pairs) {
    const mine = median(samples.get(`ours ${label}`)!)
    const their = median(samples.get(`x402 ${label}`)!)
    console.log(` ${label}`)
    printRow(`ours: ${ours.join(' + ')}`, mine, mine / their, 'ms')
    printRow(`x402: ${theirs.join(' + ')}`, their, undefined, 'ms')
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
