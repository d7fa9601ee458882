import { describe, expect, test } from 'vitest'
import { mockPayer } from '../../testing/mockPayer.js'
import { mockAccepts, mockServer } from '../../testing/mockServer.js'
import { QuoteExpiredError } from '../errors/payment.js'
import { NoPayableOptionError } from '../errors/policy.js'
import { stablecoinCaps } from '../policy/paymentPolicy.js'
import { PaymentSession } from './paymentSession.js'
import { clock } from './test/controls.js'

// What a quote fetched again (because the first expired) may and may not lead to: the resource
// became free, the payee changed, the price changed under autoPay, the quote changed while a
// wallet connected, and a dialect whose quotes never expire.
const policy = { caps: stablecoinCaps('0.10') }
const url = 'https://shop.example/article'
const USDT_BASE = '0xfde4C96c8593536E31F229EA8f37b2ADa2699bb2'
const usdc = mockAccepts[0]!
const solanaUsdc = {
  scheme: 'exact',
  network: 'solana:5eykt4UsFv8P8NJdTREpY1vzqKqZKvdp',
  amount: '10000',
  asset: 'EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v',
  payTo: '9WzDXwBbmkg8ZTbNMqUxvQRAyrZzDsGYdLVL9zYtAWWM',
  maxTimeoutSeconds: 60,
  extra: { feePayer: 'EwWqGE4ZFKLofuestmU4LDdK7XM1N4ALgdZccwYugwGd' },
}

/** The quotes of successive 402s: the first, then `next` for every later one. */
function quotes(next: readonly Record<string, unknown>[]) {
  let served = 0
  return () => (served++ === 0 ? [usdc] : next)
}

