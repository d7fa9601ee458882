import fc from 'fast-check'
import { describe, expect, test, vi } from 'vitest'
import {
  fixtureResponse,
  loadPaymentRequiredFixtures,
  type PaymentRequiredFixture,
} from '../../test/fixtures/loadFixtures.js'
import { encodeBase64Json } from './codec/base64Json.js'
import { H402Error } from './errors/base.js'
import { parseOwnPaymentRequired, parsePaymentRequired } from './parsePaymentRequired.js'
import { deadline } from './session/deadline.js'
import type { PaymentOption, PaymentRequired } from './types.js'

const fixtures = loadPaymentRequiredFixtures()

function optionView(option: PaymentOption, expected: Record<string, unknown>) {
  const view: Record<string, unknown> = {
    network: option.network.id,
    namespace: option.network.namespace,
    chainId: option.network.chainId,
    testnet: option.network.testnet,
    name: option.network.name,
    asset: option.asset.address,
    symbol: option.asset.symbol ?? null,
    decimals: option.asset.decimals ?? null,
    native: option.asset.native,
    eip712: option.asset.eip712,
    amount: option.amount.toString(),
    payTo: option.payTo,
    supported: option.supported,
    maxTimeoutSeconds: option.maxTimeoutSeconds,
    description: option.description,
    resource: option.resource,
    scheme: option.scheme,
    extra: option.extra,
    reason: option.unsupportedReason,
    rawHas: Object.keys(option.raw ?? {}).find((key) => key === expected.rawHas),
  }
  return Object.fromEntries(Object.keys(expected).map((key) => [key, view[key]]))
}

function expectParse(parsed: PaymentRequired, fixture: PaymentRequiredFixture) {
  const { options: expectedOptions, ...top } = fixture.expect as {
    options: Record<string, unknown>[]
  } & Record<string, unknown>
  expect(parsed).toMatchObject(top)
  expect(parsed.options).toHaveLength(expectedOptions.length)
  parsed.options.forEach((option, index) => {
    const expected = expectedOptions[index]!
    const { reason, ...exact } = expected
    expect(optionView(option, exact), `option ${index}`).toEqual(exact)
    if (reason !== undefined) expect(option.unsupportedReason, `option ${index}`).toContain(reason)
    if (option.supported) expect(option.unsupportedReason).toBeUndefined()
    else expect(option.unsupportedReason).toBeTruthy()
  })
}

describe('the fixture corpus', () => {
  test('has at least 30 valid and 15 malformed responses', () => {
    expect(fixtures.filter((f) => f.kind === 'valid').length).toBeGreaterThanOrEqual(30)
    expect(fixtures.filter((f) => f.kind === 'malformed').length).toBeGreaterThanOrEqual(15)
  })

  test.each(fixtures.map((f) => [f.file, f] as const))('%s', async (_file, fixture) => {
    const result = await parsePaymentRequired(fixtureResponse(fixture)).then(
      (value) => ({ value }),
      (error: unknown) => ({ error }),
    )
    if (typeof fixture.expect.error === 'string' && !('protocol' in fixture.expect)) {
      expect('error' in result, 'must reject').toBe(true)
      const error = (result as { error: H402Error }).error
      expect(error).toBeInstanceOf(H402Error)
      expect(error.name).toBe(fixture.expect.error)
      if (fixture.expect.code) expect(error.code).toBe(fixture.expect.code)
      if (fixture.expect.details) expect(error.details).toContain(fixture.expect.details)
      return
    }
    if ('error' in result) throw result.error
    expectParse(result.value, fixture)
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })
})

