import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { Connection, Keypair, SystemProgram } from '@solana/web3.js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { H402Error } from '../core/errors/base.js'
import { ChainRequestError } from '../core/errors/wallet.js'
import { solanaNetworkIds } from '../core/networks/networks.js'
import type { PaymentOption } from '../core/types.js'
import { solanaPayer } from './solanaPayer.js'

// A Solana RPC that fails in the ways real ones do; `mode` is the path of the request URL.
const answers: Record<string, (id: unknown) => { status: number; body: string }> = {
  unavailable: () => ({ status: 503, body: 'Service Unavailable' }),
  garbage: () => ({ status: 200, body: '<html>cloudflare</html>' }),
  'rpc-error': (id) => ({
    status: 200,
    body: JSON.stringify({
      jsonrpc: '2.0',
      id,
      error: { code: -32005, message: 'Node is behind' },
    }),
  }),
  'wrong-shape': (id) => ({
    status: 200,
    body: JSON.stringify({ jsonrpc: '2.0', id, result: { unexpected: true } }),
  }),
}

let server: Server
let origin: string

beforeAll(async () => {
  server = createServer((request, response) => {
    let body = ''
    request.on('data', (chunk) => {
      body += chunk
    })
    request.on('end', () => {
      let id: unknown = null
      try {
        id = (JSON.parse(body) as { id?: unknown }).id ?? null
      } catch {
        // Not JSON: answer anyway.
      }
      const answer = answers[request.url!.slice(1)]!(id)
      response.writeHead(answer.status, { 'content-type': 'application/json' })
      response.end(answer.body)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

const network = {
  id: solanaNetworkIds.devnet,
  namespace: 'solana' as const,
  name: 'Solana Devnet',
  testnet: true,
}
const payTo = Keypair.generate().publicKey.toBase58()
const sol: PaymentOption = {
  id: 'sol',
  protocol: 'h402-v1',
  scheme: 'exact',
  network,
  asset: { address: SystemProgram.programId.toBase58(), native: true, decimals: 9 },
  amount: 1_000_000n,
  payTo,
  resource: 'https://example.com/paid',
  supported: true,
  raw: {},
}
const usdc: PaymentOption = {
  ...sol,
  id: 'usdc',
  protocol: 'x402-v2',
  asset: { address: Keypair.generate().publicKey.toBase58(), native: false, decimals: 6 },
  extra: { feePayer: Keypair.generate().publicKey.toBase58() },
}

describe.each(Object.keys(answers))('solanaPayer over an RPC answering %s', (mode) => {
  const payer = () =>
    solanaPayer(Keypair.generate(), {
      connection: new Connection(`${origin}/${mode}`, 'confirmed'),
      networks: [network.id],
    })
  const context = {
    paymentRequired: { protocol: 'h402-v1' as const, options: [], receivedAt: Date.now(), raw: {} },
    now: () => Math.floor(Date.now() / 1000),
  }

  it.each([
    ['getBalance', () => payer().getBalance(sol)],
    ['getBalance (token)', () => payer().getBalance(usdc)],
    ['createPayment (h402 SOL)', () => payer().createPayment(sol, context)],
    ['createPayment (x402)', () => payer().createPayment(usdc, context)],
    ['describeOption', () => payer().describeOption(usdc)],
    [
      'checkPayment',
      () =>
        payer().checkPayment(
          sol,
          {
            kind: 'transaction',
            payload: {},
            payer: payTo,
            transaction: '1'.repeat(64),
            lastValidBlockHeight: 10,
          },
          context,
        ),
    ],
    [
      'the cluster check',
      () =>
        solanaPayer(Keypair.generate(), {
          connection: new Connection(`${origin}/${mode}`, 'confirmed'),
        }).createPayment(sol, context),
    ],
  ])('%s rejects with a retryable ChainRequestError', async (_name, call) => {
    const error = await call().catch((e: unknown) => e)
    expect(error).toBeInstanceOf(H402Error)
    expect(error).toBeInstanceOf(ChainRequestError)
    expect((error as ChainRequestError).userAction).toBe('retry')
    expect((error as ChainRequestError).cause).toBeDefined()
  })
})
