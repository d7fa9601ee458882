import fc from 'fast-check'
import { expect, test } from 'vitest'
import { type MockPayer, mockPayer } from '../../testing/mockPayer.js'
import { type MockServerAnswer, mockAccepts, mockServer } from '../../testing/mockServer.js'
import { decodeBase64Json } from '../codec/base64Json.js'
import type { Payer, PaymentCheck, PreparedPayment } from '../payer.js'
import { stablecoinCaps } from '../policy/paymentPolicy.js'
import { PaymentSession } from './paymentSession.js'
import type { PaymentStatus } from './types.js'

/**
 * Model-based test of the session's safety rules (SPEC §5.2, §5.6) over random interleavings of
 * what a person, React and the network do: start / select / pay / retry / reset / dispose (then
 * a remount) / check / refresh, wallet prompts answered late or rejected, wallets that connect
 * late, a slow network, dropped connections, refusals, 5xx, hostile servers, expired quotes.
 *
 * Everything runs in-process and is driven by hand (gates, an injected clock, setImmediate
 * flushes), so a seed replays exactly. After each run everything pending is let go and the
 * invariants are checked:
 * - at most one signed payment per intent (an intent is an AbortSignal the payer receives);
 * - no wallet prompt is opened for a cancelled intent;
 * - at most one transfer per intent (server settlements and broadcasts);
 * - "nothing moved" (a refusal, a failed settlement, not settled) is said only of a payment that
 *   did not, and never does, settle — against an honest chain that says "not paid" only once an
 *   unsettled authorization has expired;
 * - every payment that exists reached the server, or is a dropped authorization of a cancelled
 *   intent (never one that was then submitted), or is shown as `outcome-unknown`;
 * - no call rejects, and the session ends where a person can act (not stuck mid-flight), and
 *   `reset()` is accepted there.
 */

const USDT_BASE = '0xfde4C96c8593536E31F229EA8f37b2ADa2699bb2'
const url = 'https://shop.example/article'
const settledStatuses: readonly PaymentStatus[] = [
  'idle',
  'payment-required',
  'selecting',
  'settled',
  'failed',
  'outcome-unknown',
]

interface Gate<T> {
  resolve: (value: T) => void
}

/** The world around the session: network, wallet, clock, and what happened. */
class World {
  now = 1_700_000_000_000
  slowNetwork = false
  paidAnswer: MockServerAnswer = 'settle'
  /** `'honest'`: the chain's truth (see `chainSays`); `'unknown'`: an RPC that cannot tell. */
  chain: 'honest' | 'unknown' = 'honest'
  slowWallet = true
  held: Gate<void>[] = []
  prompts: Gate<'approve' | 'reject'>[] = []
  connects: Gate<boolean>[] = []
  records: { payment: PreparedPayment; signal: AbortSignal; signature: string }[] = []
  received = new Set<string>()
  violations: string[] = []
  calls: Promise<unknown>[] = []
  server = mockServer({
    accepts: () => [
      mockAccepts[0]!,
      { ...mockAccepts[0]!, asset: USDT_BASE, amount: '20000', extra: {} },
    ],
    answers: () => this.paidAnswer,
  })
  readonly payer: MockPayer
  readonly wrapped: Payer
  saidNothingMoved: string[] = []
  connected = false
  finalStatus: PaymentStatus | undefined
  session!: PaymentSession

  constructor(
    readonly kind: PreparedPayment['kind'],
    readonly withConnect: boolean,
    readonly autoPay: boolean,
  ) {
    this.payer = mockPayer({
      kind,
      balance: (option) => (option.asset.address === USDT_BASE ? 10n ** 9n : 0n),
      signDelay: () =>
        this.slowWallet
          ? new Promise((resolve) => this.prompts.push({ resolve }))
          : Promise.resolve('approve'),
      check: (payment) => this.chainSays(payment),
    })
    const base = this.payer
    this.wrapped = {
      ...base,
      createPayment: async (option, context) => {
        if (context.signal?.aborted) this.violations.push('a prompt for a cancelled intent')
        const payment = await base.createPayment(option, context)
        this.records.push({
          payment,
          signal: context.signal!,
          signature: String(payment.payload.signature),
        })
        return payment
      },
    }
    this.mount()
  }