describe('parsePaymentRequired', () => {
  const base = {
    scheme: 'exact',
    network: 'eip155:8453',
    amount: '10000',
    asset: '0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913',
    payTo: '0x209693Bc6afc0C5328bA36FaF03C514EF312287C',
    maxTimeoutSeconds: 60,
    extra: { name: 'USD Coin', version: '2' },
  }

  test('keeps each server entry untouched in raw, for the x402 v2 echo', async () => {
    const entry = { ...base, extra: { ...base.extra, custom: [1, { deep: true }] }, vendor: 'x' }
    const document = { x402Version: 2, resource: { url: 'https://a.example/r' }, accepts: [entry] }
    const parsed = await parsePaymentRequired(
      new Response('{}', {
        status: 402,
        headers: { 'payment-required': encodeBase64Json(document) },
      }),
    )
    expect(parsed.options[0]!.raw).toStrictEqual(entry)
    expect(parsed.raw).toStrictEqual(document)
  })

  test('reads a fractional maxTimeoutSeconds as whole seconds; under a second is unpayable', async () => {
    const document = {
      x402Version: 2,
      resource: { url: 'https://a.example/r' },
      accepts: [
        { ...base, maxTimeoutSeconds: 30.7 },
        { ...base, payTo: '0x1111111111111111111111111111111111111111', maxTimeoutSeconds: 0.5 },
      ],
    }
    const { options } = await parsePaymentRequired(
      new Response('{}', {
        status: 402,
        headers: { 'payment-required': encodeBase64Json(document) },
      }),
    )
    expect(options.map((option) => [option.maxTimeoutSeconds, option.supported])).toEqual([
      [30, true],
      [0, false],
    ])
    // The raw entry, echoed to the server, is untouched.
    expect((options[0]!.raw as { maxTimeoutSeconds: number }).maxTimeoutSeconds).toBe(30.7)
  })

  test('reads 64 entries and refuses 65', async () => {
    const read = (count: number) =>
      parsePaymentRequired(
        new Response('{}', {
          status: 402,
          headers: {
            'PAYMENT-REQUIRED': encodeBase64Json({
              x402Version: 2,
              resource: { url: 'https://a.example/r' },
              accepts: Array.from({ length: count }, () => base),
            }),
          },
        }),
      )
    expect((await read(64)).options).toHaveLength(64)
    await expect(read(65)).rejects.toMatchObject({ name: 'InvalidPaymentRequiredError' })
  })

  test('h402 tokenDecimals: 255 is read, 256 makes the entry malformed', async () => {
    const entry = (tokenDecimals: number) => ({
      scheme: 'exact',
      namespace: 'evm',
      networkId: '56',
      amountRequired: '1',
      amountRequiredFormat: 'smallestUnit',
      tokenAddress: '0x1111111111111111111111111111111111111111',
      tokenDecimals,
      payToAddress: '0xd78d20FB910794df939eB2A758B367d7224733bc',
    })
    const { options } = await parsePaymentRequired(
      new Response(JSON.stringify({ h402Version: 1, accepts: [entry(255), entry(256)] }), {
        status: 402,
      }),
    )
    expect(options[0]!.asset.decimals).toBe(255)
    expect(options[1]).toMatchObject({
      supported: false,
      unsupportedReason: expect.stringContaining('tokenDecimals'),
    })
  })

  test('an h402 human-readable amount above uint256 is an unsupported option', async () => {
    const entry = {
      scheme: 'exact',
      namespace: 'evm',
      networkId: '56',
      amountRequired: `1${'0'.repeat(70)}`,
      amountRequiredFormat: 'humanReadable',
      tokenAddress: '0x55d398326f99059fF775485246999027B3197955',
      tokenDecimals: 18,
      payToAddress: '0xd78d20FB910794df939eB2A758B367d7224733bc',
    }
    const { options } = await parsePaymentRequired(
      new Response(JSON.stringify({ h402Version: 1, accepts: [entry] }), { status: 402 }),
    )
    expect(options[0]).toMatchObject({
      supported: false,
      unsupportedReason: expect.stringContaining('larger than any token can hold'),
    })
  })

  test('an abort while the body is read rejects with the abort, not an invalid 402', async () => {
    const controller = new AbortController()
    const body = new ReadableStream({ pull: () => new Promise(() => {}) })
    const parsing = parsePaymentRequired(new Response(body, { status: 402 }), {
      signal: controller.signal,
    })
    controller.abort()
    await expect(parsing).rejects.toMatchObject({ name: 'AbortError' })
  })

  // Only an amount written as a JSON number makes the parse read the text's numbers exactly.
  test('an amount written as a JSON number beyond a double is read exactly, in each dialect', async () => {
    const amount = '12345678901234567891'
    const payTo = '0x209693Bc6afc0C5328bA36FaF03C514EF312287C'
    const asset = '0x036CbD53842c5426634e7929541eC2318f3dCF7e'
    const v1 = `{"x402Version":1,"accepts":[{"scheme":"exact","network":"base-sepolia","maxAmountRequired":${amount},"payTo":"${payTo}","asset":"${asset}"}]}`
    const h402 = `{"h402Version":1,"accepts":[{"scheme":"exact","namespace":"evm","networkId":"8453","amountRequired":${amount},"amountRequiredFormat":"smallestUnit","tokenAddress":"${asset}","payToAddress":"${payTo}"}]}`
    const v2 = `{"x402Version":2,"accepts":[{"scheme":"exact","network":"eip155:84532","amount":${amount},"payTo":"${payTo}","asset":"${asset}","maxTimeoutSeconds":300}]}`
    for (const body of [v1, h402, v2]) {
      const { options } = await parseOwnPaymentRequired(new Response(body, { status: 402 }))
      expect(options[0]?.amount, body).toBe(BigInt(amount))
    }
  })

  test('prefers the PAYMENT-REQUIRED header over a body of another dialect', async () => {
    const header = encodeBase64Json({ x402Version: 2, accepts: [base] })
    const body = JSON.stringify({ x402Version: 1, accepts: [] })
    const parsed = await parsePaymentRequired(
      new Response(body, { status: 402, headers: { 'PAYMENT-REQUIRED': header } }),
    )
    expect(parsed.protocol).toBe('x402-v2')
  })

  test('reads the legacy X-PAYMENT-REQUIRED header when PAYMENT-REQUIRED is absent', async () => {
    const header = encodeBase64Json({ x402Version: 2, accepts: [base] })
    const parsed = await parsePaymentRequired(
      new Response('{}', { status: 402, headers: { 'X-PAYMENT-REQUIRED': header } }),
    )
    expect(parsed.protocol).toBe('x402-v2')
    expect(parsed.options).toHaveLength(1)
  })

  test('leaves the response body readable for the caller', async () => {
    const response = new Response(JSON.stringify({ x402Version: 1, accepts: [] }), { status: 402 })
    await expect(parsePaymentRequired(response)).rejects.toThrow(H402Error)
    expect(await response.json()).toEqual({ x402Version: 1, accepts: [] })
  })

  test('gives duplicate entries distinct, stable ids', async () => {
    const document = { x402Version: 2, accepts: [base, base, { ...base, amount: '20000' }] }
    const response = () =>
      new Response('{}', {
        status: 402,
        headers: { 'PAYMENT-REQUIRED': encodeBase64Json(document) },
      })
    const first = await parsePaymentRequired(response())
    const second = await parsePaymentRequired(response())
    const ids = first.options.map((option) => option.id)
    expect(new Set(ids).size).toBe(3)
    expect(second.options.map((option) => option.id)).toEqual(ids)
  })

  test('records when the quote was received', async () => {
    const before = Date.now()
    const parsed = await parsePaymentRequired(
      new Response(JSON.stringify({ x402Version: 1, accepts: [{ ...base, network: 'base' }] }), {
        status: 402,
      }),
    )
    expect(parsed.receivedAt).toBeGreaterThanOrEqual(before)
    expect(parsed.receivedAt).toBeLessThanOrEqual(Date.now())
  })

  test('lets the app add networks and tokens it knows', async () => {
    const document = {
      x402Version: 2,
      accepts: [
        { ...base, network: 'eip155:777', asset: '0x1111111111111111111111111111111111111111' },
      ],
    }
    const response = () =>
      new Response('{}', {
        status: 402,
        headers: { 'PAYMENT-REQUIRED': encodeBase64Json(document) },
      })
    expect((await parsePaymentRequired(response())).options[0]!.supported).toBe(false)
    const parsed = await parsePaymentRequired(response(), {
      networks: [
        {
          id: 'eip155:777',
          namespace: 'evm',
          chainId: 777,
          name: 'Chain 777',
          testnet: true,
          x402Names: ['chain-777'],
          nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
        },
      ],
      tokens: [
        {
          network: 'eip155:777',
          address: '0x1111111111111111111111111111111111111111',
          symbol: 'TST',
          decimals: 6,
          usd: false,
        },
      ],
    })
    expect(parsed.options[0]).toMatchObject({
      supported: true,
      network: { name: 'Chain 777', chainId: 777 },
      asset: { symbol: 'TST', decimals: 6 },
    })
  })
})

