import { describe, expect, test } from 'vitest'
import { NoPayableOptionError } from '../errors/policy.js'
import { stablecoinCaps } from './paymentPolicy.js'
import { rankPaymentOptions, selectPaymentOption } from './selectPaymentOption.js'
import { baseUsdcOption } from './test/baseUsdcOption.js'

const caps = stablecoinCaps('1')

const option = baseUsdcOption

const solana = {
  network: {
    id: 'solana:5eykt4UsFv8P8NJdTREpY1vzqKqZKvdp',
    namespace: 'solana',
    name: 'Solana',
    testnet: false,
  },
  asset: {
    address: 'EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v',
    symbol: 'USDC',
    decimals: 6,
    native: false,
  },
  payTo: '2Z8kq3ySyhQg8Yk2VN2Cy4hxzdoXExnHhUjH8vFhv8qX',
}

describe('selectPaymentOption', () => {
  test('takes the server’s first eligible option when nothing else tells them apart', () => {
    expect(selectPaymentOption([option('a'), option('b')], { caps }).id).toBe('a')
  })

  test('never falls back to accepts[0] when it is refused (x402#2991)', () => {
    const tooExpensive = option('expensive', { amount: 5_000_000n })
    const unsupported = option('unsupported', { supported: false, unsupportedReason: 'nope' })
    expect(selectPaymentOption([tooExpensive, unsupported, option('ok')], { caps }).id).toBe('ok')
  })

  test('checks the cap against the option actually selected (cloudflare/agents#2272)', () => {
    const cheap = option('cheap', {
      amount: 1n,
      supported: false,
      unsupportedReason: 'unknown network',
    })
    const expensive = option('expensive', { amount: 5_000_000n })
    let error: unknown
    try {
      selectPaymentOption([cheap, expensive], { caps })
    } catch (caught) {
      error = caught
    }
    expect(error).toBeInstanceOf(NoPayableOptionError)
    expect((error as NoPayableOptionError).refusals.map((r) => [r.option.id, r.reason])).toEqual([
      ['cheap', 'unknown network'],
      ['expensive', expect.stringContaining('above the cap')],
    ])
  })

  test('only picks options a connected wallet can pay', () => {
    const options = [option('evm'), option('sol', solana)]
    expect(selectPaymentOption(options, { caps }, { namespaces: ['solana'] }).id).toBe('sol')
    expect(() =>
      selectPaymentOption([option('evm')], { caps }, { namespaces: ['solana'] }),
    ).toThrow(NoPayableOptionError)
  })

  test('prefers affordable options, then unknown balances, then the server’s order', () => {
    const options = [option('poor'), option('unknown'), option('rich'), option('rich2')]
    const balances: Record<string, bigint> = { poor: 5n, rich: 10000n, rich2: 20000n }
    const ranked = rankPaymentOptions(options, { caps }, { balance: (o) => balances[o.id] })
    expect(ranked.map((entry) => [entry.option.id, entry.affordable])).toEqual([
      ['rich', true],
      ['rich2', true],
      ['unknown', undefined],
      ['poor', false],
    ])
    expect(selectPaymentOption(options, { caps }, { balance: (o) => balances[o.id] }).id).toBe(
      'rich',
    )
  })

  test('ranks refused options last, each with its reason', () => {
    const ranked = rankPaymentOptions(
      [option('refused', { amount: 5_000_000n }), option('ok')],
      { caps },
      { balance: () => 10n ** 12n },
    )
    expect(ranked.map((entry) => [entry.option.id, entry.eligible])).toEqual([
      ['ok', true],
      ['refused', false],
    ])
    expect(ranked[1]!.reason).toContain('above the cap')
  })

  test('does not reorder the caller’s array (h402 mutates it)', () => {
    const options = [option('poor'), option('rich')]
    rankPaymentOptions(options, { caps }, { balance: (o) => (o.id === 'rich' ? 10n ** 9n : 0n) })
    expect(options.map((o) => o.id)).toEqual(['poor', 'rich'])
  })
})
