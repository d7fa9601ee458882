import { encodeAbiParameters } from 'viem'
import { describe, expect, test } from 'vitest'
import type { PaymentOption } from '../core/types.js'
import type { ChainReader } from './createChainReader.js'
import { createProbeCache, noProbeCache } from './probeContract.js'
import { fakeEvmNode, selectors } from './test/fakeEvmNode.js'
import { verifyTokenDecimals } from './verifyTokenDecimals.js'

// The caller's signal reaches the decimals() read: a payment or a chooser that was cancelled asks
// the RPC nothing more. A payment hands its signal as a function (the signal is made on first
// use), a chooser as the signal itself.

const unknownToken = '0x1111111111111111111111111111111111111111'

function option(decimals: number | undefined): PaymentOption {
  return {
    id: 'h402',
    protocol: 'h402-v1',
    scheme: 'exact',
    network: { id: 'eip155:8453', namespace: 'evm', chainId: 8453, name: 'Base', testnet: false },
    asset: {
      address: unknownToken,
      native: false,
      ...(decimals === undefined ? {} : { decimals }),
    },
    amount: 1n,
    payTo: '0x0000000000000000000000000000000000000002',
    supported: true,
    raw: {},
  }
}

/** A Base node whose unknown token says 6 decimals, as the reader of an evmPayer. */
function chain() {
  const node = fakeEvmNode(8453)
  node.calls[selectors.decimals] = () => encodeAbiParameters([{ type: 'uint8' }], [6])
  const reader: ChainReader = { has: (id) => id === 8453, get: async () => node.client }
  return { node, reader }
}

describe('verifyTokenDecimals: the caller’s signal', () => {
  test('an aborted signal, given as itself, stops the read with its reason', async () => {
    const { node, reader } = chain()
    const reason = new Error('The person closed the paywall.')
    await expect(
      verifyTokenDecimals(option(6), 8453, reader, noProbeCache, AbortSignal.abort(reason)),
    ).rejects.toBe(reason)
    expect(node.seen).not.toContain(selectors.decimals)
  })

  test('an aborted signal, given as a function, stops the read with its reason', async () => {
    const { node, reader } = chain()
    const reason = new Error('The payment was cancelled.')
    const signal = AbortSignal.abort(reason)
    await expect(
      verifyTokenDecimals(option(6), 8453, reader, noProbeCache, () => signal),
    ).rejects.toBe(reason)
    expect(node.seen).not.toContain(selectors.decimals)
  })

  test('a live signal lets the read through; the function is called only to read the chain', async () => {
    const { node, reader } = chain()
    const cache = createProbeCache()
    let made = 0
    const signal = () => {
      made++
      return new AbortController().signal
    }
    expect(await verifyTokenDecimals(option(6), 8453, reader, cache, signal)).toBe(6)
    expect(await verifyTokenDecimals(option(undefined), 8453, reader, cache, signal)).toBe(6)
    expect(made).toBe(1)
    expect(node.seen.filter((s) => s === selectors.decimals)).toHaveLength(1)
  })
})