describe('parseOwnPaymentRequired (the engine reads the body itself, not a clone)', () => {
  const v1 = JSON.stringify({
    x402Version: 1,
    accepts: [
      {
        scheme: 'exact',
        network: 'base-sepolia',
        maxAmountRequired: '10000',
        payTo: '0x209693Bc6afc0C5328bA36FaF03C514EF312287C',
        asset: '0x036CbD53842c5426634e7929541eC2318f3dCF7e',
      },
    ],
  })
  const empty = 'The 402 has no requirements header and an empty body.'

  test('reads a fresh body', async () => {
    const parsed = await parseOwnPaymentRequired(new Response(v1, { status: 402 }))
    expect(parsed.options[0]?.amount).toBe(10000n)
  })

  test('reads a subclass of ReadableStream through its own getReader', async () => {
    // A plain stream's getReader is called from ReadableStream's prototype (faster in Node 20);
    // a subclass's may do more, and is asked itself.
    const asked: string[] = []
    class Logged extends ReadableStream<Uint8Array> {}
    const plain = ReadableStream.prototype.getReader
    Object.defineProperty(Logged.prototype, 'getReader', {
      value(this: ReadableStream) {
        asked.push('subclass')
        return plain.call(this)
      },
    })
    const bytes = new TextEncoder().encode(v1)
    const body = new Logged({
      start(controller) {
        controller.enqueue(bytes)
        controller.close()
      },
    })
    const parsed = await parseOwnPaymentRequired(new Response(body, { status: 402 }))
    expect(parsed.options[0]?.amount).toBe(10000n)
    expect(asked).toEqual(['subclass'])
  })

  // The engine reads with its request deadline's onAbort: no listener of the read's own.
  test.each([
    ['while the body is read', false],
    ['before the read', true],
  ])('with onAbort, an abort %s rejects with it and cancels the body', async (_, early) => {
    let cancelled: unknown
    const body = new ReadableStream<Uint8Array>({
      pull: () => new Promise(() => {}),
      cancel: (reason) => {
        cancelled = reason
      },
    })
    const limit = deadline(Infinity, [])
    const listen = vi.spyOn(limit.signal, 'addEventListener')
    const reason = new Error('stop')
    if (early) limit.abort(reason)
    const parsing = parseOwnPaymentRequired(new Response(body, { status: 402 }), {
      signal: limit.signal,
      onAbort: limit.onAbort,
    })
    if (!early) {
      await new Promise((resolve) => setTimeout(resolve, 0))
      limit.abort(reason)
    }
    await expect(parsing).rejects.toBe(reason)
    expect(cancelled).toBe(reason)
    expect(listen).not.toHaveBeenCalled()
    limit.clear()
  })

  // Each of these is refused the same way whether the body is read itself or from a clone.
  test.each([
    ['read to its end', (response: Response) => response.text(), empty],
    ['cancelled', (response: Response) => response.body?.cancel(), empty],
    [
      'locked by a reader that read nothing',
      (response: Response) => void response.body?.getReader(),
      'The payment requirements could not be read.',
    ],
  ])('a body %s is refused as parsePaymentRequired refuses it', async (_, use, details) => {
    const own = new Response(v1, { status: 402 })
    const cloned = new Response(v1, { status: 402 })
    await use(own)
    await use(cloned)
    await expect(parseOwnPaymentRequired(own)).rejects.toMatchObject({
      name: 'InvalidPaymentRequiredError',
      details,
    })
    await expect(parsePaymentRequired(cloned)).rejects.toMatchObject({
      name: 'InvalidPaymentRequiredError',
      details,
    })
  })
})

