import { describe, expect, test } from 'vitest'
import { mockPayer } from '../../testing/mockPayer.js'
import { mockAccepts, mockServer } from '../../testing/mockServer.js'
import { NoPayableOptionError, PolicyViolationError } from '../errors/policy.js'
import { WalletNotConnectedError } from '../errors/wallet.js'
import type { Payer, PaymentContext, PreparedPayment } from '../payer.js'
import { stablecoinCaps } from '../policy/paymentPolicy.js'
import { PaymentSession } from './paymentSession.js'
import { clock, gate, tick } from './test/controls.js'
import type { PaymentStatus } from './types.js'

// Who may sign what, and what a prompt of a cancelled intent may still change: the policy's
// verdict on the option a person picked, a connected wallet's own refusal, steps a wallet
// reports after a cancel, and a cancel at the moment a broadcast is shown.
const policy = { caps: stablecoinCaps('0.10') }
const url = 'https://shop.example/article'
const USDT_BASE = '0xfde4C96c8593536E31F229EA8f37b2ADa2699bb2'

describe('consent for the option that is signed', () => {
  test('a person who picks the option the policy refuses, among allowed ones, is refused: nothing signed', async () => {
    const overCap = { ...mockAccepts[0]!, asset: USDT_BASE, amount: '200000', extra: {} }
    const payer = mockPayer()
    const session = new PaymentSession({
      input: url,
      fetch: mockServer({ accepts: [mockAccepts[0]!, overCap] }).fetch,
      payers: [payer],
      // Both tokens up to 0.10.
      policy: {
        caps: [...policy.caps, { network: 'eip155:8453', asset: USDT_BASE, max: 100_000n }],
      },
    })
    await session.start()
    const refused = session.getSnapshot().options.find((entry) => !entry.eligible)!
    expect(refused.option.asset.address).toBe(USDT_BASE)
    session.select(refused.option.id)
    await session.pay()
    const error = session.getSnapshot().error
    expect(error).toBeInstanceOf(PolicyViolationError)
    expect((error as PolicyViolationError).details).toBe(refused.reason)
    expect(refused.reason).toBe('The amount 200000 is above the cap of 100000 atomic units.')
    expect(payer.calls).toHaveLength(0)
  })

  test('a wallet connected for the payment that cannot pay the option: refused with its reason, no prompt', async () => {
    const payer = mockPayer({ canPay: () => 'This account holds no USDC on Base.' })
    const session = new PaymentSession({
      input: url,
      fetch: mockServer().fetch,
      // The app hands the connected wallet to this payment only; `payers` stays empty.
      connect: async () => payer,
    })
    await session.start()
    await session.pay()
    const error = session.getSnapshot().error
    expect(error).toBeInstanceOf(PolicyViolationError)
    expect((error as PolicyViolationError).details).toBe('This account holds no USDC on Base.')
    expect(payer.calls).toHaveLength(0)
  })

  test('an option picked with no wallet and no way to connect one asks for a wallet of its chain', async () => {
    const session = new PaymentSession({ input: url, fetch: mockServer().fetch, payers: [] })
    await session.start()
    session.select(session.getSnapshot().options[0]!.option.id)
    await session.pay()
    const error = session.getSnapshot().error
    expect(error).toBeInstanceOf(WalletNotConnectedError)
    expect(error?.shortMessage).toBe('Connect an EVM wallet to pay.')
  })

  test('run() on a session that does not pay by itself ends without signing: NoPayableOptionError', async () => {
    const payer = mockPayer()
    const session = new PaymentSession({ input: url, fetch: mockServer().fetch, payers: [payer] })
    const error = await session.run().catch((e: unknown) => e)
    expect(error).toBeInstanceOf(NoPayableOptionError)
    expect((error as NoPayableOptionError).refusals).toEqual([])
    expect(session.getSnapshot().status).toBe('payment-required')
    expect(payer.calls).toHaveLength(0)
  })
})

