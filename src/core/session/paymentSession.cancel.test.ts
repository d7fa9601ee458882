import { describe, expect, test } from 'vitest'
import { mockPayer } from '../../testing/mockPayer.js'
import { mockServer } from '../../testing/mockServer.js'
import { PaymentSession } from './paymentSession.js'
import { gate, tick } from './test/controls.js'

// Cancelling an intent (reset, dispose) at each step, and which payer is asked.
const url = 'https://shop.example/article'

/** A fetch that never answers until its signal aborts. */
const hangingFetch = ((_input: RequestInfo | URL, init?: RequestInit) =>
  new Promise<Response>((_, reject) => {
    init?.signal?.addEventListener('abort', () => reject(init.signal?.reason), { once: true })
  })) as typeof globalThis.fetch

describe('reset()', () => {
  test('during the first fetch: the session stays idle, no error shown', async () => {
    const session = new PaymentSession({ input: url, fetch: hangingFetch })
    const starting = session.start()
    await tick()
    expect(session.getSnapshot().status).toBe('fetching')
    expect(session.reset()).toBe(true)
    await starting
    await tick()
    expect(session.getSnapshot()).toMatchObject({ status: 'idle', error: undefined })
  })

  test('during a balance read: the late balances do not reach the new intent', async () => {
    const read = gate<bigint>()
    const session = new PaymentSession({
      input: url,
      fetch: mockServer().fetch,
      payers: [mockPayer()],
      readBalances: 'always',
      getBalance: () => read.promise,
    })
    const starting = session.start()
    await tick()
    expect(session.getSnapshot().status).toBe('payment-required')
    expect(session.reset()).toBe(true)
    read.open(1_000_000n)
    await starting
    await tick()
    expect(session.getSnapshot()).toMatchObject({
      status: 'idle',
      options: [],
      selected: undefined,
    })
  })

  test('refused while switching network after the wallet reported a broadcast', async () => {
    const answer = gate<'approve'>()
    const payer = mockPayer({
      kind: 'broadcast',
      steps: ['broadcasting', 'switching-network'],
      signDelay: () => answer.promise,
    })
    const server = mockServer()
    const session = new PaymentSession({ input: url, fetch: server.fetch, payers: [payer] })
    await session.start()
    const paying = session.pay()
    await tick()
    expect(session.getSnapshot().status).toBe('switching-network')
    expect(session.reset()).toBe(false)
    answer.open('approve')
    await paying
    expect(session.getSnapshot().status).toBe('settled')
    expect(server.settled).toHaveLength(1)
  })
})

describe('queued calls', () => {
  test('pay() asked while the 402 is still loading pays once it is there', async () => {
    const server = mockServer()
    const payer = mockPayer()
    const session = new PaymentSession({ input: url, fetch: server.fetch, payers: [payer] })
    const starting = session.start()
    const paying = session.pay()
    await Promise.all([starting, paying])
    expect(session.getSnapshot().status).toBe('settled')
    expect(payer.calls).toHaveLength(1)
  })
})

describe('dispose() while a broadcast prompt is open', () => {
  test('the broadcast is still sent to the server, but the disposed session is not revived', async () => {
    const answer = gate<'approve'>()
    const payer = mockPayer({ kind: 'broadcast', steps: [], signDelay: () => answer.promise })
    const server = mockServer()
    const session = new PaymentSession({ input: url, fetch: server.fetch, payers: [payer] })
    await session.start()
    const paying = session.pay()
    await tick()
    expect(session.getSnapshot().status).toBe('signing')
    session.dispose()
    answer.open('approve')
    await paying
    await tick()
    expect(server.requests.filter((r) => r.payment)).toHaveLength(1)
    expect(server.settled).toHaveLength(1)
    expect(session.getSnapshot()).toMatchObject({ status: 'signing', payment: undefined })
  })
})

describe('which payer', () => {
  test('the payer of the option namespace signs, whatever the order of the payers', async () => {
    const solana = mockPayer({ namespace: 'solana' })
    const evm = mockPayer()
    const server = mockServer()
    const session = new PaymentSession({ input: url, fetch: server.fetch, payers: [solana, evm] })
    await session.start()
    await session.pay()
    expect(session.getSnapshot().status).toBe('settled')
    expect(evm.calls).toHaveLength(1)
    expect(solana.calls).toHaveLength(0)
  })

  test('the chain is asked by the payer that signed, even after the payers changed', async () => {
    const signer = mockPayer({ check: 'not-paid' })
    const other = mockPayer({ check: 'paid' })
    let payers = [signer]
    const session = new PaymentSession({
      input: url,
      fetch: mockServer({ answers: 'refuse' }).fetch,
      payers: () => payers,
      onEvent: (event) => {
        if (event.type === 'submitting') payers = [other]
      },
    })
    await session.start()
    await session.pay()
    expect(signer.checks).toHaveLength(1)
    expect(other.checks).toHaveLength(0)
    expect(session.getSnapshot()).toMatchObject({
      status: 'failed',
      reconciliation: { status: 'not-paid' },
    })
  })
})
