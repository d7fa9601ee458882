import { spawn } from 'node:child_process'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { encodeBase64Json } from '../../src/core/codec/base64Json.js'

// "No timer outlives a call": a Node script exits as soon as its paid fetch resolves, instead
// of waiting for a balance timeout, a request deadline or a resend delay. Run against the build,
// in a child process, as a user's script would.
const root = join(import.meta.dirname, '../..')
const USDC = '0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913'
const SEPOLIA_USDC = '0x036CbD53842c5426634e7929541eC2318f3dCF7e'
const PAY = '0x209693Bc6afc0C5328bA36FaF03C514EF312287C'
let server: Server
let origin: string

beforeAll(async () => {
  server = createServer((request, response) => {
    request.resume()
    request.on('end', () => {
      if (request.headers['payment-signature']) {
        response.writeHead(200, { 'content-type': 'text/plain' })
        return response.end('paid')
      }
      const accepts = [
        ['eip155:8453', USDC],
        ['eip155:84532', SEPOLIA_USDC],
      ].map(([network, asset]) => ({
        scheme: 'exact',
        network,
        amount: '10000',
        asset,
        payTo: PAY,
        maxTimeoutSeconds: 60,
        extra: { name: 'USD Coin', version: '2' },
      }))
      const document = { x402Version: 2, resource: { url: `${origin}/r` }, accepts }
      response.writeHead(402, { 'PAYMENT-REQUIRED': encodeBase64Json(document) })
      response.end('{}')
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})

afterAll(async () => {
  server.closeAllConnections()
  await new Promise((resolve) => server.close(resolve))
})

test('a script exits as soon as its paid fetch resolves', async () => {
  // Two payable options, so balances are read (and raced against their 5 s timeout).
  const script = `
    import { createH402Fetch, stablecoinCaps } from '@h402/paywall/core'
    import { mockPayer } from '@h402/paywall/testing'
    const evm = mockPayer({ balance: 10n ** 9n })
    const fetch = createH402Fetch({ evm, policy: { caps: stablecoinCaps('0.10') } })
    const response = await fetch(${JSON.stringify(`${origin}/r`)})
    console.log(response.status, await response.text(), Date.now())
  `
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], { cwd: root })
  let output = ''
  child.stdout.on('data', (chunk) => {
    output += chunk
  })
  child.stderr.on('data', (chunk) => {
    output += chunk
  })
  const exitedAt = await new Promise<number>((resolve) =>
    child.on('exit', () => resolve(Date.now())),
  )
  const [status, body, resolvedAt] = output.trim().split(' ')
  expect([status, body]).toEqual(['200', 'paid'])
  expect(exitedAt - Number(resolvedAt)).toBeLessThan(1000)
}, 20_000)
