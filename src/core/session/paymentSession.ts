import { encodePaymentHeader } from '../codec/headers.js'
import { buildPaymentPayload } from '../codec/paymentPayload.js'
import { decodeSettlement } from '../decodeSettlement.js'
import { type H402Error, isH402Error, walk } from '../errors/base.js'
import {
  CrossOriginRedirectError,
  NetworkRequestError,
  OutcomeUnknownError,
  PaymentAlreadyAttemptedError,
  PaymentRejectedError,
  QuoteExpiredError,
  SettlementFailedError,
  TransactionRevertedError,
  UnexpectedError,
} from '../errors/payment.js'
import { NoPayableOptionError, PolicyViolationError } from '../errors/policy.js'
import { UserRejectedError, WalletNotConnectedError } from '../errors/wallet.js'
import { type ParseOptions, parsePaymentRequired } from '../parsePaymentRequired.js'
import type { Payer, PaymentStep, PreparedPayment } from '../payer.js'
import type { PaymentPolicy } from '../policy/paymentPolicy.js'
import { rankPaymentOptions } from '../policy/selectPaymentOption.js'
import type { PaymentOption, PaymentRequired } from '../types.js'
import { type RequestSnapshot, requestInit, snapshotRequest } from './requestSnapshot.js'
import { sendPaidRequest } from './sendPaidRequest.js'
import type { PaymentEvent, PaymentSessionState, PaymentStatus } from './types.js'

/** How a {@link PaymentSession} fetches, chooses and pays. */
export interface PaymentSessionConfig {
  /** The resource, as for `fetch`. */
  input: RequestInfo | URL
  /** The request, as for `fetch`. Its method, headers and body are kept for the paid retry. */
  init?: RequestInit
  /** The `fetch` to use. Defaults to the global one. */
  fetch?: typeof globalThis.fetch
  /** Chain adapters, or a function returning the current ones (wallets come and go). */
  payers?: readonly Payer[] | (() => readonly Payer[])
  /** Connects a wallet for a namespace when no payer is there; the UI supplies it. */
  connect?: (namespace: string) => Promise<Payer>
  /**
   * What may be paid. Required for `autoPay`. Without one, a person's call to `pay()` is the
   * consent, and only options the kit or the wallets cannot pay are refused.
   */
  policy?: PaymentPolicy
  /** Pay the best allowed option as soon as the 402 arrives (agents). */
  autoPay?: boolean
  /** Extra networks and tokens for reading the 402. */
  parseOptions?: ParseOptions
  /** Current time in ms. */
  now?: () => number
  /** Called on every status change, with timing. */
  onEvent?: (event: PaymentEvent) => void
  /** Resends of the same signed payload after a transport failure. Default 2. */
  maxResends?: number
  /** First delay between resends, in ms. Default 250. */
  resendDelayMs?: number
  /** Longest wait for balances before choosing, in ms. Default 5000. */
  balanceTimeoutMs?: number
}

const terminal: readonly PaymentStatus[] = ['settled', 'failed', 'outcome-unknown']
const inFlight: readonly PaymentStatus[] = ['switching-network', 'signing', 'submitting']

function initialState(now: number): PaymentSessionState {
  return {
    status: 'idle',
    step: undefined,
    paymentRequired: undefined,
    options: [],
    selected: undefined,
    payment: undefined,
    response: undefined,
    settlement: undefined,
    error: undefined,
    attempts: 0,
    since: now,
  }
}

const serverSnapshot = Object.freeze(initialState(0))

/**
 * The payment state machine, framework-free: fetch the resource, read the 402, rank the options,
 * pay one, resend the paid request, report the settlement. Subscribable (`subscribe` /
 * `getSnapshot`) so React can render it with `useSyncExternalStore`; `createH402Fetch` drives
 * the same class for agents.
 *
 * One signature per intent: once a payment is signed, the session never asks for another one
 * by itself. Transport failures resend the same payload while it is valid; a lost answer
 * becomes `outcome-unknown`, never an invitation to pay again. `reset()` starts a new intent.
 */
