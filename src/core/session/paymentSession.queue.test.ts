import { describe, expect, test } from 'vitest'
import { mockPayer } from '../../testing/mockPayer.js'
import { mockAccepts, mockServer } from '../../testing/mockServer.js'
import type { Payer } from '../payer.js'
import { PaymentSession } from './paymentSession.js'
import { gate, tick } from './test/controls.js'

// Calls that arrive while a task runs (a retry during a refusal, a pay() queued behind a cancelled
// intent or behind a revived broadcast), and what retry() and refresh() may do once a payment
// exists: a refused payload is never sent again, a payload without expiry is resent.
const url = 'https://shop.example/article'
const USDT_BASE = '0xfde4C96c8593536E31F229EA8f37b2ADa2699bb2'

/** A fetch that never answers until its signal aborts. */
const hanging = (init?: RequestInit) =>
  new Promise<Response>((_, reject) => {
    init?.signal?.addEventListener('abort', () => reject(init.signal?.reason), { once: true })
  })

describe('once a payment exists', () => {
  test('a retry() asked while a refusal proven "not paid" is reported never sends the refused payload again', async () => {
    const server = mockServer({ answers: 'refuse' })
    const payer = mockPayer({ check: 'not-paid' })
    const retries: Promise<void>[] = []
    const session = new PaymentSession({
      input: url,
      fetch: server.fetch,
      payers: [payer],
      // A UI that retries the moment it is told about the failure.
      onEvent: (event) => {
        if (event.type === 'failed' && retries.length === 0) retries.push(session.retry())
      },
    })
    await session.start()
    await session.pay()
    await Promise.all(retries)
    expect(retries).toHaveLength(1)
    expect(server.requests.filter((r) => r.payment)).toHaveLength(1)
    expect(payer.calls).toHaveLength(1)
    expect(session.getSnapshot()).toMatchObject({
      status: 'failed',
      reconciliation: { status: 'not-paid' },
    })
  })

  test('refresh() after a refused payment reads no balance and changes nothing', async () => {
    const usdt = { ...mockAccepts[0]!, asset: USDT_BASE, extra: {} }
    let reads = 0
    const session = new PaymentSession({
      input: url,
      fetch: mockServer({ accepts: [mockAccepts[0]!, usdt], answers: 'refuse' }).fetch,
      payers: [mockPayer({ check: 'not-paid' })],
      getBalance: async () => {
        reads++
        return 1_000_000n
      },
    })
    await session.start()
    await session.pay()
    const state = session.getSnapshot()
    expect(state).toMatchObject({ status: 'failed', payment: { kind: 'authorization' } })
    const readsBefore = reads
    await session.refresh()
    expect(session.getSnapshot()).toBe(state)
    expect(reads).toBe(readsBefore)
  })

  test('a payload without an expiry whose outcome is unknown is resent by retry(), never signed again', async () => {
    const server = mockServer({ answers: ['drop', 'settle'] })
    const mock = mockPayer()
    const payer: Payer = {
      ...mock,
      async createPayment(option, context) {
        const { validBefore: _validBefore, ...payment } = await mock.createPayment(option, context)
        return payment
      },
    }
    const session = new PaymentSession({
      input: url,
      fetch: server.fetch,
      payers: [payer],
      maxResends: 0,
    })
    await session.start()
    await session.pay()
    expect(session.getSnapshot()).toMatchObject({ status: 'outcome-unknown' })
    expect(session.getSnapshot().payment?.validBefore).toBeUndefined()
    await session.retry()
    expect(session.getSnapshot().status).toBe('settled')
    const sent = server.requests.filter((r) => r.payment).map((r) => r.payment)
    expect(sent).toHaveLength(2)
    expect(sent[1]).toBe(sent[0])
    expect(mock.calls).toHaveLength(1)
  })
})

describe('queued calls', () => {
  test("a pay() queued behind a cancelled intent returns when that intent ends, not after the next intent's work", async () => {
    const server = mockServer()
    let unpaid = 0
    const fetch: typeof globalThis.fetch = (input, init) =>
      // The first load and the next intent's load both hang; a cancel aborts them.
      ++unpaid <= 2 ? hanging(init) : server.fetch(input, init)
    const payer = mockPayer()
    const session = new PaymentSession({ input: url, fetch, payers: [payer] })
    const starting = session.start()
    let returned = false
    const paying = session.pay().then(() => {
      returned = true
    })
    await tick()
    expect(session.reset()).toBe(true)
    const next = session.start()
    for (let i = 0; i < 5; i++) await tick()
    expect(returned).toBe(true)
    expect(session.getSnapshot().status).toBe('fetching')
    expect(payer.calls).toHaveLength(0)
    expect(session.reset()).toBe(true)
    await Promise.all([starting, paying, next])
  })

  test('a pay() asked while a broadcast of a cancelled intent is being submitted resolves with its outcome', async () => {
    const server = mockServer()
    const answer = gate<'approve'>()
    const delivered = gate()
    let unpaid = 0
    const fetch: typeof globalThis.fetch = async (input, init) => {
      const paid = new Request(input, init).headers.has('PAYMENT-SIGNATURE')
      if (paid) await delivered.promise
      else if (++unpaid === 2) return hanging(init)
      return server.fetch(input, init)
    }
    const payer = mockPayer({ kind: 'broadcast', steps: [], signDelay: () => answer.promise })
    const session = new PaymentSession({ input: url, fetch, payers: [payer] })
    await session.start()
    const paying = session.pay()
    await tick()
    expect(session.getSnapshot().status).toBe('signing')
    // Cancelled before the wallet said it broadcast; the next intent starts loading.
    expect(session.reset()).toBe(true)
    const next = session.start()
    await tick()
    // The wallet broadcast anyway: the session takes that payment back and submits it.
    answer.open('approve')
    for (let i = 0; i < 5; i++) await tick()
    expect(session.getSnapshot().status).toBe('submitting')
    let returned = false
    const again = session.pay().then(() => {
      returned = true
    })
    for (let i = 0; i < 5; i++) await tick()
    expect(returned).toBe(false)
    delivered.open()
    await Promise.all([paying, next, again])
    expect(session.getSnapshot().status).toBe('settled')
    expect(payer.calls).toHaveLength(1)
    expect(server.settled).toHaveLength(1)
  })
})