  /**
   * What an honest chain says: a broadcast or a settled payload moved; an authorization that did
   * not settle is "not paid" only once it has expired (it could still settle before).
   */
  chainSays(payment: PreparedPayment): PaymentCheck {
    if (this.chain === 'unknown') return { status: 'unknown' }
    const signature = String(payment.payload.signature)
    if (payment.kind === 'broadcast' || this.settledSignatures().has(signature))
      return { status: 'paid' }
    if (payment.validBefore !== undefined && this.now / 1000 > payment.validBefore)
      return { status: 'not-paid' }
    return { status: 'unknown' }
  }

  settledSignatures(): Set<string> {
    return new Set(
      this.server.settled.map((header) =>
        String((decodeBase64Json(header) as { payload: { signature: string } }).payload.signature),
      ),
    )
  }

  /** "Nothing moved" must be true when it is said, and stay true. */
  watch(session: PaymentSession) {
    session.subscribe(() => {
      const state = session.getSnapshot()
      if (state.status === 'failed' && state.payment && saysNothingMoved(state.error?.code))
        this.saidNothingMoved.push(String(state.payment.payload.signature))
    })
  }

  mount() {
    this.session = new PaymentSession({
      input: url,
      fetch: (input, init) => this.fetch(input, init),
      payers: () => (!this.withConnect || this.connected ? [this.wrapped] : []),
      ...(this.withConnect
        ? {
            connect: (_namespace: string, { signal }: { signal: AbortSignal }) =>
              new Promise<Payer>((resolve, reject) => {
                this.connects.push({
                  resolve: (ok) => {
                    if (!ok) return reject(new Error('The person closed the dialog.'))
                    this.connected = true
                    resolve(this.wrapped)
                  },
                })
                signal.addEventListener('abort', () => reject(signal.reason), { once: true })
              }),
          }
        : {}),
      ...(this.autoPay ? { autoPay: true, policy: { caps: stablecoinCaps('0.10') } } : {}),
      now: () => this.now,
      resendDelayMs: 0,
      maxResends: 1,
    })
    this.watch(this.session)
  }

  async fetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
    const header = new Headers(init?.headers).get('PAYMENT-SIGNATURE')
    if (header) {
      const signature = String(
        (decodeBase64Json(header) as { payload: { signature: string } }).payload.signature,
      )
      this.received.add(signature)
      const record = this.records.find((r) => r.signature === signature)
      if (record?.signal.aborted && record.payment.kind !== 'broadcast')
        this.violations.push(`${signature} submitted for a cancelled intent`)
    }
    if (this.slowNetwork) {
      const signal = init?.signal ?? undefined
      await new Promise<void>((resolve, reject) => {
        this.held.push({ resolve })
        signal?.addEventListener('abort', () => reject(signal.reason), { once: true })
      })
    }
    return this.server.fetch(input, { ...init, signal: null })
  }

  /** Calls a session method the way a UI does: without waiting; a rejection is a violation. */
  fire(call: () => Promise<void> | void) {
    const result = call()
    if (result)
      this.calls.push(
        result.catch((error: unknown) => this.violations.push(`a call rejected: ${error}`)),
      )
  }
}

const saysNothingMoved = (code: string | undefined) =>
  code === 'payment_rejected' || code === 'settle_failed' || code === 'not_settled'

const flush = async (rounds = 6) => {
  for (let i = 0; i < rounds; i++) await new Promise((resolve) => setImmediate(resolve))
}

type Command = fc.AsyncCommand<object, World>

function command(name: string, run: (world: World) => void | Promise<void>): Command {
  return {
    check: () => true,
    async run(_model, world) {
      await run(world)
      await flush()
    },
    toString: () => name,
  }
}

const start = fc.constant(command('start', (w) => w.fire(() => w.session.start())))
const pay = fc.constant(command('pay', (w) => w.fire(() => w.session.pay())))
const approve = fc.constant(command('wallet:approve', (w) => w.prompts.shift()?.resolve('approve')))
const answer = fc.constant(command('network:answer', (w) => w.held.shift()?.resolve()))