export class PaymentSession {
  #config: PaymentSessionConfig
  #state: PaymentSessionState
  #listeners = new Set<() => void>()
  #startedAt: number
  #request: RequestSnapshot | undefined
  #balances = new Map<string, bigint>()
  #running: Promise<void> | undefined
  #generation = 0

  constructor(config: PaymentSessionConfig) {
    if (config.autoPay && !config.policy)
      throw new TypeError('PaymentSession: autoPay needs a policy (use defaultPaymentPolicy).')
    this.#config = config
    this.#startedAt = this.#now()
    this.#state = initialState(this.#startedAt)
  }

  /** Subscribes to state changes; returns the unsubscribe function. */
  subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener)
    return () => this.#listeners.delete(listener)
  }

  /** The current state (a new object after every change). */
  getSnapshot = (): PaymentSessionState => this.#state

  /** The state to render on the server: always `idle`, so hydration matches. */
  getServerSnapshot = (): PaymentSessionState => serverSnapshot

  /**
   * Fetches the resource. A 402 leads to `payment-required` (and, with `autoPay`, to paying).
   * Does nothing once a payment is signed: call `reset()` first to start a new one.
   */
  start(): Promise<void> {
    return this.#exclusive(async () => {
      if (!this.#state.payment) await this.#fetchResource()
    })
  }

  /** Chooses an option by id. Only before anything is signed. */
  select(optionId: string): void {
    const { status, options, payment } = this.#state
    if (payment || !['payment-required', 'selecting', 'failed'].includes(status)) return
    const entry = options.find((ranked) => ranked.option.id === optionId)
    if (entry) this.#transition('selecting', { selected: entry.option, error: undefined })
  }

  /**
   * Pays the selected option: the caller's consent (a person's click, or the policy with
   * `autoPay`). Does nothing while a payment is under way or once one is signed.
   */
  pay(): Promise<void> {
    return this.#exclusive(() => this.#pay())
  }

  /**
   * Tries again after a failure, without ever signing again on its own: before a signature it
   * returns to the choice (or fetches again); with a signed payload still valid it resends that
   * same payload; otherwise it does nothing (call `reset()` to start a new payment).
   */
  retry(): Promise<void> {
    return this.#exclusive(async () => {
      const { status, payment, paymentRequired } = this.#state
      if (!terminal.includes(status) || status === 'settled') return
      if (!paymentRequired) return this.#fetchResource()
      if (!payment) {
        this.#transition('payment-required', { error: undefined })
        if (this.#config.autoPay) await this.#pay()
        return
      }
      if (status === 'outcome-unknown' && this.#stillValid(payment)) await this.#submit(payment)
    })
  }

  /**
   * Forgets everything and returns to `idle`; the next `pay()` is a new intent. Ignored while a
   * payment is being signed or submitted: a signature (or a broadcast) already under way must
   * reach the server, not be forgotten. Returns whether it reset.
   */
  reset(): boolean {
    if (inFlight.includes(this.#state.status)) return false
    this.#generation++
    this.#running = undefined
    this.#balances.clear()
    this.#request = undefined
    this.#startedAt = this.#now()
    this.#transition('idle', { ...initialState(this.#startedAt) })
    return true
  }

  /** Runs to the end (start, and pay with `autoPay`); resolves with the final response. */
  async run(): Promise<Response> {
    await this.start()
    const { status, response, error } = this.#state
    if (status === 'settled' && response) return response
    throw error ?? new NoPayableOptionError({ refusals: [] })
  }

  // ---------------------------------------------------------------------------------------------

  #now(): number {
    return this.#config.now?.() ?? Date.now()
  }

  #payers(): readonly Payer[] {
    const payers = this.#config.payers
    return (typeof payers === 'function' ? payers() : payers) ?? []
  }

  async #exclusive(task: () => Promise<void>): Promise<void> {
    // Two clicks on Pay must not make two payments: the second waits for the first and finds it done.
    while (this.#running) await this.#running.catch(() => {})
    const generation = this.#generation
    const running = task().catch((error: unknown) => {
      if (generation === this.#generation) this.#fail(error)
    })
    this.#running = running
    try {
      await running
    } finally {
      if (this.#running === running) this.#running = undefined
    }
  }

  async #fetchResource(): Promise<void> {
    const fetch = this.#config.fetch ?? globalThis.fetch
    this.#transition('fetching', { ...initialState(this.#now()), status: 'fetching' })
    this.#request ??= await snapshotRequest(this.#config.input, this.#config.init)
    let response: Response
    try {
      response = await fetch(this.#request.url, requestInit(this.#request))
    } catch (cause) {
      throw new NetworkRequestError({ cause })
    }
    if (response.status !== 402 && response.status !== 412) {
      this.#transition('settled', { response })
      return
    }
    await this.#acceptPaymentRequired(
      await parsePaymentRequired(response, this.#config.parseOptions),
    )
    if (this.#config.autoPay) await this.#pay()
  }

  async #acceptPaymentRequired(parsed: PaymentRequired): Promise<void> {
    // The session's clock (injectable) decides expiry, so the quote is stamped with it.
    const paymentRequired = { ...parsed, receivedAt: this.#now() }
    this.#balances.clear()
    this.#transition('payment-required', {
      paymentRequired,
      options: this.#rank(paymentRequired.options),
      selected: undefined,
    })
    await this.#loadBalances(paymentRequired.options)
    // Choose from the ranking that knows the balances: affordable first (SPEC §3).
    const options = this.#rank(paymentRequired.options)
    const best = options[0]
    this.#update({ options, selected: best?.eligible ? best.option : undefined })
  }

  #rank(options: readonly PaymentOption[]) {
    const payers = this.#payers()
    const canConnect = this.#config.connect !== undefined
    return rankPaymentOptions(options, this.#config.policy, {
      ...(canConnect ? {} : { namespaces: payers.map((payer) => payer.namespace) }),
      balance: (option) => this.#balances.get(option.id),
      canPay: (option) =>
        payers.find((payer) => payer.namespace === option.network.namespace)?.canPay(option),
    })
  }

  async #loadBalances(options: readonly PaymentOption[]): Promise<void> {
    const payers = this.#payers()
    const timeout = this.#config.balanceTimeoutMs ?? 5000
    const eligible = this.#state.options.filter((entry) => entry.eligible)
    if (eligible.length < 2) return
    const reads = eligible.map(async ({ option }) => {
      const payer = payers.find((candidate) => candidate.namespace === option.network.namespace)
      if (!payer?.getBalance || !options.includes(option)) return
      // Public RPCs block some balance reads (x402#867): an unknown balance still allows paying.
      const balance = await payer.getBalance(option).catch(() => undefined)
      if (balance !== undefined) this.#balances.set(option.id, balance)
    })
    await Promise.race([Promise.all(reads), new Promise((resolve) => setTimeout(resolve, timeout))])
  }

  async #pay(): Promise<void> {
    const state = this.#state
    if (state.payment || !state.paymentRequired) return
    if (!['payment-required', 'selecting', 'failed'].includes(state.status)) return
    let option = state.selected
    if (!option) {
      throw new NoPayableOptionError({
        refusals: state.options.map((entry) => ({
          option: entry.option,
          reason: entry.reason ?? 'Not chosen.',
        })),
      })
    }
    const ranked = state.options.find((entry) => entry.option === option)
    if (this.#config.policy && ranked && !ranked.eligible)
      throw new PolicyViolationError({ option, reason: ranked.reason ?? 'Refused.' })

    // SPEC §5.3: an expired quote is fetched again, never signed.
    if (this.#expired(state.paymentRequired, option)) {
      const fresh = await this.#refetchQuote(option)
      if (!fresh) return
      option = fresh
    }

    if (this.#state.status !== 'selecting') this.#transition('selecting', { selected: option })
    let payer = this.#payers().find((candidate) => candidate.namespace === option.network.namespace)
    if (!payer) {
      if (!this.#config.connect)
        throw new WalletNotConnectedError({ namespace: option.network.namespace })
      this.#transition('connecting', { error: undefined })
      payer = await this.#config.connect(option.network.namespace)
    }
    const reason = payer.canPay(option)
    if (reason) throw new PolicyViolationError({ option, reason })

    const paymentRequired = this.#state.paymentRequired!
    this.#transition('signing', { selected: option, error: undefined, step: undefined })
    let broadcastStarted = false
    let payment: PreparedPayment
    try {
      payment = await payer.createPayment(option, {
        paymentRequired,
        now: () => Math.floor(this.#now() / 1000),
        onStep: (step: PaymentStep) => {
          if (step === 'broadcasting') broadcastStarted = true
          if (step === 'switching-network') this.#transition('switching-network', { step })
          else if (this.#state.status === 'switching-network') this.#transition('signing', { step })
          else this.#update({ step })
        },
        ...(this.#config.init?.signal ? { signal: this.#config.init.signal } : {}),
      })
    } catch (error) {
      // Once a transaction may be on its way, a failure is not a "try again": money may have moved.
      // Only definite answers pass: a rejection, or a transaction known to have failed.
      if (
        broadcastStarted &&
        !(error instanceof OutcomeUnknownError) &&
        !(error instanceof TransactionRevertedError) &&
        !isRejection(error)
      )
        throw new OutcomeUnknownError({
          cause: error,
          details: 'The wallet failed after broadcasting.',
        })
      throw error
    }
    this.#update({ payment })
    await this.#submit(payment)
  }

  async #submit(payment: PreparedPayment): Promise<void> {
    const { paymentRequired, selected: option } = this.#state
    if (!paymentRequired || !option || !this.#request) return
    const header = encodePaymentHeader(
      option.protocol,
      buildPaymentPayload(paymentRequired, option, payment),
    )
    if (this.#request.headers.has(header.name))
      throw new PaymentAlreadyAttemptedError({
        details: `The request already carries ${header.name}.`,
      })
    this.#transition('submitting', { step: undefined, error: undefined })
    let sends = 0
    const response = await sendPaidRequest({
      fetch: this.#config.fetch ?? globalThis.fetch,
      snapshot: this.#request,
      header,
      validBefore: payment.validBefore,
      transaction: payment.transaction,
      now: () => this.#now(),
      maxResends: this.#config.maxResends ?? 2,
      resendDelayMs: this.#config.resendDelayMs ?? 250,
      onAttempt: (attempt) => {
        sends = attempt
        this.#update({ attempts: this.#state.attempts + 1 })
      },
    })
    await this.#conclude(response, payment, option, sends > 1)
  }

  async #conclude(
    response: Response,
    payment: PreparedPayment,
    option: PaymentOption,
    resent: boolean,
  ): Promise<void> {
    const settlement = decodeSettlement(response, { ...this.#config.parseOptions, option })
    if (response.ok) {
      this.#transition('settled', { response, settlement })
      return
    }
    const moved = payment.kind === 'broadcast'
    // x402#1062, x402scan#1106: a failure after submission does not prove the payment failed. A
    // refusal of a resend proves even less: the first send may have settled ("nonce used", x402#452).
    if (response.status >= 500 || moved || resent) {
      this.#transition('outcome-unknown', {
        response,
        settlement,
        error: new OutcomeUnknownError({
          transaction: payment.transaction ?? settlement?.transaction,
          details: `The server answered ${response.status} after the payment was sent.`,
        }),
      })
      return
    }
    if (settlement && !settlement.success) {
      throw Object.assign(new SettlementFailedError({ reason: settlement.errorReason }), {
        response,
      })
    }
    const reason = await refusalReason(response, this.#config.parseOptions)
    const error = new PaymentRejectedError({ status: response.status, reason })
    this.#transition('failed', { response, settlement, error })
  }

  #expired(paymentRequired: PaymentRequired, option: PaymentOption): boolean {
    if (option.maxTimeoutSeconds === undefined) return false
    return this.#now() > paymentRequired.receivedAt + option.maxTimeoutSeconds * 1000
  }

  #stillValid(payment: PreparedPayment): boolean {
    return payment.validBefore === undefined || this.#now() / 1000 < payment.validBefore - 6
  }

  /** Fetches the 402 again; continues only when the same option comes back unchanged. */
  async #refetchQuote(previous: PaymentOption): Promise<PaymentOption | undefined> {
    const request = this.#request
    if (!request) return undefined
    this.#transition('fetching', { error: undefined })
    let response: Response
    try {
      response = await (this.#config.fetch ?? globalThis.fetch)(request.url, requestInit(request))
    } catch (cause) {
      throw new NetworkRequestError({ cause })
    }
    if (response.status !== 402 && response.status !== 412) {
      this.#transition('settled', { response })
      return undefined
    }
    await this.#acceptPaymentRequired(
      await parsePaymentRequired(response, this.#config.parseOptions),
    )
    const same = this.#state.options.find(
      (entry) =>
        entry.eligible &&
        entry.option.id === previous.id &&
        entry.option.amount === previous.amount &&
        entry.option.asset.address === previous.asset.address,
    )
    if (same) {
      this.#update({ selected: same.option })
      return same.option
    }
    // The price changed: a person must confirm again; an agent's policy has re-ranked already.
    if (this.#config.autoPay && this.#state.selected) return this.#state.selected
    this.#update({
      error: new QuoteExpiredError({ details: 'The price changed; confirm the new one.' }),
    })
    return undefined
  }

  #fail(error: unknown): void {
    const h402Error = toError(error)
    const response = (error as { response?: Response } | undefined)?.response
    // A redirect answer means the first origin received the payment: it may have settled it.
    const status: PaymentStatus =
      h402Error instanceof OutcomeUnknownError ||
      (h402Error instanceof CrossOriginRedirectError && this.#state.payment !== undefined)
        ? 'outcome-unknown'
        : 'failed'
    // A rejected prompt returns to the choice, with the error shown (oceanprotocol#1202).
    if (
      h402Error instanceof UserRejectedError &&
      this.#state.paymentRequired &&
      !this.#state.payment
    ) {
      this.#transition('payment-required', { error: h402Error, step: undefined })
      return
    }
    this.#transition(status, {
      error: h402Error,
      step: undefined,
      ...(response ? { response } : {}),
    })
  }

  #update(patch: Partial<PaymentSessionState>): void {
    this.#state = Object.freeze({ ...this.#state, ...patch })
    for (const listener of this.#listeners) listener()
  }

  #transition(status: PaymentStatus, patch: Partial<PaymentSessionState> = {}): void {
    const previous = this.#state
    const at = this.#now()
    this.#update({ ...patch, status, since: at })
    if (previous.status === status) return
    this.#config.onEvent?.({
      type: status,
      previous: previous.status,
      at,
      durationMs: at - previous.since,
      elapsedMs: at - this.#startedAt,
      state: this.#state,
    })
  }
}

function isRejection(error: unknown): boolean {
  return walk(error, (e) => e instanceof UserRejectedError) !== null
}

function toError(error: unknown): H402Error {
  if (isH402Error(error)) return error
  return new UnexpectedError({ cause: error })
}

async function refusalReason(
  response: Response,
  parseOptions?: ParseOptions,
): Promise<string | undefined> {
  if (response.status === 402 || response.status === 412) {
    const again = await parsePaymentRequired(response, parseOptions).catch(() => undefined)
    if (again?.error) return again.error
  }
  return `The server answered ${response.status}.`
}
