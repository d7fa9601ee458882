import { defineChain } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { describe, expect, test } from 'vitest'
import { InsufficientFundsError } from '../core/errors/wallet.js'
import type { PaymentOption } from '../core/types.js'
import { assertCanAfford } from './assertCanAfford.js'
import { fakeEvmNode, selectors } from './test/fakeEvmNode.js'
import { transferCall } from './transferCall.js'

// Hardhat's well-known account #1: a public test key, never funded anywhere real.
const from = privateKeyToAccount(
  '0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d',
).address
const token = '0x1111111111111111111111111111111111111111'

function option(native: boolean, amount: bigint): PaymentOption {
  return {
    id: 'h402',
    protocol: 'h402-v1',
    scheme: 'exact',
    network: { id: 'eip155:8453', namespace: 'evm', chainId: 8453, name: 'Base', testnet: false },
    asset: native
      ? { address: '0x0000000000000000000000000000000000000000', native: true, symbol: 'ETH' }
      : { address: token, native: false, symbol: 'TKN' },
    amount,
    payTo: '0x0000000000000000000000000000000000000002',
    supported: true,
    raw: {},
  }
}

function tokenBalance(node: ReturnType<typeof fakeEvmNode>, balance: bigint) {
  node.calls[selectors.balanceOf] = () => `0x${balance.toString(16).padStart(64, '0')}`
}

async function failure(run: Promise<unknown>): Promise<InsufficientFundsError> {
  const error = await run.then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(InsufficientFundsError)
  return error as InsufficientFundsError
}

/** The wei a transfer costs on `node` beyond its value, as assertCanAfford reads it. */
async function gasCost(node: ReturnType<typeof fakeEvmNode>, paying: PaymentOption) {
  node.nativeBalance = 10n ** 24n
  const { gas, fees } = await assertCanAfford(node.client, paying, 8453, from, transferCall(paying))
  return gas * ('gasPrice' in fees ? fees.gasPrice : fees.maxFeePerGas)
}

describe('assertCanAfford: refuses a transfer the payer cannot fund, before signing', () => {
  test('native coin: the amount and the gas, together', async () => {
    const node = fakeEvmNode(8453)
    const paying = option(true, 10n ** 15n)
    const cost = await gasCost(node, paying)
    expect(cost).toBeGreaterThan(0n)
    // Exactly enough passes; one wei short of amount + gas is refused, naming the sum.
    node.nativeBalance = paying.amount + cost
    await expect(
      assertCanAfford(node.client, paying, 8453, from, transferCall(paying)),
    ).resolves.toMatchObject({ gas: 21_000n })
    node.nativeBalance = paying.amount + cost - 1n
    const short = await failure(
      assertCanAfford(node.client, paying, 8453, from, transferCall(paying)),
    )
    expect(short.required).toBe(paying.amount + cost)
    expect(short.available).toBe(paying.amount + cost - 1n)
    expect(short.shortMessage).toBe('Not enough ETH to pay.')
    // The gas is estimated for the transfer itself, value included.
    expect(BigInt(node.estimates.at(-1)!.value!)).toBe(paying.amount)
  })

  test('native coin: less than the amount is refused before any gas estimate', async () => {
    const node = fakeEvmNode(8453)
    const paying = option(true, 1_000n)
    node.nativeBalance = 999n
    const short = await failure(
      assertCanAfford(node.client, paying, 8453, from, transferCall(paying)),
    )
    expect(short).toMatchObject({ required: 1_000n, available: 999n })
    expect(short.shortMessage).toBe('Not enough ETH to pay.')
    expect(node.seen).not.toContain('eth_estimateGas')
  })

  test('a token: its balance covers the amount, and the native coin the gas', async () => {
    const node = fakeEvmNode(8453)
    const paying = option(false, 500n)
    tokenBalance(node, 500n)
    const cost = await gasCost(node, paying)
    node.nativeBalance = cost
    await expect(
      assertCanAfford(node.client, paying, 8453, from, transferCall(paying)),
    ).resolves.toBeDefined()

    tokenBalance(node, 499n)
    const tokens = await failure(
      assertCanAfford(node.client, paying, 8453, from, transferCall(paying)),
    )
    expect(tokens).toMatchObject({ required: 500n, available: 499n })
    expect(tokens.shortMessage).toBe('Not enough TKN to pay.')

    tokenBalance(node, 500n)
    node.nativeBalance = cost - 1n
    const gas = await failure(
      assertCanAfford(node.client, paying, 8453, from, transferCall(paying)),
    )
    expect(gas).toMatchObject({ required: cost, available: cost - 1n })
    expect(gas.shortMessage).toBe('Not enough ETH to pay.')
  })

  test('a token without a symbol is refused without one', async () => {
    const node = fakeEvmNode(8453)
    const paying = option(false, 500n)
    paying.asset = { address: token, native: false }
    tokenBalance(node, 1n)
    node.nativeBalance = 10n ** 18n
    const short = await failure(
      assertCanAfford(node.client, paying, 8453, from, transferCall(paying)),
    )
    expect(short.shortMessage).toBe('Not enough funds to pay.')
  })

  test('a chain without EIP-1559 fees is priced with its gas price', async () => {
    const node = fakeEvmNode(8453)
    node.baseFeePerGas = undefined
    node.gasPrice = 3_000_000_000n
    const paying = option(true, 1n)
    node.nativeBalance = 10n ** 18n
    const { gas, fees } = await assertCanAfford(
      node.client,
      paying,
      8453,
      from,
      transferCall(paying),
    )
    // viem's legacy estimate: the node's gas price with its 20 % margin.
    expect(fees).toEqual({ gasPrice: 3_600_000_000n })
    node.nativeBalance = gas * 3_600_000_000n
    const short = await failure(
      assertCanAfford(node.client, paying, 8453, from, transferCall(paying)),
    )
    expect(short.required).toBe(gas * 3_600_000_000n + 1n)
  })

  test("a chain the registry does not know is named by the client's chain, or not at all", async () => {
    const custom = defineChain({
      id: 31337_999,
      name: 'Local',
      nativeCurrency: { name: 'Gas', symbol: 'GAS', decimals: 18 },
      rpcUrls: { default: { http: ['http://127.0.0.1:1'] } },
    })
    const paying = option(true, 1_000n)
    const named = fakeEvmNode(31337_999, custom)
    named.nativeBalance = 1n
    expect(
      (await failure(assertCanAfford(named.client, paying, 31337_999, from, transferCall(paying))))
        .shortMessage,
    ).toBe('Not enough GAS to pay.')
    const anonymous = fakeEvmNode(31337_999)
    anonymous.nativeBalance = 1n
    expect(
      (
        await failure(
          assertCanAfford(anonymous.client, paying, 31337_999, from, transferCall(paying)),
        )
      ).shortMessage,
    ).toBe('Not enough funds to pay.')
  })
})
