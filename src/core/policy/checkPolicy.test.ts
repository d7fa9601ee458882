import { describe, expect, test } from 'vitest'
import type { TokenInfo } from '../networks/tokens.js'
import type { PaymentOption } from '../types.js'
import {
  checkPolicy,
  defaultPaymentPolicy,
  type PaymentPolicy,
  stablecoinCaps,
} from './paymentPolicy.js'

// SPEC §5.1 for agents: the policy is the consent. Each refusal below names its reason, and each
// limit is checked on both sides of its edge.

const usdc = '0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913'
const payee = '0x209693Bc6afc0C5328bA36FaF03C514EF312287C'

function option(fields: Partial<PaymentOption> = {}): PaymentOption {
  return {
    id: 'usdc',
    protocol: 'x402-v2',
    scheme: 'exact',
    network: { id: 'eip155:8453', namespace: 'evm', chainId: 8453, name: 'Base', testnet: false },
    asset: { address: usdc, symbol: 'USDC', decimals: 6, native: false },
    amount: 100_000n,
    payTo: payee,
    supported: true,
    raw: {},
    ...fields,
  }
}

const capped: PaymentPolicy = { caps: [{ network: 'eip155:8453', asset: usdc, max: 100_000n }] }

describe('checkPolicy', () => {
  test('a cap allows its own amount, not one atomic unit more', () => {
    expect(checkPolicy(option(), capped)).toEqual({ allowed: true })
    expect(checkPolicy(option({ amount: 100_001n }), capped)).toEqual({
      allowed: false,
      reason: 'The amount 100001 is above the cap of 100000 atomic units.',
    })
  })

  test('a cap without a network covers the asset on every network; with one, only there', () => {
    const anywhere: PaymentPolicy = { caps: [{ asset: usdc, max: 1n }] }
    const elsewhere = option({
      network: { id: 'eip155:1', namespace: 'evm', chainId: 1, name: 'Ethereum', testnet: false },
      amount: 1n,
    })
    expect(checkPolicy(elsewhere, anywhere)).toEqual({ allowed: true })
    expect(checkPolicy(elsewhere, capped)).toEqual({
      allowed: false,
      reason: 'No spend cap covers USDC on Ethereum.',
    })
    expect(checkPolicy(option({ asset: { address: payee, native: false } }), capped)).toEqual({
      allowed: false,
      reason: `No spend cap covers ${payee} on Base.`,
    })
  })

  test('the strictest of overlapping caps holds, in any order', () => {
    for (const caps of [
      [
        { asset: usdc, max: 50n },
        { network: 'eip155:8453', asset: usdc, max: 80n },
      ],
      [
        { network: 'eip155:8453', asset: usdc, max: 80n },
        { asset: usdc, max: 50n },
      ],
    ]) {
      expect(checkPolicy(option({ amount: 50n }), { caps })).toEqual({ allowed: true })
      expect(checkPolicy(option({ amount: 51n }), { caps })).toMatchObject({ allowed: false })
    }
  })

  test('allowlists: each names what it refused', () => {
    expect(checkPolicy(option(), { ...capped, networks: ['eip155:1'] })).toEqual({
      allowed: false,
      reason: 'The network Base is not allowed.',
    })
    expect(
      checkPolicy(option(), { ...capped, payees: ['0x1111111111111111111111111111111111111111'] }),
    ).toEqual({
      allowed: false,
      reason: `The recipient ${payee} is not allowed.`,
    })
    expect(checkPolicy(option(), { ...capped, assets: [payee] })).toEqual({
      allowed: false,
      reason: 'The asset USDC is not allowed.',
    })
    expect(
      checkPolicy(option({ asset: { address: usdc, native: false } }), {
        ...capped,
        assets: [payee],
      }),
    ).toEqual({ allowed: false, reason: `The asset ${usdc} is not allowed.` })
    // Listed (EVM addresses in any case), they pass.
    expect(
      checkPolicy(option(), {
        ...capped,
        networks: ['eip155:8453'],
        payees: [payee.toLowerCase()],
        assets: [usdc.toUpperCase().replace('0X', '0x')],
      }),
    ).toEqual({ allowed: true })
  })

  test('an empty allowlist allows no one', () => {
    for (const allowlist of [{ payees: [] }, { assets: [] }, { networks: [] }])
      expect(checkPolicy(option(), { ...capped, ...allowlist })).toMatchObject({ allowed: false })
  })

  test('the allow predicate: only true allows; a reason, false or a throw refuses', () => {
    expect(checkPolicy(option(), { ...capped, allow: () => true })).toEqual({ allowed: true })
    expect(checkPolicy(option(), { ...capped, allow: () => 'Not on weekends.' })).toEqual({
      allowed: false,
      reason: 'Not on weekends.',
    })
    expect(checkPolicy(option(), { ...capped, allow: () => false })).toEqual({
      allowed: false,
      reason: 'Refused by the policy.',
    })
    expect(
      checkPolicy(option(), {
        ...capped,
        allow: () => {
          throw new Error('boom')
        },
      }),
    ).toEqual({ allowed: false, reason: 'The policy check failed: Error: boom' })
    // Called last: an option the caps refuse never reaches it.
    let asked = false
    checkPolicy(option({ amount: 10n ** 9n }), {
      ...capped,
      allow: () => {
        asked = true
        return true
      },
    })
    expect(asked).toBe(false)
  })

  test('an unsupported option is refused with its reason, or a default one', () => {
    expect(
      checkPolicy(option({ supported: false, unsupportedReason: 'Unknown token.' }), capped),
    ).toEqual({
      allowed: false,
      reason: 'Unknown token.',
    })
    expect(checkPolicy(option({ supported: false }), capped)).toEqual({
      allowed: false,
      reason: 'The option is not supported.',
    })
  })
})

describe('stablecoinCaps and the default policy', () => {
  test("caps every USD token at the amount in its own decimals, the caller's tokens too", () => {
    const extra: TokenInfo[] = [
      { network: 'eip155:8453', address: payee, symbol: 'USDX', decimals: 18, usd: true },
      {
        network: 'eip155:8453',
        address: usdc.replace('8', '9'),
        symbol: 'EURC',
        decimals: 6,
        usd: false,
      },
    ]
    const caps = stablecoinCaps('0.5', { tokens: extra })
    expect(caps[0]).toEqual({ network: 'eip155:8453', asset: payee, max: 5n * 10n ** 17n })
    expect(caps.some((cap) => cap.asset === extra[1]!.address)).toBe(false)
    expect(caps.find((cap) => cap.asset === usdc)).toEqual({
      network: 'eip155:8453',
      asset: usdc,
      max: 500_000n,
    })
  })

  test('the default pays 0.10 of a known stablecoin and nothing else', () => {
    expect(checkPolicy(option(), defaultPaymentPolicy)).toEqual({ allowed: true })
    expect(checkPolicy(option({ amount: 100_001n }), defaultPaymentPolicy)).toMatchObject({
      allowed: false,
    })
    expect(Object.isFrozen(defaultPaymentPolicy)).toBe(true)
    expect(Object.isFrozen(defaultPaymentPolicy.caps)).toBe(true)
  })
})
