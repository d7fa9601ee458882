import { describe, expect, test } from 'vitest'
import { mockPayer } from '../../testing/mockPayer.js'
import { mockServer } from '../../testing/mockServer.js'
import { encodeBase64Json } from '../codec/base64Json.js'
import { decodeSettlement } from '../decodeSettlement.js'
import { OutcomeUnknownError } from '../errors/payment.js'
import type { Payer } from '../payer.js'
import { PaymentSession } from './paymentSession.js'

// Guards that hand-made mutations of the engine survived (issue 6): each test here fails when
// its guard is removed.
const url = 'https://shop.example/article'

describe('resends only while the payload is valid', () => {
  test('retry() after outcome-unknown does not resend a payload within 6 s of its validBefore', async () => {
    let now = 1_700_000_000_000
    const server = mockServer({ answers: 'settle-then-fail' })
    // Valid for 60 s from signing.
    const payer = mockPayer()
    const session = new PaymentSession({
      input: url,
      fetch: server.fetch,
      payers: [payer],
      now: () => now,
    })
    await session.start()
    await session.pay()
    expect(session.getSnapshot().status).toBe('outcome-unknown')
    now += 55_000
    await session.retry()
    expect(server.requests.filter((r) => r.payment)).toHaveLength(1)
    now -= 2_000
    await session.retry()
    expect(server.requests.filter((r) => r.payment)).toHaveLength(2)
    expect(payer.calls).toHaveLength(1)
  })

  test('a dropped send is not resent within 6 s of validBefore', async () => {
    const server = mockServer({ answers: 'drop' })
    const payer = mockPayer({ validForSeconds: 5 })
    const session = new PaymentSession({
      input: url,
      fetch: server.fetch,
      payers: [payer],
      resendDelayMs: 0,
    })
    await session.start()
    await session.pay()
    expect(session.getSnapshot().status).toBe('outcome-unknown')
    expect(server.requests.filter((r) => r.payment)).toHaveLength(1)
  })
})

describe('money that may have moved is never "failed"', () => {
  test('a custom payer that throws after reporting a broadcast: outcome-unknown', async () => {
    const payer: Payer = {
      ...mockPayer(),
      createPayment: async (_option, context) => {
        context.onStep?.('broadcasting')
        throw new Error('RPC went away after sending')
      },
    }
    const session = new PaymentSession({ input: url, fetch: mockServer().fetch, payers: [payer] })
    await session.start()
    await session.pay()
    expect(session.getSnapshot().status).toBe('outcome-unknown')
    expect(session.getSnapshot().error).toBeInstanceOf(OutcomeUnknownError)
  })

  test('a settlement header without success: true is not a success', () => {
    const response = new Response('ok', {
      headers: {
        'PAYMENT-RESPONSE': encodeBase64Json({
          transaction: `0x${'1'.repeat(64)}`,
          network: 'base',
        }),
      },
    })
    expect(decodeSettlement(response)?.success).toBe(false)
  })
})