// The usual path (start, pay, approve, answer) is drawn more often than the disruptions, so
// that most runs get as far as a payment, and many as far as several intents.
const commands = [
  start,
  start,
  pay,
  pay,
  pay,
  approve,
  approve,
  answer,
  fc.constant(command('connect:true', (w) => w.connects.shift()?.resolve(true))),
  fc.nat(1).map((index) =>
    command(`select(${index})`, (w) =>
      w.fire(() => {
        const option = w.session.getSnapshot().options[index]?.option
        if (option) w.session.select(option.id)
      }),
    ),
  ),
  fc.constant(command('pay', (w) => w.fire(() => w.session.pay()))),
  fc.constant(command('retry', (w) => w.fire(() => w.session.retry()))),
  fc.constant(command('check', (w) => w.fire(() => w.session.check()))),
  fc.constant(command('refresh', (w) => w.fire(() => w.session.refresh()))),
  fc.constant(command('reset', (w) => void w.session.reset())),
  fc.constant(
    command('dispose+remount', (w) => {
      w.session.dispose()
      w.mount()
    }),
  ),
  fc.constant(command('wallet:reject', (w) => w.prompts.shift()?.resolve('reject'))),
  fc.constant(command('connect:false', (w) => w.connects.shift()?.resolve(false))),
  fc.boolean().map((slow) =>
    command(`network:${slow ? 'slow' : 'fast'}`, (w) => {
      w.slowNetwork = slow
    }),
  ),
  fc
    .constantFrom<MockServerAnswer>(
      'settle',
      'refuse',
      'drop',
      'settle-then-drop',
      'settle-then-fail',
      'settle-then-refuse',
    )
    .map((answer) =>
      command(`server:${answer}`, (w) => {
        w.paidAnswer = answer
      }),
    ),
  fc.constantFrom<World['chain']>('honest', 'unknown').map((chain) =>
    command(`chain:${chain}`, (w) => {
      w.chain = chain
    }),
  ),
  fc.constant(
    command('clock+61s (quotes expire)', (w) => {
      w.now += 61_000
    }),
  ),
  fc.boolean().map((slow) =>
    command(`wallet:${slow ? 'slow' : 'instant'}`, (w) => {
      w.slowWallet = slow
    }),
  ),
]

/** Lets everything pending go (wallets approve, the network answers), then waits it out. */
async function settle(world: World) {
  world.slowWallet = false
  world.slowNetwork = false
  for (let round = 0; round < 20; round++) {
    for (const prompt of world.prompts.splice(0)) prompt.resolve('approve')
    for (const held of world.held.splice(0)) held.resolve()
    for (const connect of world.connects.splice(0)) connect.resolve(true)
    await flush(4)
  }
  await Promise.all(world.calls)
}

function checkInvariants(world: World) {
  const { violations, records } = world
  const settled = world.settledSignatures()
  for (const signature of world.saidNothingMoved)
    if (settled.has(signature)) violations.push(`"nothing moved" said of ${signature}, which moved`)
  const bySignal = new Map<AbortSignal, PreparedPayment[]>()
  for (const record of records)
    bySignal.set(record.signal, [...(bySignal.get(record.signal) ?? []), record.payment])
  for (const payments of bySignal.values()) {
    if (payments.length > 1) violations.push(`${payments.length} signatures in one intent`)
    const transfers = payments.filter(
      (payment) => payment.kind === 'broadcast' || settled.has(String(payment.payload.signature)),
    )
    if (transfers.length > 1) violations.push(`${transfers.length} transfers in one intent`)
  }
  const state = world.session.getSnapshot()
  world.finalStatus = state.status
  for (const { payment, signal, signature } of records) {
    if (world.received.has(signature)) continue
    const shown = state.payment === payment && state.status === 'outcome-unknown'
    if (shown) continue
    if (payment.kind === 'broadcast') violations.push(`broadcast ${signature} never submitted`)
    else if (!signal.aborted) violations.push(`${signature} signed, never submitted nor cancelled`)
  }
  if (!settledStatuses.includes(state.status))
    violations.push(`the session is stuck in ${state.status}`)
  else if (!world.session.reset()) violations.push(`reset() refused in ${state.status}`)
}

test('model: one signature and one transfer per intent, every payment accounted for, never stuck', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.constantFrom<PreparedPayment['kind']>('authorization', 'broadcast'),
      fc.boolean(),
      fc.boolean(),
      fc.commands(commands, { maxCommands: 40, size: 'max' }),
      async (kind, withConnect, autoPay, scenario) => {
        const world = new World(kind, withConnect, autoPay)
        await fc.asyncModelRun(() => ({ model: {}, real: world }), scenario)
        await settle(world)
        checkInvariants(world)
        expect(world.violations).toEqual([])
      },
    ),
    { seed: 402, numRuns: 300, endOnFailure: true },
  )
}, 20_000)
