import { describe, expect, test } from 'vitest'
import { mockPayer } from '../../testing/mockPayer.js'
import { mockServer } from '../../testing/mockServer.js'
import type { Payer, PaymentContext, PreparedPayment } from '../payer.js'
import { PaymentSession } from './paymentSession.js'
import { gate, tick } from './test/controls.js'

// A cancel while the wallet is asking, and what the wallet does after it: the session must
// never show "idle" while money may have moved, or while a payment is being sent.
const url = 'https://shop.example/article'

/** A wallet that broadcasts once let go, then fails (its RPC dies before the receipt). */
function broadcastThenFail(letGo: Promise<void>): Payer & { asked: number } {
  const payer = {
    namespace: 'evm' as const,
    asked: 0,
    canPay: () => undefined,
    getAddress: async () => '0x1111111111111111111111111111111111111111',
    async createPayment(_option: unknown, context: PaymentContext): Promise<PreparedPayment> {
      payer.asked++
      await letGo
      context.onStep?.('broadcasting')
      throw new Error('The RPC went away after sending the transaction.')
    },
  }
  return payer
}

describe('a cancelled intent whose wallet moved money anyway', () => {
  test('broadcast then failed after reset(): the session says the outcome is unknown', async () => {
    const letGo = gate()
    const payer = broadcastThenFail(letGo.promise)
    const session = new PaymentSession({ input: url, fetch: mockServer().fetch, payers: [payer] })
    await session.start()
    const paying = session.pay()
    await tick()
    expect(session.getSnapshot().status).toBe('signing')
    expect(session.reset()).toBe(true)
    letGo.open()
    await paying
    await tick()
    expect(session.getSnapshot()).toMatchObject({
      status: 'outcome-unknown',
      error: { code: 'outcome_unknown', details: 'The wallet failed after broadcasting.' },
    })
    expect(session.getSnapshot().selected).toBeDefined()
    expect(payer.asked).toBe(1)
  })

  test('after dispose() there is nobody to tell: nothing is thrown, nothing changes', async () => {
    const letGo = gate()
    const session = new PaymentSession({
      input: url,
      fetch: mockServer().fetch,
      payers: [broadcastThenFail(letGo.promise)],
    })
    await session.start()
    const paying = session.pay()
    await tick()
    session.dispose()
    letGo.open()
    await expect(paying).resolves.toBeUndefined()
  })
})

describe('a listener told of the payment', () => {
  test('cannot cancel it: the payment is shown submitting at once, and reset() is refused', async () => {
    const server = mockServer()
    const session = new PaymentSession({ input: url, fetch: server.fetch, payers: [mockPayer()] })
    await session.start()
    const seen: { status: string; reset: boolean }[] = []
    session.subscribe(() => {
      const { payment, status } = session.getSnapshot()
      if (payment && seen.length === 0) seen.push({ status, reset: session.reset() })
    })
    await session.pay()
    expect(seen).toEqual([{ status: 'submitting', reset: false }])
    const { status, payment } = session.getSnapshot()
    expect(status).toBe('settled')
    expect(payment).toBeDefined()
    expect(server.settled).toHaveLength(1)
  })
})

describe('a failure of an intent cancelled while it ran', () => {
  test('is nobody’s business: a refusal that comes after reset() leaves the new intent idle', async () => {
    let session!: PaymentSession
    let armed = false
    const payer = {
      ...mockPayer(),
      // The wallet's last check before signing, reached after the person cancelled: the refusal
      // belongs to the intent that was cancelled, not to the one that replaced it.
      canPay: () => {
        if (!armed) return undefined
        armed = false
        session.reset()
        return 'This wallet was disconnected.'
      },
    }
    session = new PaymentSession({ input: url, fetch: mockServer().fetch, payers: [payer] })
    await session.start()
    expect(session.getSnapshot().status).toBe('payment-required')
    armed = true
    await session.pay()
    await tick()
    expect(armed).toBe(false)
    expect(session.getSnapshot()).toMatchObject({ status: 'idle', error: undefined })
  })
})
