import { erc20Abi, parseUnits } from 'viem'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { decodeBase64Json } from './common/encoding.js'
import { createEvmPayer, devnetPublicClient, type EvmPayer } from './evm/index.js'
import { type Facilitator, startFacilitator } from './facilitator/index.js'
import { paymentHeader, signEip3009 } from './payloads.js'
import { type DemoServer, startDemoServer } from './server/index.js'

const devnet = inject('devnet')
const { evm } = devnet
const client = devnetPublicClient(evm.rpcUrl)
const usdcOf = (owner: `0x${string}`) =>
  client.readContract({
    address: evm.usdc,
    abi: erc20Abi,
    functionName: 'balanceOf',
    args: [owner],
  })

/** Fetches the route's x402 v2 402 and signs a matching PAYMENT-SIGNATURE header. */
async function payV2(serverUrl: string, path: string, payer: EvmPayer) {
  const unpaid = await fetch(`${serverUrl}${path}`)
  expect(unpaid.status).toBe(402)
  const required = decodeBase64Json(unpaid.headers.get('PAYMENT-REQUIRED') ?? '') as {
    resource: unknown
    accepts: { amount: string; maxTimeoutSeconds: number }[]
  }
  const accepted = required.accepts[0]
  if (!accepted) throw new Error('no accepts')
  const payload = await signEip3009(payer.account, {
    token: evm.usdc,
    chainId: evm.chainId,
    to: evm.payTo,
    value: BigInt(accepted.amount),
    validBefore: BigInt(Math.floor(Date.now() / 1000) + accepted.maxTimeoutSeconds),
  })
  return {
    accepted,
    header: paymentHeader({ x402Version: 2, resource: required.resource, accepted, payload }),
  }
}

