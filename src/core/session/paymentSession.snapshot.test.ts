import { describe, expect, test } from 'vitest'
import { mockPayer } from '../../testing/mockPayer.js'
import { mockServer } from '../../testing/mockServer.js'
import { defaultPaymentPolicy } from '../policy/paymentPolicy.js'
import { PaymentSession } from './paymentSession.js'
import type { PaymentEvent, PaymentSessionState } from './types.js'

// The session changes its own state in place and hands out frozen copies made on demand: what
// was handed out must never change afterwards, and each change must give a new object.
const url = 'https://shop.example/article'

describe('snapshots', () => {
  test('a snapshot handed out never changes; each change gives a new frozen one', async () => {
    const session = new PaymentSession({
      input: url,
      fetch: mockServer().fetch,
      payers: [mockPayer()],
      policy: defaultPaymentPolicy,
    })
    const idle = session.getSnapshot()
    expect(session.getSnapshot()).toBe(idle)
    const seen: PaymentSessionState[] = []
    session.subscribe(() => seen.push(session.getSnapshot()))
    await session.start()
    expect(idle.status).toBe('idle')
    expect(idle.paymentRequired).toBeUndefined()
    const required = session.getSnapshot()
    expect(required.status).toBe('payment-required')
    expect(required).not.toBe(idle)
    await session.pay()
    expect(required.status).toBe('payment-required')
    expect(required.payment).toBeUndefined()
    expect(session.getSnapshot().status).toBe('settled')
    // One snapshot per change, each as it was then.
    expect(new Set(seen).size).toBe(seen.length)
    expect(seen.every((state) => Object.isFrozen(state))).toBe(true)
    expect(seen.map((state) => state.status)).toContain('signing')
    expect(seen.at(-1)!.status).toBe('settled')
  })

  test("each event's state is the snapshot of that moment", async () => {
    const events: PaymentEvent[] = []
    const session = new PaymentSession({
      input: url,
      fetch: mockServer().fetch,
      payers: [mockPayer()],
      policy: defaultPaymentPolicy,
      autoPay: true,
      onEvent: (event) => events.push(event),
    })
    await session.start()
    expect(events.length).toBeGreaterThan(3)
    for (const event of events) {
      expect(event.state.status).toBe(event.type)
      expect(event.state.since).toBe(event.at)
      expect(Object.isFrozen(event.state)).toBe(true)
    }
    expect(events.at(-1)!.state).toBe(session.getSnapshot())
  })
})
