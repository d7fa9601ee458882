import { describe, expect, test } from 'vitest'
import { NoPayableOptionError } from '../errors/policy.js'
import type { PaymentOption } from '../types.js'
import { rankPaymentOptions, selectPaymentOption } from './selectPaymentOption.js'
import { baseUsdcOption } from './test/baseUsdcOption.js'

const usdc = '0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913'

const option = (id: string, fields: Partial<PaymentOption> = {}) =>
  baseUsdcOption(id, { amount: 100n, ...fields })

const policy = { caps: [{ asset: usdc, max: 1_000n }] }

describe('rankPaymentOptions', () => {
  test('without a policy: unsupported options are refused with their reason, or a default', () => {
    const ranked = rankPaymentOptions(
      [
        option('a', { supported: false, unsupportedReason: 'Unknown token.' }),
        option('b', { supported: false }),
        option('c'),
      ],
      undefined,
    )
    expect(ranked.map((entry) => [entry.option.id, entry.eligible, entry.reason])).toEqual([
      ['c', true, undefined],
      ['a', false, 'Unknown token.'],
      ['b', false, 'The option is not supported.'],
    ])
    expect(ranked[0]).not.toHaveProperty('reason')
    expect(ranked[0]).not.toHaveProperty('balance')
  })

  test('names the missing wallet, and asks canPay only about allowed options', () => {
    const asked: string[] = []
    const ranked = rankPaymentOptions([option('a', { amount: 10n ** 9n }), option('b')], policy, {
      namespaces: ['solana'],
      canPay: (o) => {
        asked.push(o.id)
        return undefined
      },
    })
    // The policy's reason comes first; the wallet's only for an option the policy allows.
    expect(ranked.map((entry) => entry.reason)).toEqual([
      'The amount 1000000000 is above the cap of 1000 atomic units.',
      'No evm wallet is connected.',
    ])
    const second = rankPaymentOptions([option('a', { amount: 10n ** 9n }), option('b')], policy, {
      canPay: (o) => {
        asked.push(o.id)
        return 'Wrong chain.'
      },
    })
    expect(asked).toEqual(['b'])
    expect(second.map((entry) => entry.reason)).toEqual([
      'The amount 1000000000 is above the cap of 1000 atomic units.',
      'Wrong chain.',
    ])
  })

  test('keeps the server order among equals, whatever the array length', () => {
    const options = ['a', 'b', 'c', 'd', 'e'].map((id) => option(id))
    expect(rankPaymentOptions(options, policy).map((entry) => entry.option.id)).toEqual([
      'a',
      'b',
      'c',
      'd',
      'e',
    ])
    const reversed = rankPaymentOptions(options, policy, {
      balance: (o) => (o.id === 'e' ? 100n : o.id === 'd' ? 99n : undefined),
    })
    // Exactly the amount is affordable; unknown balances come next; short ones last.
    expect(reversed.map((entry) => [entry.option.id, entry.affordable, entry.balance])).toEqual([
      ['e', true, 100n],
      ['a', undefined, undefined],
      ['b', undefined, undefined],
      ['c', undefined, undefined],
      ['d', false, 99n],
    ])
  })
})

describe('selectPaymentOption', () => {
  test('with no options at all: NoPayableOptionError, nothing to pick', () => {
    expect(() => selectPaymentOption([], policy)).toThrow(NoPayableOptionError)
  })

  test('each refusal carries its reason', () => {
    let error: unknown
    try {
      selectPaymentOption([option('a', { amount: 10n ** 9n })], policy)
    } catch (e) {
      error = e
    }
    expect((error as NoPayableOptionError).refusals).toEqual([
      {
        option: expect.objectContaining({ id: 'a' }),
        reason: 'The amount 1000000000 is above the cap of 1000 atomic units.',
      },
    ])
  })
})
