import { describe, expect, test } from 'vitest'
import { mockPayer } from '../../testing/mockPayer.js'
import { mockAccepts, mockServer } from '../../testing/mockServer.js'
import { OutcomeUnknownError, QuoteExpiredError } from '../errors/payment.js'
import { NoPayableOptionError } from '../errors/policy.js'
import { UserRejectedError } from '../errors/wallet.js'
import { PaymentSession } from './paymentSession.js'
import { clock } from './test/controls.js'
import type { PaymentEvent } from './types.js'

// What a caller observes of the session's bookkeeping: events and their timing, the attempts
// counter, subscriptions, start()'s promise, reset()'s state, select()'s refusals.
const url = 'https://shop.example/article'

describe('events', () => {
  test('each status change is reported once, with its timing on the session clock', async () => {
    const time = clock()
    const events: PaymentEvent[] = []
    const session = new PaymentSession({
      input: url,
      fetch: mockServer().fetch,
      payers: [mockPayer()],
      now: time.now,
      onEvent: (event) => events.push(event),
    })
    time.advance(1_000)
    await session.start()
    time.advance(4_000)
    await session.pay()
    expect(events.map((event) => [event.previous, event.type])).toEqual([
      ['idle', 'fetching'],
      ['fetching', 'payment-required'],
      ['payment-required', 'selecting'],
      ['selecting', 'signing'],
      ['signing', 'submitting'],
      ['submitting', 'settled'],
    ])
    const start = 1_700_000_000_000
    expect(events[0]).toMatchObject({ at: start + 1_000, durationMs: 1_000, elapsedMs: 1_000 })
    expect(events[1]).toMatchObject({ at: start + 1_000, durationMs: 0, elapsedMs: 1_000 })
    expect(events[2]).toMatchObject({ at: start + 5_000, durationMs: 4_000, elapsedMs: 5_000 })
    expect(events[5]?.state.status).toBe('settled')
    expect(events[5]?.state).toBe(session.getSnapshot())
  })

  test("a person's select() starts 'selecting'; pay() later does not restart its clock", async () => {
    const time = clock()
    const events: PaymentEvent[] = []
    const session = new PaymentSession({
      input: url,
      fetch: mockServer().fetch,
      payers: [mockPayer()],
      now: time.now,
      onEvent: (event) => events.push(event),
    })
    await session.start()
    const id = session.getSnapshot().options[0]!.option.id
    session.select(id)
    expect(session.getSnapshot().status).toBe('selecting')
    time.advance(3_000)
    await session.pay()
    const signing = events.find((event) => event.type === 'signing')
    expect(signing).toMatchObject({ previous: 'selecting', durationMs: 3_000 })
    expect(events.filter((event) => event.type === 'selecting')).toHaveLength(1)
  })

  test('signing after a rejected prompt clears the error shown', async () => {
    const events: PaymentEvent[] = []
    const session = new PaymentSession({
      input: url,
      fetch: mockServer().fetch,
      payers: [mockPayer({ rejections: 1 })],
      onEvent: (event) => events.push(event),
    })
    await session.start()
    await session.pay()
    expect(session.getSnapshot().status).toBe('payment-required')
    expect(session.getSnapshot().error).toBeInstanceOf(UserRejectedError)
    events.length = 0
    await session.pay()
    const signing = events.find((event) => event.type === 'signing')
    expect(signing?.state.error).toBeUndefined()
    expect(signing?.state.step).toBeUndefined()
    expect(signing?.state.selected).toBeDefined()
    expect(session.getSnapshot().status).toBe('settled')
  })
})

describe('attempts', () => {
  test('counts each send of the paid request', async () => {
    const settled = new PaymentSession({
      input: url,
      fetch: mockServer().fetch,
      payers: [mockPayer()],
    })
    expect(settled.getSnapshot().attempts).toBe(0)
    await settled.start()
    await settled.pay()
    expect(settled.getSnapshot().attempts).toBe(1)

    const resent = new PaymentSession({
      input: url,
      fetch: mockServer({ answers: ['drop', 'settle'] }).fetch,
      payers: [mockPayer()],
      resendDelayMs: 0,
    })
    await resent.start()
    await resent.pay()
    expect(resent.getSnapshot().status).toBe('settled')
    expect(resent.getSnapshot().attempts).toBe(2)
  })
})