/** A payer whose prompt waits for `answer`, then reports `steps` and returns `payment`. */
function latePayer(
  answer: Promise<void>,
  steps: Parameters<NonNullable<PaymentContext['onStep']>>[0][],
  payment: (context: PaymentContext) => PreparedPayment,
): Payer & { prompts: number } {
  const payer = {
    namespace: 'evm',
    prompts: 0,
    canPay: () => undefined,
    getAddress: async () => '0x1111111111111111111111111111111111111111',
    async createPayment(_option, context) {
      payer.prompts++
      await answer
      for (const step of steps) context.onStep?.(step)
      return payment(context)
    },
  } satisfies Payer & { prompts: number }
  return payer
}

const authorization = (context: PaymentContext): PreparedPayment => ({
  kind: 'authorization',
  payload: { mock: true },
  payer: '0x1111111111111111111111111111111111111111',
  validBefore: context.now() + 60,
})

describe('a wallet prompt of a cancelled intent', () => {
  test('its later steps do not reach the new intent: the session stays idle', async () => {
    const answer = gate()
    const payer = latePayer(answer.promise, ['switching-network', 'signing'], authorization)
    const statuses: PaymentStatus[] = []
    const server = mockServer()
    const session = new PaymentSession({
      input: url,
      fetch: server.fetch,
      payers: [payer],
      onEvent: (event) => statuses.push(event.type),
    })
    await session.start()
    const paying = session.pay()
    await tick()
    expect(session.getSnapshot().status).toBe('signing')
    expect(session.reset()).toBe(true)
    statuses.length = 0
    answer.open()
    await paying
    await tick()
    expect(session.getSnapshot()).toMatchObject({ status: 'idle', step: undefined })
    expect(statuses).toEqual([])
    expect(server.settled).toHaveLength(0)
  })
})

describe("a payer's signal", () => {
  test('a cancel reaches the signal a payer took first, however often it reads it again', async () => {
    const answer = gate()
    const taken: AbortSignal[] = []
    const payer = latePayer(answer.promise, [], authorization)
    const reading: Payer = {
      ...payer,
      createPayment(option, context) {
        // A wallet integration that listens to the signal, then hands it on (to a fetch, say).
        if (context.signal) taken.push(context.signal)
        if (context.signal) taken.push(context.signal)
        return payer.createPayment(option, context)
      },
    }
    const session = new PaymentSession({ input: url, fetch: mockServer().fetch, payers: [reading] })
    await session.start()
    const paying = session.pay()
    await tick()
    expect(taken).toHaveLength(2)
    expect(taken.map((signal) => signal.aborted)).toEqual([false, false])
    expect(session.reset()).toBe(true)
    expect(taken.map((signal) => signal.aborted)).toEqual([true, true])
    answer.open()
    await paying
  })
})

describe('the moment a broadcast is shown', () => {
  test('a cancel is refused: the money moved, and its submission is shown to the end', async () => {
    const payer = latePayer(Promise.resolve(), [], (context) => ({
      ...authorization(context),
      kind: 'broadcast',
      transaction: `0x${'ab'.repeat(32)}`,
    }))
    const server = mockServer()
    const session = new PaymentSession({ input: url, fetch: server.fetch, payers: [payer] })
    const cancels: boolean[] = []
    session.subscribe(() => {
      if (session.getSnapshot().payment && cancels.length === 0) cancels.push(session.reset())
    })
    await session.start()
    await session.pay()
    expect(cancels).toEqual([false])
    expect(session.getSnapshot()).toMatchObject({ status: 'settled' })
    expect(server.settled).toHaveLength(1)
  })
})

describe("the time a status started (what a UI's timer counts from)", () => {
  test("steps reported while signing do not restart the signing status's clock", async () => {
    const time = clock()
    const answer = gate()
    const payer = latePayer(answer.promise, [], authorization)
    const steps: Payer = {
      ...payer,
      async createPayment(option, context) {
        const signing = payer.createPayment(option, context)
        time.advance(5_000)
        context.onStep?.('signing-message')
        time.advance(5_000)
        context.onStep?.('signing')
        return signing
      },
    }
    const session = new PaymentSession({
      input: url,
      fetch: mockServer().fetch,
      payers: [steps],
      now: time.now,
    })
    await session.start()
    const signingFrom = time.now()
    const paying = session.pay()
    await tick()
    expect(session.getSnapshot()).toMatchObject({
      status: 'signing',
      step: 'signing',
      since: signingFrom,
    })
    answer.open()
    await paying
    expect(session.getSnapshot().status).toBe('settled')
  })
})