describe('a quote fetched again', () => {
  test('the resource is free now (200): settled with that answer, nothing signed', async () => {
    const time = clock()
    const server = mockServer()
    let unpaid = 0
    const fetch: typeof globalThis.fetch = async (input, init) => {
      if (++unpaid === 2) return new Response('free today', { status: 200 })
      return server.fetch(input, init)
    }
    const payer = mockPayer()
    const session = new PaymentSession({ input: url, fetch, payers: [payer], now: time.now })
    await session.start()
    time.advance(61_000)
    await session.pay()
    const state = session.getSnapshot()
    expect(state.status).toBe('settled')
    expect(await state.response?.text()).toBe('free today')
    expect(payer.calls).toHaveLength(0)
  })

  test('it pays another address: nothing is selected in its place, the person is told to confirm', async () => {
    const time = clock()
    const elsewhere = { ...usdc, payTo: '0x000000000000000000000000000000000000dEaD' }
    const server = mockServer({ accepts: quotes([elsewhere]) })
    const payer = mockPayer()
    const session = new PaymentSession({
      input: url,
      fetch: server.fetch,
      payers: [payer],
      now: time.now,
    })
    await session.start()
    time.advance(61_000)
    await session.pay()
    let state = session.getSnapshot()
    expect(state.status).toBe('payment-required')
    expect(state.error).toBeInstanceOf(QuoteExpiredError)
    expect(state.selected).toBeUndefined()
    expect(state.options.map((entry) => entry.option.payTo)).toEqual([elsewhere.payTo])
    expect(payer.calls).toHaveLength(0)

    // Pay without a choice: nothing is paid, and the new option is listed as not chosen.
    await session.pay()
    state = session.getSnapshot()
    expect(state.error).toBeInstanceOf(NoPayableOptionError)
    expect((state.error as NoPayableOptionError).refusals).toEqual([
      { option: state.options[0]!.option, reason: 'Not chosen.' },
    ])
    expect(payer.calls).toHaveLength(0)
  })

  test.each([
    { amount: '20000', paid: [20000n], status: 'settled' },
    { amount: '200000', paid: [], status: 'payment-required' },
  ])(
    'with autoPay the policy chooses again: new price $amount → paid $paid',
    async ({ amount, paid, status }) => {
      const time = clock()
      const server = mockServer({ accepts: quotes([{ ...usdc, amount }]) })
      // The first prompt is rejected; the person comes back after the quote expired.
      const payer = mockPayer({ rejections: 1 })
      const session = new PaymentSession({
        input: url,
        fetch: server.fetch,
        payers: [payer],
        policy,
        autoPay: true,
        now: time.now,
      })
      await session.start()
      expect(session.getSnapshot().status).toBe('payment-required')
      time.advance(61_000)
      await session.pay()
      const state = session.getSnapshot()
      expect(state.status).toBe(status)
      expect(payer.calls.slice(1).map((option) => option.amount)).toEqual(paid)
      if (paid.length === 0) expect(state.error).toBeInstanceOf(QuoteExpiredError)
    },
  )

  test('with autoPay, when the chosen option is now over the cap, another allowed one is paid; every notification shows a change', async () => {
    const time = clock()
    const usdt = { ...usdc, asset: USDT_BASE, extra: {} }
    let served = 0
    const server = mockServer({
      accepts: () => (served++ === 0 ? [usdc, usdt] : [{ ...usdc, amount: '200000' }, usdt]),
    })
    const payer = mockPayer({ rejections: 1 })
    const session = new PaymentSession({
      input: url,
      fetch: server.fetch,
      payers: [payer],
      // Both tokens up to 0.10.
      policy: {
        caps: [...policy.caps, { network: 'eip155:8453', asset: USDT_BASE, max: 100_000n }],
      },
      autoPay: true,
      now: time.now,
    })
    await session.start()
    expect(payer.calls.map((option) => option.asset.address)).toEqual([usdc.asset])
    time.advance(61_000)
    const seen = [session.getSnapshot()]
    session.subscribe(() => seen.push(session.getSnapshot()))
    await session.pay()
    expect(session.getSnapshot().status).toBe('settled')
    expect(payer.calls.map((option) => option.asset.address)).toEqual([usdc.asset, USDT_BASE])
    for (let i = 1; i < seen.length; i++)
      expect(seen[i], `notification ${i}`).not.toEqual(seen[i - 1])
  })

  test('a new price found after the wallet connected is not signed: the person confirms it', async () => {
    const time = clock()
    const server = mockServer({ accepts: quotes([{ ...usdc, amount: '20000' }]) })
    const payer = mockPayer()
    const session = new PaymentSession({
      input: url,
      fetch: server.fetch,
      now: time.now,
      connect: async () => {
        time.advance(61_000)
        return payer
      },
    })
    await session.start()
    await session.pay()
    const state = session.getSnapshot()
    expect(state.status).toBe('payment-required')
    expect(state.error).toBeInstanceOf(QuoteExpiredError)
    expect(state.selected?.amount).toBe(20000n)
    expect(payer.calls).toHaveLength(0)
  })

  test('with autoPay, a quote that moved to another chain while an EVM wallet connected: confirm again, nothing signed', async () => {
    const time = clock()
    const server = mockServer({ accepts: quotes([solanaUsdc]) })
    const payer = mockPayer()
    const session = new PaymentSession({
      input: url,
      fetch: server.fetch,
      policy,
      autoPay: true,
      now: time.now,
      connect: async () => {
        time.advance(61_000)
        return payer
      },
    })
    await session.start()
    const state = session.getSnapshot()
    expect(state.options.map((entry) => entry.option.network.namespace)).toEqual(['solana'])
    expect(state.error).toBeInstanceOf(QuoteExpiredError)
    expect(state.error?.details).toBe('The quote changed while connecting; confirm again.')
    expect(payer.calls).toHaveLength(0)
  })
})

describe('a quote without maxTimeoutSeconds (h402)', () => {
  test('is paid without being fetched again, however long the person took', async () => {
    const time = clock()
    const requests: boolean[] = []
    const fetch: typeof globalThis.fetch = async (input, init) => {
      const paid = new Request(input, init).headers.has('X-PAYMENT')
      requests.push(paid)
      if (paid) return new Response('content', { status: 200 })
      return Response.json(
        {
          h402Version: 1,
          accepts: [
            {
              namespace: 'evm',
              networkId: '8453',
              tokenAddress: usdc.asset,
              amountRequired: 10000,
              amountRequiredFormat: 'smallestUnit',
              payToAddress: usdc.payTo,
              scheme: 'exact',
              resource: url,
            },
          ],
        },
        { status: 402 },
      )
    }
    const payer = mockPayer()
    const session = new PaymentSession({ input: url, fetch, payers: [payer], now: time.now })
    await session.start()
    expect(session.getSnapshot().selected?.maxTimeoutSeconds).toBeUndefined()
    time.advance(3_600_000)
    await session.pay()
    expect(session.getSnapshot().status).toBe('settled')
    expect(requests).toEqual([false, true])
    expect(payer.calls).toHaveLength(1)
  })
})
