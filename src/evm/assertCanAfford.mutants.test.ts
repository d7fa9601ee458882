import { createPublicClient, custom, defineChain, type EIP1193RequestFn } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { describe, expect, test } from 'vitest'
import { InsufficientFundsError } from '../core/errors/wallet.js'
import type { PaymentOption } from '../core/types.js'
import { assertCanAfford } from './assertCanAfford.js'
import type { ReadClient } from './createChainReader.js'
import { fakeEvmNode } from './test/fakeEvmNode.js'
import { transferCall } from './transferCall.js'

// Hardhat's well-known account #1: a public test key, never funded anywhere real.
const from = privateKeyToAccount(
  '0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d',
).address

/** An h402 option paying `amount` wei of Base's native coin. */
function nativeOption(amount: bigint): PaymentOption {
  return {
    id: 'h402',
    protocol: 'h402-v1',
    scheme: 'exact',
    network: { id: 'eip155:8453', namespace: 'evm', chainId: 8453, name: 'Base', testnet: false },
    asset: { address: '0x0000000000000000000000000000000000000000', native: true, symbol: 'ETH' },
    amount,
    payTo: '0x0000000000000000000000000000000000000002',
    supported: true,
    raw: {},
  }
}

async function rejection(run: Promise<unknown>): Promise<unknown> {
  return run.then(
    () => undefined,
    (error: unknown) => error,
  )
}

describe('assertCanAfford: the balance read is the payer’s own', () => {
  test('asks the node for the balance of `from` (a node refuses a query without an address)', async () => {
    const node = fakeEvmNode(8453)
    node.nativeBalance = 10n ** 18n
    const paying = nativeOption(1_000n)
    await expect(
      assertCanAfford(node.client, paying, 8453, from, transferCall(paying)),
    ).resolves.toMatchObject({ gas: 21_000n })
    expect(node.seen).toContain('eth_getBalance')
  })
})

describe('assertCanAfford: a native payment exactly the size of the balance', () => {
  test('is refused for the gas, naming amount + gas, not the amount alone', async () => {
    const node = fakeEvmNode(8453)
    const paying = nativeOption(10n ** 15n)
    node.nativeBalance = paying.amount
    const error = await rejection(
      assertCanAfford(node.client, paying, 8453, from, transferCall(paying)),
    )
    expect(error).toBeInstanceOf(InsufficientFundsError)
    // The fake node's EIP-1559 price: base fee with viem's 20 % margin, plus the priority fee.
    const feePerGas = (node.baseFeePerGas! * 12n) / 10n + node.priorityFee
    expect(error).toMatchObject({
      required: paying.amount + node.gas * feePerGas,
      available: paying.amount,
    })
    // The amount itself was covered, so the gas was estimated before refusing.
    expect(node.seen).toContain('eth_estimateGas')
  })
})

describe('assertCanAfford: fees', () => {
  test('a failed fee read is an error, not taken for a chain without EIP-1559', async () => {
    const node = fakeEvmNode(8453)
    node.nativeBalance = 10n ** 18n
    let blockReads = 0
    // The node fails its first block read (a provider's hiccup), then answers normally.
    const request = (async (args: { method: string; params?: unknown }) => {
      if (args.method === 'eth_getBlockByNumber' && blockReads++ === 0)
        throw Object.assign(new Error('upstream request timed out'), { code: -32603 })
      return node.client.request(args as never)
    }) as EIP1193RequestFn
    const flaky = createPublicClient({
      transport: custom({ request }, { retryCount: 0 }),
    }) as ReadClient
    const paying = nativeOption(1_000n)
    const error = await rejection(assertCanAfford(flaky, paying, 8453, from, transferCall(paying)))
    expect(error).toBeInstanceOf(Error)
    expect((error as Error).message).toContain('upstream request timed out')
    expect(blockReads).toBe(1)
    expect(node.seen).not.toContain('eth_gasPrice')
  })

  test("a chain's own fee estimator is asked for the legacy price by name", async () => {
    // viem hands `type` to chain.fees.estimateFeesPerGas; some chains' estimators (Linea's) give
    // a gas price only when asked for 'legacy', and EIP-1559 fees otherwise.
    const asked: string[] = []
    const chain = defineChain({
      id: 8453,
      name: 'Base, own fees',
      nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
      rpcUrls: { default: { http: ['http://127.0.0.1:1'] } },
      fees: {
        estimateFeesPerGas: async ({ type }) => {
          asked.push(type)
          return type === 'legacy' ? ({ gasPrice: 7_000_000_000n } as never) : null
        },
      },
    })
    const node = fakeEvmNode(8453, chain)
    node.baseFeePerGas = undefined
    node.nativeBalance = 10n ** 18n
    const paying = nativeOption(1_000n)
    const { fees } = await assertCanAfford(node.client, paying, 8453, from, transferCall(paying))
    expect(asked).toEqual(['eip1559', 'legacy'])
    expect(fees).toEqual({ gasPrice: 7_000_000_000n })
  })
})
