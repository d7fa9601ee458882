import { privateKeyToAccount } from 'viem/accounts'
import { describe, expect, test } from 'vitest'
import { UnsupportedOptionError } from '../core/errors/policy.js'
import type { PaymentOption } from '../core/types.js'
import { h402ValiditySeconds } from './createH402Payment.js'
import { evmPayer } from './evmPayer.js'
import { fakeEvmNode } from './test/fakeEvmNode.js'

const account = privateKeyToAccount(
  '0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d',
)

function option(fields: Partial<PaymentOption> = {}, raw: unknown = {}): PaymentOption {
  return {
    id: 'h402',
    protocol: 'h402-v1',
    scheme: 'exact',
    network: { id: 'eip155:8453', namespace: 'evm', chainId: 8453, name: 'Base', testnet: false },
    asset: { address: '0x1111111111111111111111111111111111111111', native: false },
    amount: 1n,
    payTo: '0x209693Bc6afc0C5328bA36FaF03C514EF312287C',
    resource: 'https://shop.example/a',
    supported: true,
    raw,
    ...fields,
  }
}

describe('h402ValiditySeconds: at least 60 s, at most maxValiditySeconds', () => {
  test('h402 has no maxTimeoutSeconds: estimatedProcessingTime, floored, within the bounds', () => {
    expect(h402ValiditySeconds(option({}, { estimatedProcessingTime: 120.9 }), 600)).toBe(120)
    expect(h402ValiditySeconds(option({}, { estimatedProcessingTime: 30 }), 600)).toBe(60)
    expect(h402ValiditySeconds(option({}, { estimatedProcessingTime: 1e9 }), 600)).toBe(600)
    expect(h402ValiditySeconds(option({}, { estimatedProcessingTime: 1e9 }), 100)).toBe(100)
  })

  test('maxTimeoutSeconds, when an option has one, comes first', () => {
    const both = option({ maxTimeoutSeconds: 300 }, { estimatedProcessingTime: 90 })
    expect(h402ValiditySeconds(both, 600)).toBe(300)
  })

  test('60 s when nothing usable is said', () => {
    for (const raw of [
      {},
      null,
      { estimatedProcessingTime: '300' },
      { estimatedProcessingTime: Number.NaN },
      { estimatedProcessingTime: Number.POSITIVE_INFINITY },
    ])
      expect(h402ValiditySeconds(option({}, raw), 600), JSON.stringify(raw)).toBe(60)
    expect(h402ValiditySeconds(option({ maxTimeoutSeconds: Number.NaN }), 600)).toBe(60)
  })
})

describe('createH402Payment (EVM)', () => {
  test('refuses an option without a resource before reading the chain or prompting', async () => {
    const node = fakeEvmNode(8453)
    for (const resource of [undefined, '']) {
      const error = await evmPayer(account, { publicClient: node.client })
        .createPayment(option({ resource }), {
          paymentRequired: { protocol: 'h402-v1', options: [], receivedAt: 0, raw: {} },
          now: () => 0,
        })
        .catch((e: unknown) => e)
      expect(error).toBeInstanceOf(UnsupportedOptionError)
      expect((error as UnsupportedOptionError).details).toBe(
        'The h402 option has no "resource"; the server could not match the payment to it.',
      )
    }
    expect(node.seen).toEqual([])
  })
})
