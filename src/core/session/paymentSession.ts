import { encodePaymentHeader, paymentRequestHeaderNames } from '../codec/headers.js'
import { buildPaymentPayload } from '../codec/paymentPayload.js'
import { decodeSettlement } from '../decodeSettlement.js'
import { type H402Error, isH402Error, walk } from '../errors/base.js'
import {
  CrossOriginRedirectError,
  NetworkRequestError,
  OutcomeUnknownError,
  PaidNotDeliveredError,
  PaymentAlreadyAttemptedError,
  PaymentNotSettledError,
  PaymentRejectedError,
  QuoteExpiredError,
  RequestAbortedError,
  RequestTimeoutError,
  SettlementFailedError,
  TransactionRevertedError,
  UnexpectedError,
} from '../errors/payment.js'
import {
  NoPayableOptionError,
  PolicyViolationError,
  UnsupportedOptionError,
} from '../errors/policy.js'
import { UserRejectedError, WalletNotConnectedError } from '../errors/wallet.js'
import {
  type ParseOptions,
  parseOwnPaymentRequired,
  parsePaymentRequired,
} from '../parsePaymentRequired.js'
import type { Payer, PaymentStep, PreparedPayment } from '../payer.js'
import type { PaymentPolicy } from '../policy/paymentPolicy.js'
import { type RankedOption, rankPaymentOptions } from '../policy/selectPaymentOption.js'
import type { PaymentOption, PaymentRequired } from '../types.js'
import { type Deadline, deadline, raceSignal } from './deadline.js'
import { initialState, serverSnapshot } from './initialState.js'
import { Intent } from './intent.js'
import { IntentCancelled } from './intentCancelled.js'
import { IntentPaymentContext } from './intentPaymentContext.js'
import { type RequestSnapshot, requestInit, snapshotRequest } from './requestSnapshot.js'
import { sendPaidRequest } from './sendPaidRequest.js'
import type {
  PaymentEvent,
  PaymentReconciliation,
  PaymentSessionState,
  PaymentStatus,
} from './types.js'

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
  /**
   * Connects a wallet for a namespace when no payer is there; the UI supplies it. `signal`
   * aborts when the intent is cancelled: close the connect dialog then.
   */
  connect?: (namespace: string, context: { signal: AbortSignal }) => Promise<Payer>
  /**
   * The namespaces `connect` can get a wallet for (a UI's wallet bridges), read at each ranking.
   * An option of another namespace, with no payer either, is ranked not payable with the reason,
   * so it is never the one chosen. Default: every namespace.
   */
  connectable?: () => readonly string[]
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
  /**
   * Longest wait for each request of the kit, in ms: the 402 (its body included), each send of
   * the paid request (until its headers), a payment check. Default 30 000. After a payment
   * exists, a timeout is `outcome-unknown`.
   */
  timeoutMs?: number
  /** Longest wait for balances before choosing, in ms. Default 5000. */
  balanceTimeoutMs?: number
  /**
   * Reads a balance instead of the payer's `getBalance` (e.g. the UI's wallet hooks). `undefined`
   * means unknown.
   */
  getBalance?: (
    option: PaymentOption,
    context: { signal: AbortSignal },
  ) => Promise<bigint | undefined>
  /**
   * When balances are read: `'choice'` (default) only when two or more options are eligible, to
   * rank them; `'always'` also for a single one (a UI that shows the balance).
   */
  readBalances?: 'choice' | 'always'
}

const terminal: readonly PaymentStatus[] = ['settled', 'failed', 'outcome-unknown']
const choosing: readonly PaymentStatus[] = ['payment-required', 'selecting', 'failed']
const defaultTimeoutMs = 30_000

/**
 * The payment state machine, framework-free: fetch the resource, read the 402, rank the options,
 * pay one, resend the paid request, report the settlement. Subscribable (`subscribe` /
 * `getSnapshot`) so React can render it with `useSyncExternalStore`; `createH402Fetch` drives
 * the same class for agents.
 *
 * One signature per intent: once a payment is signed, the session never asks for another one
 * by itself. Transport failures resend the same payload while it is valid; a lost answer
 * becomes `outcome-unknown`, never an invitation to pay again. `reset()` ends the intent and
 * everything of it not yet signed, and starts a new one.
 */
