import { describe, expect, test } from 'vitest'
import { mockPayer } from '../../testing/mockPayer.js'
import { mockServer } from '../../testing/mockServer.js'
import { OutcomeUnknownError, TransactionRevertedError } from '../errors/payment.js'
import { UserRejectedError } from '../errors/wallet.js'
import type { Payer } from '../payer.js'
import { PaymentSession } from './paymentSession.js'

// After a wallet reports `broadcasting`, money may have moved: only a definite answer (the
// person rejected, or the transaction is known to have failed) is a failure; anything else is
// `outcome-unknown` (SPEC §5.2, §5.7). And what check() reports must be the payer's answer.
const url = 'https://shop.example/article'

function broadcastingThen(error: unknown): Payer {
  return {
    ...mockPayer(),
    createPayment: async (_option, context) => {
      context.onStep?.('broadcasting')
      throw error
    },
  }
}

async function paidWith(payer: Payer) {
  const session = new PaymentSession({ input: url, fetch: mockServer().fetch, payers: [payer] })
  await session.start()
  await session.pay()
  return session.getSnapshot()
}

describe('a payer failing after it broadcast', () => {
  test('a rejection in the wallet: back to the choice, nothing moved', async () => {
    const rejection = new UserRejectedError()
    const state = await paidWith(broadcastingThen(rejection))
    expect(state.status).toBe('payment-required')
    expect(state.error).toBe(rejection)
  })

  test('a rejection wrapped in another error is still a rejection, not an unknown outcome', async () => {
    const wrapped = new Error('wallet said no', { cause: new UserRejectedError() })
    const state = await paidWith(broadcastingThen(wrapped))
    expect(state.status).toBe('failed')
    expect(state.error).not.toBeInstanceOf(OutcomeUnknownError)
  })

  test('a transaction known to have reverted is a failure, with its hash', async () => {
    const reverted = new TransactionRevertedError({ transaction: '0xdead' })
    const state = await paidWith(broadcastingThen(reverted))
    expect(state.status).toBe('failed')
    expect(state.error).toBe(reverted)
  })

  test("the payer's own OutcomeUnknownError is kept as it is", async () => {
    const unknown = new OutcomeUnknownError({ transaction: '0xbeef', details: 'No receipt.' })
    const state = await paidWith(broadcastingThen(unknown))
    expect(state.status).toBe('outcome-unknown')
    expect(state.error).toBe(unknown)
  })

  test('any other failure is outcome-unknown, carrying it as the cause', async () => {
    const lost = new Error('RPC went away')
    const state = await paidWith(broadcastingThen(lost))
    expect(state.status).toBe('outcome-unknown')
    expect(state.error).toBeInstanceOf(OutcomeUnknownError)
    expect((state.error as OutcomeUnknownError).details).toBe(
      'The wallet failed after broadcasting.',
    )
    expect((state.error as OutcomeUnknownError).cause).toBe(lost)
  })

  test('before a broadcast, the same failure is a plain failure', async () => {
    const payer: Payer = {
      ...mockPayer(),
      createPayment: async () => {
        throw new Error('RPC went away')
      },
    }
    const state = await paidWith(payer)
    expect(state.status).toBe('failed')
  })
})

describe('check() reports what the payer answered', () => {
  async function checked(answer: unknown) {
    const payer = mockPayer({ check: () => answer as never })
    const session = new PaymentSession({
      input: url,
      fetch: mockServer({ answers: 'settle-then-fail' }).fetch,
      payers: [payer],
    })
    await session.start()
    await session.pay()
    expect(session.getSnapshot().status).toBe('outcome-unknown')
    await session.check()
    return session.getSnapshot().reconciliation
  }

  test('an answer that is none of paid, not-paid, unknown is no answer', async () => {
    expect(await checked({ status: 'probably' })).toMatchObject({
      status: 'unknown',
      reason: 'The payer gave no answer.',
    })
  })

  test("the payer's transaction and reason are kept, and only when given", async () => {
    const reconciliation = await checked({
      status: 'unknown',
      transaction: '0x12',
      reason: 'Pending.',
    })
    expect(reconciliation).toMatchObject({
      status: 'unknown',
      transaction: '0x12',
      reason: 'Pending.',
    })
    const bare = await checked({ status: 'unknown' })
    expect(bare).not.toHaveProperty('reason')
    expect(bare).not.toHaveProperty('transaction')
  })
})
