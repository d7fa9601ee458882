import { describe, expect, test } from 'vitest'
import { mockPayer } from '../../testing/mockPayer.js'
import { mockServer } from '../../testing/mockServer.js'
import { PaymentSession } from './paymentSession.js'

// SPEC §5.2, one signature per intent: pay() signs only while no payment exists. A refused
// payment leaves the session `failed` with its payment kept; only retry() starts a new intent.
const url = 'https://shop.example/article'

describe('pay() after a refusal that moved nothing', () => {
  test('does not sign again until retry() starts a new intent', async () => {
    const server = mockServer({ answers: 'refuse' })
    const payer = mockPayer({ check: 'not-paid' })
    const session = new PaymentSession({ input: url, fetch: server.fetch, payers: [payer] })
    await session.start()
    await session.pay()
    expect(session.getSnapshot().status).toBe('failed')
    expect(payer.calls).toHaveLength(1)

    await session.pay()
    expect(payer.calls).toHaveLength(1)
    expect(server.requests.filter((request) => request.payment)).toHaveLength(1)

    await session.retry()
    await session.pay()
    expect(payer.calls).toHaveLength(2)
  })
})