describe('parsePaymentRequired on arbitrary input', () => {
  const settle = (response: Response) =>
    parsePaymentRequired(response).then(
      () => undefined,
      (error: unknown) => {
        expect(error).toBeInstanceOf(H402Error)
      },
    )

  test('only resolves or rejects with an H402Error, for arbitrary bytes', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ maxLength: 2048 }),
        fc.constantFrom(200, 402, 412),
        (bytes, status) => settle(new Response(bytes, { status })),
      ),
      { numRuns: 300 },
    )
  })

  test('only resolves or rejects with an H402Error, for arbitrary JSON in body or header', async () => {
    const entry = fc.oneof(
      fc.jsonValue(),
      fc.record(
        {
          scheme: fc.oneof(fc.constant('exact'), fc.string()),
          network: fc.oneof(
            fc.constantFrom('base', 'eip155:8453', 'solana', '56', 'mainnet'),
            fc.jsonValue(),
          ),
          namespace: fc.constantFrom('evm', 'solana', 'x'),
          networkId: fc.oneof(fc.constantFrom('56', 'mainnet'), fc.jsonValue()),
          amount: fc.oneof(fc.bigInt().map(String), fc.double(), fc.jsonValue()),
          maxAmountRequired: fc.oneof(fc.bigInt().map(String), fc.jsonValue()),
          amountRequired: fc.oneof(fc.double(), fc.string()),
          amountRequiredFormat: fc.constantFrom('humanReadable', 'smallestUnit', 'x'),
          tokenDecimals: fc.oneof(fc.integer({ min: -5, max: 300 }), fc.jsonValue()),
          asset: fc.oneof(fc.string(), fc.jsonValue()),
          tokenAddress: fc.string(),
          payTo: fc.oneof(fc.string(), fc.jsonValue()),
          payToAddress: fc.string(),
          maxTimeoutSeconds: fc.jsonValue(),
          extra: fc.jsonValue(),
        },
        { requiredKeys: [] },
      ),
    )
    const document = fc.record(
      {
        x402Version: fc.oneof(fc.constantFrom(1, 2), fc.jsonValue()),
        h402Version: fc.oneof(fc.constant(1), fc.jsonValue()),
        accepts: fc.oneof(fc.array(entry, { maxLength: 5 }), fc.jsonValue()),
        resource: fc.jsonValue(),
        error: fc.jsonValue(),
        extensions: fc.jsonValue(),
      },
      { requiredKeys: [] },
    )
    await fc.assert(
      fc.asyncProperty(document, fc.boolean(), async (doc, inHeader) => {
        const response = inHeader
          ? new Response('{}', {
              status: 402,
              headers: { 'PAYMENT-REQUIRED': encodeBase64Json(doc) },
            })
          : new Response(JSON.stringify(doc), { status: 402 })
        await settle(response)
      }),
      { numRuns: 500 },
    )
  })
})