export class PaymentSession {
  #config: PaymentSessionConfig
  /** The state as it is now: the session's own, changed in place, never handed out. */
  #state: PaymentSessionState
  /** The frozen copy handed out, made on demand once per change (`undefined`: not made yet). */
  #snapshot: PaymentSessionState | undefined
  #listeners = new Set<() => void>()
  #startedAt: number
  #request: RequestSnapshot | undefined
  #balances = new Map<string, bigint>()
  #running: Promise<void> | undefined
  #intent = new Intent()
  /** The option id a person chose with `select()`; a re-ranking keeps it. */
  #chosen: string | undefined
  #disposed = false

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

  /**
   * The current state: a frozen object, the same one until the state changes, a new one after
   * every change. Made when first asked for, so a session nobody watches (an agent's fetch) copies
   * its state once, not at every step.
   */
  getSnapshot = (): PaymentSessionState => (this.#snapshot ??= Object.freeze({ ...this.#state }))

  /** The state to render on the server: always `idle`, so hydration matches. */
  getServerSnapshot = (): PaymentSessionState => serverSnapshot

  /**
   * Fetches the resource. A 402 leads to `payment-required` (and, with `autoPay`, to paying).
   * Idempotent (React StrictMode runs effects twice): once the session has left `idle`, it does
   * nothing and returns the task in flight, if any. `reset()` first to start again.
   */
  start(): Promise<void> {
    if (this.#disposed || this.#state.status !== 'idle' || this.#running)
      return this.#running ?? Promise.resolve()
    return this.#exclusive((intent) => this.#fetchResource(intent, this.#config.autoPay === true))
  }

  /** Chooses an option by id. Only before anything is signed; a re-ranking keeps the choice. */
  select(optionId: string): void {
    const { status, options, payment } = this.#state
    if (this.#disposed || payment || !choosing.includes(status)) return
    const entry = options.find((ranked) => ranked.option.id === optionId)
    if (!entry) return
    this.#chosen = optionId
    this.#transition('selecting', { selected: entry.option, error: undefined })
  }

  /**
   * Pays the selected option: the caller's consent (a person's click, or the policy with
   * `autoPay`). Does nothing while a payment is under way or once one is signed.
   */
  pay(): Promise<void> {
    if (this.#disposed) return Promise.resolve()
    return this.#exclusive((intent) => this.#pay(intent))
  }

  /**
   * Tries again after a failure, without ever signing on its own: before a signature it returns
   * to the choice (or fetches again); with a signed payload still valid and its outcome unknown it
   * resends that same payload. After the chain proved a payment `'not-paid'`, the intent is over:
   * it starts a fresh one (a new fetch; a new signature only after a new `pay()`).
   */
  retry(): Promise<void> {
    const { status, payment, reconciliation } = this.#state
    if (this.#disposed || !terminal.includes(status) || status === 'settled')
      return Promise.resolve()
    if (payment && reconciliation?.status === 'not-paid' && !this.#running) {
      this.#renew()
      return this.#exclusive((intent) => this.#fetchResource(intent, false))
    }
    return this.#exclusive(async (intent) => {
      const state = this.#state
      if (!terminal.includes(state.status) || state.status === 'settled') return
      if (!state.paymentRequired) return this.#fetchResource(intent, this.#config.autoPay === true)
      if (!state.payment) {
        this.#transition('payment-required', { error: undefined })
        if (this.#config.autoPay) await this.#pay(intent)
        return
      }
      const { paymentRequired, selected, payment } = state
      if (state.status === 'outcome-unknown' && selected && this.#stillValid(payment))
        await this.#submit(intent, paymentRequired, selected, payment)
    })
  }

  /**
   * Asks the chain what became of the payment (`Payer.checkPayment`) when its outcome is unknown,
   * and records the answer in `reconciliation`: `'paid'` stays `outcome-unknown` with a
   * {@link PaidNotDeliveredError} (never pay again); `'not-paid'` ends the intent as `failed`
   * with a {@link PaymentNotSettledError} (`retry()` starts a new one); `'unknown'` changes
   * nothing but the record. Never signs.
   */
  check(): Promise<void> {
    if (this.#disposed) return Promise.resolve()
    return this.#exclusive(async (intent) => {
      const { status, payment, selected } = this.#state
      if (status !== 'outcome-unknown' || !payment || !selected) return
      const reconciliation = await this.#reconcile(intent, selected, payment)
      this.#alive(intent)
      const previous = this.#state.error
      if (reconciliation.status === 'paid')
        this.#update({
          reconciliation,
          error: new PaidNotDeliveredError({
            transaction: reconciliation.transaction ?? payment.transaction,
            cause: previous,
          }),
        })
      else if (reconciliation.status === 'not-paid')
        this.#transition('failed', {
          reconciliation,
          error: new PaymentNotSettledError({ reason: reconciliation.reason, cause: previous }),
        })
      else this.#update({ reconciliation })
    })
  }

