import { encodeAbiParameters } from 'viem'
import { afterEach, describe, expect, test, vi } from 'vitest'
import { InsufficientFundsError } from '../core/errors/wallet.js'
import type { PaymentOption } from '../core/types.js'
import type { ChainReader, ReadClient } from './createChainReader.js'
import type { EvmPaymentEnv } from './evmPaymentEnv.js'
import { balancePrecheckTimeoutMs, precheckBalance } from './precheckBalance.js'
import { fakeEvmNode, selectors } from './test/fakeEvmNode.js'

const from = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8'

function option(symbol?: string): PaymentOption {
  return {
    id: 'x402',
    protocol: 'x402-v2',
    scheme: 'exact',
    network: { id: 'eip155:8453', namespace: 'evm', chainId: 8453, name: 'Base', testnet: false },
    asset: {
      address: '0x1111111111111111111111111111111111111111',
      native: false,
      ...(symbol ? { symbol } : {}),
    },
    amount: 1_000n,
    payTo: '0x209693Bc6afc0C5328bA36FaF03C514EF312287C',
    supported: true,
    raw: {},
  }
}

/** The part of the payment environment the pre-check reads. */
function env(reader: ChainReader): EvmPaymentEnv {
  return { reader, chainId: 8453, from } as Partial<EvmPaymentEnv> as EvmPaymentEnv
}

function holding(balance: bigint | Error) {
  const node = fakeEvmNode(8453)
  node.calls[selectors.balanceOf] = () =>
    balance instanceof Error ? balance : encodeAbiParameters([{ type: 'uint256' }], [balance])
  return env({ has: (id) => id === 8453, get: async () => node.client })
}

afterEach(() => {
  vi.useRealTimers()
})

describe('precheckBalance: no prompt for an authorization the balance cannot cover', () => {
  test('refuses a balance below the amount, naming both', async () => {
    const error = await precheckBalance(option('USDC'), holding(999n)).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(InsufficientFundsError)
    expect(error).toMatchObject({ required: 1_000n, available: 999n })
    expect((error as InsufficientFundsError).shortMessage).toBe('Not enough USDC to pay.')
    const anonymous = await precheckBalance(option(), holding(0n)).catch((e: unknown) => e)
    expect((anonymous as InsufficientFundsError).shortMessage).toBe('Not enough funds to pay.')
  })

  test('lets exactly the amount through', async () => {
    await expect(precheckBalance(option(), holding(1_000n))).resolves.toBeUndefined()
  })

  test('is best effort: no RPC, or a failed read, does not block the authorization', async () => {
    const none: ChainReader = {
      has: () => false,
      get: () => Promise.reject(new Error('must not be read')),
    }
    await expect(precheckBalance(option(), env(none))).resolves.toBeUndefined()
    await expect(
      precheckBalance(option(), holding(Object.assign(new Error('reverted'), { code: -32603 }))),
    ).resolves.toBeUndefined()
  })

  test('waits for a slow read no longer than 2 s', async () => {
    vi.useFakeTimers()
    expect(balancePrecheckTimeoutMs).toBe(2_000)
    const hanging: ChainReader = {
      has: () => true,
      get: () => new Promise<ReadClient>(() => undefined),
    }
    let done = false
    const check = precheckBalance(option(), env(hanging)).then(() => {
      done = true
    })
    await vi.advanceTimersByTimeAsync(1_999)
    expect(done).toBe(false)
    await vi.advanceTimersByTimeAsync(1)
    await check
    expect(done).toBe(true)
  })

  test('a read that answers in time leaves no timer behind', async () => {
    vi.useFakeTimers()
    const timers = vi.getTimerCount()
    await precheckBalance(option(), holding(1_000n))
    expect(vi.getTimerCount()).toBe(timers)
    await precheckBalance(option(), holding(Object.assign(new Error('reverted'), { code: 3 })))
    expect(vi.getTimerCount()).toBe(timers)
  })
})
