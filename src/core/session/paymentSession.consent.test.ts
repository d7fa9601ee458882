import { describe, expect, test } from 'vitest'
import { mockPayer } from '../../testing/mockPayer.js'
import { mockServer } from '../../testing/mockServer.js'
import { PaymentAlreadyAttemptedError } from '../errors/payment.js'
import { PolicyViolationError } from '../errors/policy.js'
import { WalletNotConnectedError } from '../errors/wallet.js'
import { PaymentSession } from './paymentSession.js'

// SPEC §5.1: nothing is signed that the policy, the wallet, or a person did not allow. Each
// check is re-made right before signing; these tests reach the ones the session guards itself.
const url = 'https://shop.example/article'

describe('consent, checked again right before signing', () => {
  test('autoPay without a policy is refused at construction', () => {
    expect(() => new PaymentSession({ input: url, autoPay: true })).toThrow(
      new TypeError('PaymentSession: autoPay needs a policy (use defaultPaymentPolicy).'),
    )
    expect(
      () => new PaymentSession({ input: url, autoPay: true, policy: { caps: [] } }),
    ).not.toThrow()
  })

  test('an option the policy refuses is not signed, even when a person selects it', async () => {
    const payer = mockPayer()
    const session = new PaymentSession({
      input: url,
      fetch: mockServer().fetch,
      payers: [payer],
      policy: { caps: [] },
    })
    await session.start()
    const [entry] = session.getSnapshot().options
    expect(entry?.eligible).toBe(false)
    session.select(entry!.option.id)
    await session.pay()
    const error = session.getSnapshot().error
    expect(error).toBeInstanceOf(PolicyViolationError)
    expect((error as PolicyViolationError).details).toMatch(/^No spend cap covers USDC on Base/)
    expect(payer.calls).toHaveLength(0)
  })

  test('a wallet that stops accepting the option while connecting: refused with its reason', async () => {
    let refusal: string | undefined
    let connected = false
    const payer = mockPayer({ canPay: () => refusal })
    const session = new PaymentSession({
      input: url,
      fetch: mockServer().fetch,
      payers: () => (connected ? [payer] : []),
      connect: async () => {
        connected = true
        refusal = 'The wallet switched to another account.'
        return payer
      },
    })
    await session.start()
    session.select(session.getSnapshot().options[0]!.option.id)
    await session.pay()
    const error = session.getSnapshot().error
    expect(error).toBeInstanceOf(PolicyViolationError)
    expect((error as PolicyViolationError).details).toBe('The wallet switched to another account.')
    expect(payer.calls).toHaveLength(0)
  })

  test('without a connected wallet nor a way to connect one: WalletNotConnectedError', async () => {
    const session = new PaymentSession({ input: url, fetch: mockServer().fetch, payers: [] })
    await session.start()
    session.select(session.getSnapshot().options[0]!.option.id)
    await session.pay()
    const error = session.getSnapshot().error
    expect(error).toBeInstanceOf(WalletNotConnectedError)
  })

  test('a request that already carries a payment names the header', async () => {
    const payer = mockPayer()
    const session = new PaymentSession({
      input: url,
      init: { headers: { 'PAYMENT-SIGNATURE': 'earlier' } },
      // The server answers 402 as if it ignored the header; the session must not pay on top.
      fetch: (input, init) => mockServer().fetch(input, { ...init, headers: {} }),
      payers: [payer],
    })
    await session.start()
    await session.pay()
    const error = session.getSnapshot().error
    expect(error).toBeInstanceOf(PaymentAlreadyAttemptedError)
    expect((error as PaymentAlreadyAttemptedError).details).toBe(
      'The request already carries PAYMENT-SIGNATURE.',
    )
    expect(payer.calls).toHaveLength(0)
  })
})
