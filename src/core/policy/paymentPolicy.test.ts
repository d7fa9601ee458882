import { describe, expect, test } from 'vitest'
import type { PaymentOption } from '../types.js'
import {
  checkPolicy,
  defaultPaymentPolicy,
  type PaymentPolicy,
  stablecoinCaps,
} from './paymentPolicy.js'

const BASE_USDC = '0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913'
const BSC_USDT = '0x55d398326f99059fF775485246999027B3197955'
const PAY = '0x209693Bc6afc0C5328bA36FaF03C514EF312287C'

function option(overrides: Partial<PaymentOption> = {}): PaymentOption {
  return {
    id: 'o',
    protocol: 'x402-v2',
    scheme: 'exact',
    network: { id: 'eip155:8453', namespace: 'evm', chainId: 8453, name: 'Base', testnet: false },
    asset: { address: BASE_USDC, symbol: 'USDC', decimals: 6, native: false },
    amount: 10000n,
    payTo: PAY,
    supported: true,
    raw: {},
    ...overrides,
  }
}

describe('the default policy', () => {
  test('pays known USD stablecoins up to 0.10, in each token’s own decimals', () => {
    expect(checkPolicy(option({ amount: 100000n }), defaultPaymentPolicy)).toEqual({
      allowed: true,
    })
    expect(checkPolicy(option({ amount: 100001n }), defaultPaymentPolicy)).toMatchObject({
      allowed: false,
    })
    const usdt = option({
      network: {
        id: 'eip155:56',
        namespace: 'evm',
        chainId: 56,
        name: 'BNB Smart Chain',
        testnet: false,
      },
      asset: { address: BSC_USDT, symbol: 'USDT', decimals: 18, native: false },
    })
    expect(checkPolicy({ ...usdt, amount: 10n ** 17n }, defaultPaymentPolicy).allowed).toBe(true)
    expect(checkPolicy({ ...usdt, amount: 10n ** 17n + 1n }, defaultPaymentPolicy).allowed).toBe(
      false,
    )
  })

  test('refuses anything else: native coins, unknown tokens, the same address on another chain', () => {
    const native = option({
      asset: { address: '0x0000000000000000000000000000000000000000', native: true },
    })
    expect(checkPolicy({ ...native, amount: 1n }, defaultPaymentPolicy)).toMatchObject({
      allowed: false,
      reason: expect.stringContaining('No spend cap'),
    })
    const unknown = option({
      asset: { address: '0x4200000000000000000000000000000000000006', native: false },
    })
    expect(checkPolicy({ ...unknown, amount: 1n }, defaultPaymentPolicy).allowed).toBe(false)
    const elsewhere = option({
      network: { id: 'eip155:1', namespace: 'evm', chainId: 1, name: 'Ethereum', testnet: false },
    })
    expect(checkPolicy({ ...elsewhere, amount: 1n }, defaultPaymentPolicy).allowed).toBe(false)
  })

  test('is frozen', () => {
    expect(Object.isFrozen(defaultPaymentPolicy)).toBe(true)
    expect(Object.isFrozen(defaultPaymentPolicy.caps)).toBe(true)
  })
})

describe('checkPolicy', () => {
  const caps = stablecoinCaps('1')

  test('always refuses unsupported options, whatever the policy', () => {
    const unsupported = option({
      supported: false,
      unsupportedReason: 'Permit2 payments are not supported yet.',
    })
    expect(checkPolicy(unsupported, { caps, allow: () => true })).toEqual({
      allowed: false,
      reason: 'Permit2 payments are not supported yet.',
    })
  })

  test('applies payee, asset and network allowlists (EVM addresses case-insensitively)', () => {
    expect(checkPolicy(option(), { caps, payees: [PAY.toLowerCase()] }).allowed).toBe(true)
    expect(
      checkPolicy(option(), { caps, payees: ['0x0000000000000000000000000000000000000001'] }),
    ).toMatchObject({
      allowed: false,
      reason: expect.stringContaining('recipient'),
    })
    expect(checkPolicy(option(), { caps, assets: [BSC_USDT] }).allowed).toBe(false)
    expect(checkPolicy(option(), { caps, networks: ['eip155:84532'] }).allowed).toBe(false)
    expect(
      checkPolicy(option(), { caps, networks: ['eip155:8453'], assets: [BASE_USDC] }).allowed,
    ).toBe(true)
  })

  test('takes the strictest of overlapping caps', () => {
    const policy: PaymentPolicy = {
      caps: [
        { asset: BASE_USDC, max: 50000n },
        { network: 'eip155:8453', asset: BASE_USDC, max: 5000n },
      ],
    }
    expect(checkPolicy(option({ amount: 5000n }), policy).allowed).toBe(true)
    expect(checkPolicy(option({ amount: 5001n }), policy).allowed).toBe(false)
  })

  test('fails closed on the predicate: false, a reason, or a throw all refuse', () => {
    expect(checkPolicy(option(), { caps, allow: () => false })).toMatchObject({ allowed: false })
    expect(checkPolicy(option(), { caps, allow: () => 'blocked payee' })).toEqual({
      allowed: false,
      reason: 'blocked payee',
    })
    expect(
      checkPolicy(option(), {
        caps,
        allow: () => {
          throw new Error('boom')
        },
      }),
    ).toMatchObject({ allowed: false, reason: expect.stringContaining('boom') })
    expect(checkPolicy(option(), { caps, allow: (o) => o.amount < 20000n })).toEqual({
      allowed: true,
    })
  })
})

describe('boundaries a mutation could move', () => {
  const caps = stablecoinCaps('0.10')

  test.each([
    ['payees', { payees: [] }],
    ['assets', { assets: [] }],
    ['networks', { networks: [] }],
  ] as const)('an empty %s allowlist allows no one', (_name, allowlist) => {
    expect(checkPolicy(option(), { caps, ...allowlist })).toMatchObject({ allowed: false })
  })

  test('no caps at all pays nothing', () => {
    expect(checkPolicy(option(), { caps: [] })).toMatchObject({ allowed: false })
  })
})