  /**
   * Re-ranks the options with the current payers (a wallet connected or disconnected) and reads
   * the balances again. Only before anything is signed. Keeps a person's `select()` choice; an
   * option the engine chose is chosen again from the new ranking.
   */
  refresh(): Promise<void> {
    if (this.#disposed) return Promise.resolve()
    return this.#exclusive(async (intent) => {
      const { status, payment, paymentRequired } = this.#state
      if (payment || !paymentRequired || !choosing.includes(status)) return
      await this.#rankWithBalances(paymentRequired, intent)
    })
  }

  /**
   * Ends the intent and returns to `idle`; the next `start()` is a new intent. Everything of the
   * old one not yet signed stops: its fetch, balance reads, wallet connection; a wallet prompt
   * already shown cannot be withdrawn, so what it returns is dropped (never submitted) — unless
   * it is a broadcast (the money moved), which is still submitted and shown. Refused (returns
   * `false`) while a payment is being submitted or broadcast: that ends on its own, within the
   * timeouts.
   */
  reset(): boolean {
    if (this.#disposed || !this.#cancellable()) return false
    this.#renew()
    this.#startedAt = this.#now()
    this.#transition('idle', { ...initialState(this.#startedAt) })
    return true
  }

  /**
   * Cancels like `reset()`, for good (a component unmounts): every later call does nothing and
   * listeners are dropped. A payment being submitted or broadcast still runs to its end.
   */
  dispose(): void {
    if (this.#disposed) return
    if (this.#cancellable()) this.#renew()
    this.#disposed = true
    this.#listeners.clear()
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

  #timeoutMs(): number {
    return this.#config.timeoutMs ?? defaultTimeoutMs
  }

  #payers(): readonly Payer[] {
    const payers = this.#config.payers
    return (typeof payers === 'function' ? payers() : payers) ?? []
  }

  #payerFor(option: PaymentOption): Payer | undefined {
    return this.#payers().find((candidate) => candidate.namespace === option.network.namespace)
  }

  /** Cancel applies until a payment is submitted or may be moving on chain. */
  #cancellable(): boolean {
    const { status } = this.#state
    const signing = status === 'signing' || status === 'switching-network'
    return status !== 'submitting' && !(signing && this.#intent.broadcasting)
  }

  /** Aborts the current intent and opens a new one (the request snapshot is kept). */
  #renew(): void {
    this.#intent.cancel(new IntentCancelled())
    this.#intent = new Intent()
    this.#running = undefined
    this.#chosen = undefined
    this.#balances.clear()
  }

  /** Throws when the intent was cancelled: a task of an old intent never goes on. */
  #alive(intent: Intent): void {
    if (intent !== this.#intent || intent.cancelled) throw new IntentCancelled()
  }

  async #exclusive(task: (intent: Intent) => Promise<void>): Promise<void> {
    const intent = this.#intent
    // Two clicks on Pay must not make two payments: the second waits for the first and finds it done.
    while (this.#running) {
      await this.#running
      if (intent !== this.#intent) return
    }
    if (intent !== this.#intent) return
    const running = task(intent).catch((error: unknown) => {
      // A cancelled intent's failures are nobody's business: the session has moved on.
      if (intent === this.#intent && !(error instanceof IntentCancelled)) this.#fail(error)
    })
    intent.running = running
    this.#running = running
    try {
      await running
    } finally {
      if (this.#running === running) this.#running = undefined
    }
  }

  /** Why a request of the intent ended early, as the error to report, or `undefined`. */
  #interruption(intent: Intent, limit: Deadline): Error | undefined {
    if (intent.cancelled || intent !== this.#intent) return new IntentCancelled()
    if (limit.timedOut) return new RequestTimeoutError({ timeoutMs: this.#timeoutMs() })
    const signal = this.#request?.init.signal
    if (signal?.aborted) return new RequestAbortedError({ cause: signal.reason })
    return undefined
  }

  /** Fetches the resource (or its quote again); a 402 is parsed, its body read or cancelled. */
  async #load(intent: Intent): Promise<Response | PaymentRequired> {
    this.#request ??= await snapshotRequest(this.#config.input, this.#config.init)
    this.#alive(intent)
    const request = this.#request
    const fetch = this.#config.fetch ?? globalThis.fetch
    const userSignal = request.init.signal
    const limit = deadline(this.#timeoutMs(), [userSignal], userSignal)
    intent.hold(limit)
    try {
      // Raced: a `fetch` that ignores its signal (a custom one) must not hold the call open.
      const init = requestInit(request)
      init.signal = limit.signal
      const response = await limit.race(fetch(request.url, init))
      if (response.status !== 402 && response.status !== 412) return response
      try {
        // This 402 is never handed on, so its body is read once, not from a clone.
        return await parseOwnPaymentRequired(response, {
          ...this.#config.parseOptions,
          signal: limit.signal,
          onAbort: limit.onAbort,
        })
      } finally {
        // A 402 body left unread (the header was enough) holds its connection (and a slow one,
        // the process): read a small one to the end so the connection is reused, cancel the rest.
        await drain(response, Math.min(this.#timeoutMs(), drainMs), limit.signal)
      }
    } catch (error) {
      const interruption = this.#interruption(intent, limit)
      if (interruption) throw interruption
      throw isH402Error(error) ? error : new NetworkRequestError({ cause: error })
    } finally {
      intent.release(limit)
      limit.clear()
    }
  }

  async #fetchResource(intent: Intent, autoPay: boolean): Promise<void> {
    this.#transition('fetching', { ...initialState(this.#now()), status: 'fetching' })
    const loaded = await this.#load(intent)
    this.#alive(intent)
    if (loaded instanceof Response) {
      this.#transition('settled', { response: loaded })
      return
    }
    await this.#acceptPaymentRequired(loaded, intent)
    if (autoPay) await this.#pay(intent)
  }

  async #acceptPaymentRequired(parsed: PaymentRequired, intent: Intent): Promise<void> {
    // The session's clock (injectable) decides expiry, so the quote is stamped with it.
    const paymentRequired = { ...parsed, receivedAt: this.#now() }
    this.#balances.clear()
    const options = this.#rank(paymentRequired.options)
    this.#transition('payment-required', {
      paymentRequired,
      options,
      selected: undefined,
      error: undefined,
    })
    await this.#rankWithBalances(paymentRequired, intent, options)
  }

  /**
   * Reads balances, then ranks with them and chooses: affordable first (SPEC §3). `ranked`: the
   * options as the caller just ranked them, balances cleared.
   */
  async #rankWithBalances(
    paymentRequired: PaymentRequired,
    intent: Intent,
    ranked?: RankedOption[],
  ): Promise<void> {
    let options = ranked
    if (!options) {
      this.#balances.clear()
      options = this.#rank(paymentRequired.options)
      this.#update({ options })
    }
    const eligible = options.filter((entry) => entry.eligible)
    // Without balances to read (one option, by default) nothing awaits, so nothing changed.
    if (eligible.length >= (this.#config.readBalances === 'always' ? 1 : 2)) {
      await this.#loadBalances(intent, eligible)
      this.#alive(intent)
      options = this.#rank(paymentRequired.options)
    }
    this.#update({ options, selected: this.#choose(options) })
  }

  /** A person's choice while it is listed; else the best eligible option. */
  #choose(options: readonly RankedOption[]): PaymentOption | undefined {
    const chosen = this.#chosen && options.find((entry) => entry.option.id === this.#chosen)
    if (chosen) return chosen.option
    const best = options[0]
    return best?.eligible ? best.option : undefined
  }

  #rank(options: readonly PaymentOption[]): RankedOption[] {
    const payers = this.#payers()
    const canConnect = this.#config.connect !== undefined
    const connectable = canConnect ? this.#config.connectable?.() : undefined
    return rankPaymentOptions(options, this.#config.policy, {
      ...(canConnect ? {} : { namespaces: payers.map((payer) => payer.namespace) }),
      balance: (option) => this.#balances.get(option.id),
      canPay: (option) => {
        const { namespace, name } = option.network
        const payer = payers.find((candidate) => candidate.namespace === namespace)
        if (payer) return payer.canPay(option)
        if (connectable && !connectable.includes(namespace))
          return `This page cannot connect a wallet for ${name}.`
        return undefined
      },
    })
  }

  async #loadBalances(intent: Intent, eligible: readonly RankedOption[]): Promise<void> {
    const limit = deadline(this.#config.balanceTimeoutMs ?? 5000, [this.#request?.init.signal])
    intent.hold(limit)
    const override = this.#config.getBalance
    const reads = eligible.map(async ({ option }) => {
      const payer = this.#payerFor(option)
      const context = { signal: limit.signal }
      const read = override ? override(option, context) : payer?.getBalance?.(option, context)
      if (!read) return
      // Public RPCs block some balance reads (x402#867): an unknown balance still allows paying.
      const balance = await limit.race(read).catch(() => undefined)
      if (balance !== undefined && !limit.signal.aborted) this.#balances.set(option.id, balance)
    })
    try {
      await Promise.all(reads)
    } finally {
      intent.release(limit)
      limit.clear()
    }
  }

  /** Refuses, before anything is signed, what must never be signed. */
  #assertSignable(option: PaymentOption, paymentRequired: PaymentRequired): void {
    // Whatever the policy, the payer or a person's click: the kit cannot pay it correctly.
    if (!option.supported) throw new UnsupportedOptionError({ option })
    if (!this.#config.connect && !this.#payerFor(option))
      throw new WalletNotConnectedError({ namespace: option.network.namespace })
    // The option's verdict alone: ranking the others too would change nothing about it.
    const ranked = paymentRequired.options.includes(option) ? this.#rank([option])[0] : undefined
    if (ranked && !ranked.eligible)
      throw new PolicyViolationError({ option, reason: ranked.reason ?? 'Refused.' })
    // A request that already carries a payment would be paid twice (and the header overwritten).
    const headers = this.#request?.headers
    const carried = paymentRequestHeaderNames.find((name) => headers?.has(name))
    if (carried)
      throw new PaymentAlreadyAttemptedError({
        details: `The request already carries ${carried}.`,
      })
  }

  /** The option, re-fetched while its quote is expired; `undefined` when a person must confirm. */
  async #fresh(option: PaymentOption, intent: Intent): Promise<PaymentOption | undefined> {
    let current = option
    // SPEC §5.3: an expired quote is fetched again, never signed; a fresh one is checked too.
    for (let round = 0; this.#expired(this.#state.paymentRequired!, current); round++) {
      if (round === 2)
        throw new QuoteExpiredError({ details: 'The server keeps sending an expired quote.' })
      const fresh = await this.#refetchQuote(current, intent)
      if (!fresh) return undefined
      current = fresh
    }
    return current
  }

  async #pay(intent: Intent): Promise<void> {
    const state = this.#state
    if (state.payment || !state.paymentRequired || !choosing.includes(state.status)) return
    let option = state.selected
    if (!option) {
      throw new NoPayableOptionError({
        refusals: state.options.map((entry) => ({
          option: entry.option,
          reason: entry.reason ?? 'Not chosen.',
        })),
      })
    }
    this.#assertSignable(option, state.paymentRequired)
    const fresh = await this.#fresh(option, intent)
    if (!fresh) return
    option = fresh

    if (this.#state.status !== 'selecting') this.#transition('selecting', { selected: option })
    let payer = this.#payerFor(option)
    if (!payer) {
      const connect = this.#config.connect
      if (!connect) throw new WalletNotConnectedError({ namespace: option.network.namespace })
      this.#transition('connecting', { error: undefined })
      const { signal } = intent
      payer = await raceSignal(connect(option.network.namespace, { signal }), signal)
      this.#alive(intent)
    }
    // Connecting may take a person minutes: the quote is checked again right before signing.
    const late = await this.#fresh(option, intent)
    if (!late) return
    if (late.network.namespace !== payer.namespace)
      throw new QuoteExpiredError({ details: 'The quote changed while connecting; confirm again.' })
    option = late
    const paymentRequired = this.#state.paymentRequired!
    this.#assertSignable(option, paymentRequired)
    const reason = payer.canPay(option)
    if (reason) throw new PolicyViolationError({ option, reason })
    this.#alive(intent)

    this.#transition('signing', { selected: option, error: undefined, step: undefined })
    intent.payer = payer
    let payment: PreparedPayment
    try {
      payment = await payer.createPayment(
        option,
        new IntentPaymentContext(
          intent,
          paymentRequired,
          () => Math.floor(this.#now() / 1000),
          (step: PaymentStep) => {
            if (step === 'broadcasting') intent.broadcasting = true
            if (intent !== this.#intent) return
            if (step === 'switching-network') this.#transition('switching-network', { step })
            else if (this.#state.status === 'switching-network')
              this.#transition('signing', { step })
            else this.#update({ step })
          },
          // h402's personal_sign of `resource` is allowed only on this origin (SPEC §5.5).
          this.#request?.url,
        ),
      )
    } catch (error) {
      // Once a transaction may be on its way, a failure is not a "try again": money may have moved.
      // Only definite answers pass: a rejection, or a transaction known to have failed.
      if (
        intent.broadcasting &&
        !(error instanceof TransactionRevertedError) &&
        !isRejection(error)
      ) {
        // A cancelled intent's wallet that broadcast and then failed: the session takes it back
        // to say money may have moved, as it does for a broadcast that succeeded (#orphan).
        if (
          (intent !== this.#intent || intent.cancelled) &&
          !this.#adopt(intent, paymentRequired, option)
        )
          throw new IntentCancelled()
        throw error instanceof OutcomeUnknownError
          ? error
          : new OutcomeUnknownError({
              cause: error,
              details: 'The wallet failed after broadcasting.',
            })
      }
      this.#alive(intent)
      throw error
    }
    if (payment.kind === 'broadcast') intent.broadcasting = true
    if (intent !== this.#intent || intent.cancelled) {
      // A prompt of a cancelled intent answered. Signed but not sent, nothing moved: dropped. A
      // broadcast moved the money: it is submitted all the same (SPEC §5.6).
      if (payment.kind !== 'broadcast') throw new IntentCancelled()
      return this.#orphan(intent, paymentRequired, option, payment)
    }
    await this.#submit(intent, paymentRequired, option, payment)
  }

  /**
   * A broadcast that a cancelled intent's wallet made anyway. When the session has nothing signed
   * of its own, it takes that intent back and shows its submission; otherwise (disposed, or a
   * newer payment under way) it is submitted on its own, so the server can still deliver.
   */
  async #orphan(
    intent: Intent,
    paymentRequired: PaymentRequired,
    option: PaymentOption,
    payment: PreparedPayment,
  ): Promise<void> {
    if (!this.#adopt(intent, paymentRequired, option)) {
      await this.#send(paymentRequired, option, payment).then(
        (response) => response.body?.cancel().catch(() => {}),
        () => {},
      )
      return
    }
    await this.#submit(intent, paymentRequired, option, payment)
  }

  /**
   * Takes back a cancelled intent whose wallet moved money anyway, when the session has nothing
   * signed of its own (not disposed, no newer payment under way); false when it cannot.
   */
  #adopt(intent: Intent, paymentRequired: PaymentRequired, option: PaymentOption): boolean {
    if (this.#disposed || this.#state.payment || !this.#cancellable()) return false
    this.#intent.cancel(new IntentCancelled())
    intent.revive()
    this.#intent = intent
    this.#running = intent.running
    // Told to listeners with what comes next (submitting, or the failure): a listener that cancels
    // in between would leave a payment under way shown as idle.
    Object.assign(this.#state, { paymentRequired, selected: option })
    return true
  }

  #send(
    paymentRequired: PaymentRequired,
    option: PaymentOption,
    payment: PreparedPayment,
    onAttempt?: (attempt: number) => void,
  ): Promise<Response> {
    const request = this.#request
    if (!request)
      return Promise.reject(
        new OutcomeUnknownError({ details: 'The request to pay was lost before sending.' }),
      )
    const header = encodePaymentHeader(
      option.protocol,
      buildPaymentPayload(paymentRequired, option, payment),
    )
    return sendPaidRequest({
      fetch: this.#config.fetch ?? globalThis.fetch,
      snapshot: request,
      header,
      validBefore: payment.validBefore,
      transaction: payment.transaction,
      now: () => this.#now(),
      maxResends: this.#config.maxResends ?? 2,
      resendDelayMs: this.#config.resendDelayMs ?? 250,
      timeoutMs: this.#timeoutMs(),
      ...(onAttempt ? { onAttempt } : {}),
    })
  }

  /** Sends the signed payment and reports what became of it. Never returns silently. */
  async #submit(
    intent: Intent,
    paymentRequired: PaymentRequired,
    option: PaymentOption,
    payment: PreparedPayment,
  ): Promise<void> {
    // The payment and `submitting` in one change: a listener told of the payment can no longer
    // cancel an intent whose payment is about to be sent.
    this.#transition('submitting', { payment, step: undefined, error: undefined })
    let sends = 0
    const response = await this.#send(paymentRequired, option, payment, (attempt) => {
      sends = attempt
      this.#update({ attempts: this.#state.attempts + 1 })
    })
    await this.#conclude(intent, response, payment, option, sends > 1)
  }

  async #conclude(
    intent: Intent,
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
    // x402#1062, x402scan#1106: a failure after submission does not prove the payment failed. A
    // refusal of a resend proves even less: the first send may have settled ("nonce used", x402#452).
    if (response.status >= 500 || payment.kind === 'broadcast' || resent) {
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
    const refusal =
      settlement && !settlement.success
        ? new SettlementFailedError({ reason: settlement.errorReason })
        : new PaymentRejectedError({
            status: response.status,
            reason: await refusalReason(response, this.#timeoutMs(), this.#config.parseOptions),
          })
    // SPEC §5.7: a server can settle a payload and still answer 402. "Nothing moved" is said only
    // once the chain shows it (and that the payload can no longer move it).
    this.#transition('submitting', { step: 'confirming' })
    const reconciliation = await this.#reconcile(intent, option, payment)
    if (reconciliation.status === 'not-paid') {
      this.#transition('failed', { response, settlement, error: refusal, reconciliation })
      return
    }
    const error =
      reconciliation.status === 'paid'
        ? new PaidNotDeliveredError({
            transaction: reconciliation.transaction ?? payment.transaction,
            cause: refusal,
          })
        : new OutcomeUnknownError({
            transaction: payment.transaction ?? settlement?.transaction,
            cause: refusal,
            details: `The server refused the payment (${refusal.details ?? response.status}), but the chain does not show yet that nothing moved.`,
          })
    this.#transition('outcome-unknown', { response, settlement, error, reconciliation })
  }

  /** Asks the payer that signed (else the current one) what the chain says. Never throws. */
  async #reconcile(
    intent: Intent,
    option: PaymentOption,
    payment: PreparedPayment,
  ): Promise<PaymentReconciliation> {
    const payer = intent.payer ?? this.#payerFor(option)
    if (!payer?.checkPayment)
      return {
        status: 'unknown',
        reason: 'The payer cannot check payments on chain.',
        at: this.#now(),
      }
    const limit = deadline(this.#timeoutMs(), [])
    intent.hold(limit)
    try {
      const check = await limit.race(
        payer.checkPayment(option, payment, {
          now: () => Math.floor(this.#now() / 1000),
          signal: limit.signal,
        }),
      )
      const status = check.status
      if (status !== 'paid' && status !== 'not-paid' && status !== 'unknown')
        return { status: 'unknown', reason: 'The payer gave no answer.', at: this.#now() }
      return {
        status,
        ...(check.transaction === undefined ? {} : { transaction: check.transaction }),
        ...(check.reason === undefined ? {} : { reason: check.reason }),
        at: this.#now(),
      }
    } catch (error) {
      const reason = limit.timedOut
        ? `The check got no answer within ${this.#timeoutMs()} ms.`
        : `The check failed: ${isH402Error(error) ? error.shortMessage : String(error)}`
      return { status: 'unknown', reason, at: this.#now() }
    } finally {
      intent.release(limit)
      limit.clear()
    }
  }

  #expired(paymentRequired: PaymentRequired, option: PaymentOption): boolean {
    if (option.maxTimeoutSeconds === undefined) return false
    return this.#now() > paymentRequired.receivedAt + option.maxTimeoutSeconds * 1000
  }

  #stillValid(payment: PreparedPayment): boolean {
    return payment.validBefore === undefined || this.#now() / 1000 < payment.validBefore - 6
  }

  /**
   * Fetches the 402 again; continues with the same option when it comes back unchanged. When
   * the price changed, a person confirms again: the selection stays on that option (at its new
   * price) or is cleared, never moved to another one. With `autoPay`, the policy chooses again.
   */
  async #refetchQuote(previous: PaymentOption, intent: Intent): Promise<PaymentOption | undefined> {
    this.#transition('fetching', { error: undefined })
    const loaded = await this.#load(intent)
    this.#alive(intent)
    if (loaded instanceof Response) {
      this.#transition('settled', { response: loaded })
      return undefined
    }
    const chosen = this.#chosen
    this.#chosen = previous.id
    await this.#acceptPaymentRequired(loaded, intent)
    this.#chosen = chosen
    const entry = this.#state.options.find((ranked) => ranked.option.id === previous.id)
    const same =
      entry?.eligible &&
      entry.option.amount === previous.amount &&
      entry.option.asset.address === previous.asset.address &&
      entry.option.payTo === previous.payTo
    if (same) {
      this.#update({ selected: entry.option })
      return entry.option
    }
    if (this.#config.autoPay) {
      const best = this.#state.options[0]
      if (best?.eligible) {
        this.#update({ selected: best.option })
        return best.option
      }
    }
    this.#update({
      selected: entry?.option,
      error: new QuoteExpiredError({ details: 'The price changed; confirm the new one.' }),
    })
    return undefined
  }

  #fail(error: unknown): void {
    const h402Error = toError(error)
    const response = (error as { response?: Response } | undefined)?.response
    const { payment } = this.#state
    // A redirect answer means the first origin received the payment: it may have settled it. A
    // broadcast moved the money: whatever failed after it, the outcome is not "failed".
    const status: PaymentStatus =
      h402Error instanceof OutcomeUnknownError ||
      (payment !== undefined &&
        (h402Error instanceof CrossOriginRedirectError || payment.kind === 'broadcast'))
        ? 'outcome-unknown'
        : 'failed'
    // A rejected prompt returns to the choice, with the error shown (oceanprotocol#1202).
    if (h402Error instanceof UserRejectedError && this.#state.paymentRequired && !payment) {
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
    Object.assign(this.#state, patch)
    this.#changed()
  }

  /** The state changed: the next snapshot is a new object, and listeners are told. */
  #changed(): void {
    this.#snapshot = undefined
    for (const listener of this.#listeners) listener()
  }

  #transition(status: PaymentStatus, patch: Partial<PaymentSessionState> = {}): void {
    const state = this.#state
    const previous = state.status
    const previousSince = state.since
    const at = this.#now()
    Object.assign(state, patch)
    state.status = status
    state.since = at
    this.#changed()
    if (previous === status) return
    this.#config.onEvent?.({
      type: status,
      previous,
      at,
      durationMs: at - previousSince,
      elapsedMs: at - this.#startedAt,
      state: this.getSnapshot(),
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

// Enough for any real 402 body; a larger or slower one is cancelled rather than downloaded.
const drainLimit = 64 * 1024
const drainMs = 1000

/**
 * Reads a small body to its end (the connection is reused); cancels a large one, or one still
 * coming after `ms` or once `signal` aborts. A cancel settles the pending read at once, whatever
 * the body's source does, so no timer or listener outlives this.
 */
async function drain(response: Response, ms: number, signal: AbortSignal): Promise<void> {
  const body = response.body
  if (!body || response.bodyUsed) return
  const reader = body.getReader()
  // Not awaited: a teed body's cancel settles only once its other branch is done too.
  const cancel = () => void reader.cancel().catch(() => {})
  if (signal.aborted) return cancel()
  const timer = setTimeout(cancel, ms)
  signal.addEventListener('abort', cancel, { once: true })
  let size = 0
  try {
    while (size <= drainLimit) {
      const { done, value } = await reader.read()
      if (done) return
      size += value.byteLength
    }
    cancel()
  } catch {
    // Broken: cancelled, for good measure.
    cancel()
  } finally {
    clearTimeout(timer)
    signal.removeEventListener('abort', cancel)
  }
}

async function refusalReason(
  response: Response,
  timeoutMs: number,
  parseOptions?: ParseOptions,
): Promise<string | undefined> {
  if (response.status === 402 || response.status === 412) {
    // Read from a clone (the refusal is shown as it came), within the timeout: a body that never
    // ends must not keep the payment's outcome from being reported (SPEC §5.6).
    const limit = deadline(timeoutMs, [])
    const again = await parsePaymentRequired(response, { ...parseOptions, signal: limit.signal })
      .catch(() => undefined)
      .finally(() => limit.clear())
    if (again?.error) return again.error
    // h402's Express and Hono middleware put an `Error` in `error`, which JSON turns into `{}`
    // (bit-gpt/h402 typescript/packages/h402-express/src/index.ts): say so, and what to try.
    if (again) return unexplainedRefusal(response.status)
  }
  return `The server answered ${response.status}.`
}

/** The reason of a refusal that names none: nothing to fix in the payment, so try another option. */
function unexplainedRefusal(status: number): string {
  return `The server refused the payment without saying why (it answered ${status} with an empty "error"). Nothing in the payment can be corrected: choose another payment option, or ask the site.`
}