describe('subscribe / start / reset / select', () => {
  test('the initial state has no options; unsubscribe stops notifications', async () => {
    const session = new PaymentSession({
      input: url,
      fetch: mockServer().fetch,
      payers: [mockPayer()],
    })
    expect(session.getSnapshot().options).toEqual([])
    expect(session.getSnapshot().status).toBe('idle')
    let calls = 0
    const unsubscribe = session.subscribe(() => calls++)
    unsubscribe()
    await session.start()
    expect(calls).toBe(0)
  })

  test('start() always returns a promise, and a second start() waits for the first', async () => {
    const session = new PaymentSession({
      input: url,
      fetch: mockServer().fetch,
      payers: [mockPayer()],
    })
    const first = session.start()
    const second = session.start()
    expect(second).toBeInstanceOf(Promise)
    await second
    expect(session.getSnapshot().status).toBe('payment-required')
    await first
    const third = session.start()
    expect(third).toBeInstanceOf(Promise)
    await third
  })

  test('reset() returns to the initial state', async () => {
    const time = clock()
    const session = new PaymentSession({
      input: url,
      fetch: mockServer().fetch,
      payers: [mockPayer({ rejections: 1 })],
      now: time.now,
    })
    await session.start()
    await session.pay()
    expect(session.getSnapshot().error).toBeDefined()
    time.advance(10_000)
    expect(session.reset()).toBe(true)
    const state = session.getSnapshot()
    expect(state).toMatchObject({
      status: 'idle',
      paymentRequired: undefined,
      options: [],
      selected: undefined,
      error: undefined,
      attempts: 0,
      since: time.now(),
    })
  })

  test('select() of an unknown id changes nothing', async () => {
    const session = new PaymentSession({
      input: url,
      fetch: mockServer().fetch,
      payers: [mockPayer()],
    })
    await session.start()
    const before = session.getSnapshot()
    session.select('no-such-option')
    expect(session.getSnapshot()).toBe(before)
    expect(session.getSnapshot().status).toBe('payment-required')
  })

  test('select() after a payment is signed changes nothing', async () => {
    const accepts = [mockAccepts[0]!, { ...mockAccepts[0]!, amount: '20000' }]
    const session = new PaymentSession({
      input: url,
      fetch: mockServer({ accepts, answers: 'refuse' }).fetch,
      payers: [mockPayer({ check: 'not-paid' })],
    })
    await session.start()
    await session.pay()
    const state = session.getSnapshot()
    // Failed, and proven not paid: still the signed payment's intent until retry() renews it.
    expect(state.status).toBe('failed')
    expect(state.payment).toBeDefined()
    const other = state.options.find((entry) => entry.option !== state.selected)!
    session.select(other.option.id)
    expect(session.getSnapshot()).toBe(state)
  })
})

describe('errors the UI shows', () => {
  test("nothing payable: each option's refusal reason is listed", async () => {
    const session = new PaymentSession({
      input: url,
      fetch: mockServer().fetch,
      payers: [mockPayer({ canPay: () => 'The wallet is on another account.' })],
    })
    await session.start()
    expect(session.getSnapshot().selected).toBeUndefined()
    await session.pay()
    const { status, error } = session.getSnapshot()
    expect(status).toBe('failed')
    expect(error).toBeInstanceOf(NoPayableOptionError)
    expect((error as NoPayableOptionError).refusals.map((r) => r.reason)).toEqual([
      'The wallet is on another account.',
    ])
  })

  test('a server that keeps sending an expired quote: QuoteExpiredError saying so', async () => {
    const time = clock()
    const payer = mockPayer()
    const session = new PaymentSession({
      input: url,
      // Every read of the clock is 61 s later: a 60-second quote is always expired.
      now: () => {
        time.advance(61_000)
        return time.now()
      },
      fetch: mockServer().fetch,
      payers: [payer],
    })
    await session.start()
    await session.pay()
    const { status, error } = session.getSnapshot()
    expect(status).toBe('failed')
    expect(error).toBeInstanceOf(QuoteExpiredError)
    expect(error?.details).toBe('The server keeps sending an expired quote.')
    expect(payer.calls).toHaveLength(0)
  })

  test('a 500 after the payment was sent: outcome-unknown naming the status', async () => {
    const session = new PaymentSession({
      input: url,
      fetch: mockServer({ answers: 'settle-then-fail' }).fetch,
      payers: [mockPayer()],
    })
    await session.start()
    await session.pay()
    const { status, error } = session.getSnapshot()
    expect(status).toBe('outcome-unknown')
    expect(error).toBeInstanceOf(OutcomeUnknownError)
    expect(error?.details).toBe('The server answered 500 after the payment was sent.')
  })
})
