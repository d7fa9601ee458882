import { encodeAbiParameters } from 'viem'
import { describe, expect, test } from 'vitest'
import { UnsupportedOptionError } from '../core/errors/policy.js'
import type { PaymentOption } from '../core/types.js'
import type { ChainReader } from './createChainReader.js'
import { createProbeCache, noProbeCache } from './probeContract.js'
import { fakeEvmNode, selectors } from './test/fakeEvmNode.js'
import { verifyTokenDecimals } from './verifyTokenDecimals.js'

const unknownToken = '0x1111111111111111111111111111111111111111'
const baseUsdc = '0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913'

function option(asset: Partial<PaymentOption['asset']>): PaymentOption {
  return {
    id: 'h402',
    protocol: 'h402-v1',
    scheme: 'exact',
    network: { id: 'eip155:8453', namespace: 'evm', chainId: 8453, name: 'Base', testnet: false },
    asset: { address: unknownToken, native: false, ...asset },
    amount: 1n,
    payTo: '0x0000000000000000000000000000000000000002',
    supported: true,
    raw: {},
  }
}

/** A Base node whose token says `decimals` (or nothing), as the reader of an evmPayer. */
function chain(decimals: number | undefined) {
  const node = fakeEvmNode(8453)
  if (decimals !== undefined)
    node.calls[selectors.decimals] = () => encodeAbiParameters([{ type: 'uint8' }], [decimals])
  const reader: ChainReader = { has: (id) => id === 8453, get: async () => node.client }
  return { node, reader }
}

const noReader: ChainReader = {
  has: () => false,
  get: () => Promise.reject(new Error('no reads')),
}

async function refusal(run: Promise<unknown>): Promise<string | undefined> {
  const error = await run.then(
    () => undefined,
    (e: unknown) => e,
  )
  if (error === undefined) return undefined
  expect(error).toBeInstanceOf(UnsupportedOptionError)
  return (error as UnsupportedOptionError).details
}

describe('verifyTokenDecimals (SPEC §5.1: the amount shown is the amount signed)', () => {
  test('trusts the registry and the native coin without reading the chain', async () => {
    const { node, reader } = chain(18)
    expect(
      await verifyTokenDecimals(
        option({ address: baseUsdc, decimals: 6 }),
        8453,
        reader,
        noProbeCache,
      ),
    ).toBe(6)
    expect(
      await verifyTokenDecimals(option({ native: true, decimals: 18 }), 8453, reader, noProbeCache),
    ).toBe(18)
    expect(node.seen).toEqual([])
  })

  test('an unknown token: the decimals the token states, when the server agrees or says none', async () => {
    const { reader } = chain(6)
    expect(await verifyTokenDecimals(option({ decimals: 6 }), 8453, reader, noProbeCache)).toBe(6)
    expect(await verifyTokenDecimals(option({}), 8453, reader, noProbeCache)).toBe(6)
  })

  test("refuses a server's decimals that the token contradicts", async () => {
    const { reader } = chain(6)
    expect(
      await refusal(verifyTokenDecimals(option({ decimals: 2 }), 8453, reader, noProbeCache)),
    ).toBe('The server says the token has 2 decimals, but the token says 6.')
  })

  test('a token without decimals(): atomic units, unless the server claims decimals', async () => {
    const { reader } = chain(undefined)
    expect(await verifyTokenDecimals(option({}), 8453, reader, noProbeCache)).toBeUndefined()
    expect(
      await refusal(verifyTokenDecimals(option({ decimals: 6 }), 8453, reader, noProbeCache)),
    ).toBe("The token does not state its decimals on chain, so the server's 6 cannot be checked.")
  })

  test('without an RPC for the chain: atomic units, unless the server claims decimals', async () => {
    expect(await verifyTokenDecimals(option({}), 8453, noReader, noProbeCache)).toBeUndefined()
    expect(
      await refusal(verifyTokenDecimals(option({ decimals: 6 }), 8453, noReader, noProbeCache)),
    ).toBe(
      "The token's decimals cannot be checked without an RPC for Base: pass `publicClient` or `rpcUrls` to evmPayer.",
    )
  })

  test('reads decimals() once per chain and token', async () => {
    const { node, reader } = chain(6)
    const cache = createProbeCache()
    await verifyTokenDecimals(option({ decimals: 6 }), 8453, reader, cache)
    await verifyTokenDecimals(
      option({ decimals: 6, address: unknownToken.toUpperCase().replace('0X', '0x') }),
      8453,
      reader,
      cache,
    )
    expect(node.seen.filter((s) => s === selectors.decimals)).toHaveLength(1)
  })

  test('one payer, two unknown tokens: each is checked against its own decimals', async () => {
    const other = '0x2222222222222222222222222222222222222222'
    const { node, reader } = chain(undefined)
    node.calls[selectors.decimals] = ({ to }) =>
      encodeAbiParameters([{ type: 'uint8' }], [to.toLowerCase() === other ? 18 : 6])
    const cache = createProbeCache()
    expect(await verifyTokenDecimals(option({ decimals: 6 }), 8453, reader, cache)).toBe(6)
    expect(
      await verifyTokenDecimals(option({ address: other, decimals: 18 }), 8453, reader, cache),
    ).toBe(18)
    expect(
      await refusal(
        verifyTokenDecimals(option({ address: other, decimals: 6 }), 8453, reader, cache),
      ),
    ).toBe('The server says the token has 6 decimals, but the token says 18.')
  })
})