describe('demo server', () => {
  it('answers 402 exactly as each dialect does, with CORS headers exposed', async () => {
    const v2 = await fetch(`${devnet.serverUrl}/x402v2/evm/usdc`, {
      headers: { Origin: 'http://app.example' },
    })
    expect(v2.status).toBe(402)
    expect(await v2.json()).toEqual({})
    expect(v2.headers.get('Access-Control-Allow-Origin')).toBe('http://app.example')
    expect(v2.headers.get('Access-Control-Expose-Headers')).toBe(
      'PAYMENT-REQUIRED, PAYMENT-RESPONSE, X-PAYMENT-RESPONSE',
    )
    expect(decodeBase64Json(v2.headers.get('PAYMENT-REQUIRED') ?? '')).toEqual({
      x402Version: 2,
      error: 'Payment required',
      resource: {
        url: `${devnet.serverUrl}/x402v2/evm/usdc`,
        description: 'x402 v2, EVM, USDC (EIP-3009)',
        mimeType: 'application/json',
      },
      accepts: [
        {
          scheme: 'exact',
          network: 'eip155:31337',
          amount: '10000',
          asset: evm.usdc,
          payTo: evm.payTo,
          maxTimeoutSeconds: 60,
          extra: { name: 'USD Coin', version: '2' },
        },
      ],
    })

    const v1 = await fetch(`${devnet.serverUrl}/x402v1/multi`)
    expect(v1.status).toBe(402)
    const v1Body = (await v1.json()) as { accepts: unknown[] }
    expect(v1Body).toMatchObject({ x402Version: 1, error: 'X-PAYMENT header is required' })
    expect(v1Body.accepts.map((a) => (a as { network: string }).network)).toEqual([
      'hardhat',
      'solana-devnet',
    ])

    const h402 = await fetch(`${devnet.serverUrl}/h402/multi`)
    const text = await h402.text()
    // amountRequired is a JSON number, as h402 sends it.
    expect(text).toContain('"amountRequired":0.01,"amountRequiredFormat":"humanReadable"')
    const h402Body = JSON.parse(text) as { h402Version: number; accepts: { tokenSymbol: string }[] }
    expect(h402Body.h402Version).toBe(1)
    expect(h402Body.accepts.map((a) => a.tokenSymbol)).toEqual([
      'USDC',
      'USDT',
      'ETH',
      'SOL',
      'USDC',
    ])

    const preflight = await fetch(`${devnet.serverUrl}/x402v2/evm/usdc`, {
      method: 'OPTIONS',
      headers: {
        Origin: 'http://app.example',
        'Access-Control-Request-Headers': 'payment-signature',
      },
    })
    expect(preflight.status).toBe(204)
    expect(preflight.headers.get('Access-Control-Allow-Headers')).toBe('payment-signature')
  })

  it('keeps the method and body of a paid POST, and refuses an `accepted` that is not one of `accepts`', async () => {
    const payer = await createEvmPayer(evm)
    const { accepted, header } = await payV2(devnet.serverUrl, '/x402v2/evm/usdc', payer)
    const tampered = paymentHeader({
      ...(decodeBase64Json(header) as Record<string, unknown>),
      accepted: { ...accepted, amount: '1' },
    })
    const refused = await fetch(`${devnet.serverUrl}/x402v2/evm/usdc`, {
      headers: { 'PAYMENT-SIGNATURE': tampered },
    })
    expect(refused.status).toBe(402)
    expect(decodeBase64Json(refused.headers.get('PAYMENT-REQUIRED') ?? '')).toMatchObject({
      error: 'No matching payment requirements',
    })

    const paid = await fetch(`${devnet.serverUrl}/x402v2/evm/usdc`, {
      method: 'POST',
      headers: { 'PAYMENT-SIGNATURE': header, 'Content-Type': 'application/json' },
      body: JSON.stringify({ prompt: 'a cat' }),
    })
    expect(paid.status).toBe(200)
    expect(await paid.json()).toMatchObject({
      paid: true,
      method: 'POST',
      contentType: 'application/json',
      body: '{"prompt":"a cat"}',
      payer: payer.address,
    })
    expect(decodeBase64Json(paid.headers.get('PAYMENT-RESPONSE') ?? '')).toMatchObject({
      success: true,
      network: 'eip155:31337',
      payer: payer.address,
    })
  })

  it('drops the connection before settling (nothing paid) or after (paid), or answers 500 after settling', async () => {
    const payer = await createEvmPayer(evm)
    const start = await usdcOf(payer.address)

    const before = await payV2(devnet.serverUrl, '/fault/drop-before-settle/x402v2/evm/usdc', payer)
    await expect(
      fetch(`${devnet.serverUrl}/fault/drop-before-settle/x402v2/evm/usdc`, {
        headers: { 'PAYMENT-SIGNATURE': before.header },
      }),
    ).rejects.toThrow()
    expect(await usdcOf(payer.address)).toBe(start)

    const after = await payV2(devnet.serverUrl, '/fault/drop-after-settle/x402v2/evm/usdc', payer)
    await expect(
      fetch(`${devnet.serverUrl}/fault/drop-after-settle/x402v2/evm/usdc`, {
        headers: { 'PAYMENT-SIGNATURE': after.header },
      }),
    ).rejects.toThrow()
    expect(await usdcOf(payer.address)).toBe(start - 10000n)

    const error = await payV2(devnet.serverUrl, '/fault/error-after-settle/x402v2/evm/usdc', payer)
    const answer = await fetch(`${devnet.serverUrl}/fault/error-after-settle/x402v2/evm/usdc`, {
      headers: { 'PAYMENT-SIGNATURE': error.header },
    })
    expect(answer.status).toBe(500)
    expect(answer.headers.get('PAYMENT-RESPONSE')).toBeNull()
    expect(await usdcOf(payer.address)).toBe(start - 20000n)
  })

  it('offers short quotes and redirects to another origin', async () => {
    const short = await fetch(`${devnet.serverUrl}/fault/short-timeout/x402v2/evm/usdc`)
    expect(decodeBase64Json(short.headers.get('PAYMENT-REQUIRED') ?? '')).toMatchObject({
      accepts: [{ maxTimeoutSeconds: 10 }],
    })

    const redirect = await fetch(`${devnet.serverUrl}/redirect/x402v2/evm/usdc`, {
      redirect: 'manual',
    })
    expect(redirect.status).toBe(307)
    expect(redirect.headers.get('Location')).toBe(`${devnet.otherOriginUrl}/x402v2/evm/usdc`)

    const payer = await createEvmPayer(evm)
    const { header } = await payV2(
      devnet.serverUrl,
      '/fault/redirect-after-payment/x402v2/evm/usdc',
      payer,
    )
    const paid = await fetch(`${devnet.serverUrl}/fault/redirect-after-payment/x402v2/evm/usdc`, {
      headers: { 'PAYMENT-SIGNATURE': header },
      redirect: 'manual',
    })
    expect(paid.status).toBe(307)
    expect(paid.headers.get('Location')).toBe(`${devnet.otherOriginUrl}/free`)

    // The request log shows which headers each origin received.
    await fetch(`${devnet.otherOriginUrl}/free`, { headers: { 'X-Probe': '1' } })
    const log = (await (await fetch(`${devnet.serverUrl}/_requests`)).json()) as {
      origin: string
      headers: Record<string, string>
    }[]
    expect(log.some((r) => r.origin === 'other' && r.headers['x-probe'] === '1')).toBe(true)
  })
})

describe('a server and facilitator of its own, with faults', () => {
  let facilitator: Facilitator
  let server: DemoServer

  beforeAll(async () => {
    facilitator = await startFacilitator({
      evm: { rpcUrl: evm.rpcUrl, chainId: evm.chainId, facilitatorKey: evm.facilitatorKey },
      solana: {
        rpcUrl: devnet.solana.rpcUrl,
        network: devnet.solana.network,
        feePayerSecret: devnet.solana.feePayer.secretKey,
      },
    })
    server = await startDemoServer({ facilitatorUrl: facilitator.url, evm, solana: devnet.solana })
  })
  afterAll(async () => {
    await server?.stop()
    await facilitator?.stop()
  })

  it('reports a settlement failure in PAYMENT-RESPONSE and moves nothing', async () => {
    facilitator.faults.failSettleAfterVerify = 'injected_failure'
    const payer = await createEvmPayer(evm)
    const { header } = await payV2(server.url, '/x402v2/evm/usdc', payer)
    const answer = await fetch(`${server.url}/x402v2/evm/usdc`, {
      headers: { 'PAYMENT-SIGNATURE': header },
    })
    expect(answer.status).toBe(402)
    expect(decodeBase64Json(answer.headers.get('PAYMENT-RESPONSE') ?? '')).toMatchObject({
      success: false,
      errorReason: 'injected_failure',
      transaction: '',
      network: 'eip155:31337',
    })
    expect(await usdcOf(payer.address)).toBe(parseUnits('100', 6))
    expect(facilitator.log.map((e) => [e.endpoint, e.ok])).toEqual([
      ['verify', true],
      ['settle', false],
    ])
  })
})
