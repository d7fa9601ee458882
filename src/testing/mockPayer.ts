import { UserRejectedError } from '../core/errors/wallet.js'
import type {
  Payer,
  PaymentCheck,
  PaymentCheckContext,
  PaymentContext,
  PaymentStep,
  PreparedPayment,
} from '../core/payer.js'
import type { PaymentOption } from '../core/types.js'

/** Options of {@link mockPayer}. */
export interface MockPayerOptions {
  /** Chain family. Default `'evm'`. */
  namespace?: 'evm' | 'solana'
  /** The address it pays from. */
  address?: string
  /** What it reports as `kind`. Default `'authorization'`. */
  kind?: PreparedPayment['kind']
  /** Balances to report, by option id or for every option. */
  balance?: bigint | ((option: PaymentOption) => bigint | undefined)
  /** Rejects the next N payments as a person would in their wallet. */
  rejections?: number
  /** Seconds the fake payload stays valid. Default 60. */
  validForSeconds?: number
  /** Why it cannot pay an option, if it cannot. */
  canPay?: (option: PaymentOption) => string | undefined
  /** Steps it reports while paying, as a real wallet would. Default `['signing']`. */
  steps?: readonly PaymentStep[]
  /**
   * How long the person takes at the wallet prompt: milliseconds, or a function whose promise
   * settles when they answer (resolve `'approve'` or `'reject'`, for tests that drive the timing).
   * The prompt is shown (the call recorded) first, and, like a real one, cannot be withdrawn.
   */
  signDelay?: number | ((option: PaymentOption) => Promise<'approve' | 'reject' | undefined>)
  /** How long a balance read takes, in ms. It ends early when its signal aborts. */
  balanceDelayMs?: number
  /**
   * What `checkPayment` answers: a status, or a function of the payment. Omit for a payer without
   * `checkPayment` (the session can then never prove that nothing moved).
   */
  check?:
    | PaymentCheck['status']
    | ((payment: PreparedPayment, option: PaymentOption) => PaymentCheck | Promise<PaymentCheck>)
}

/** A {@link mockPayer}: a `Payer` that records what it was asked to sign. */
export interface MockPayer extends Payer {
  /** Every option it was asked to pay (every prompt shown), in order. */
  readonly calls: PaymentOption[]
  /** Every payment it signed and returned, in order. */
  readonly payments: PreparedPayment[]
  /** Every payment it was asked to check, in order. */
  readonly checks: PreparedPayment[]
  /** The context of every prompt, in order (its `signal` tells whether it was cancelled). */
  readonly contexts: PaymentContext[]
}

/**
 * A `Payer` for tests and stories: it signs nothing real, returns a recognisable fake payload
 * (`{ mock: true, option, signature }`) and records every call, so a test can assert how many
 * signatures were asked for. Slow wallets, rejections and chain checks can be scripted. Never
 * use it to pay a real server.
 */
export function mockPayer(options: MockPayerOptions = {}): MockPayer {
  const namespace = options.namespace ?? 'evm'
  const address =
    options.address ??
    (namespace === 'evm'
      ? '0x1111111111111111111111111111111111111111'
      : '11111111111111111111111111111112')
  let rejections = options.rejections ?? 0
  const calls: PaymentOption[] = []
  const payments: PreparedPayment[] = []
  const checks: PreparedPayment[] = []
  const contexts: PaymentContext[] = []
  const check = options.check
  return {
    namespace,
    calls,
    payments,
    checks,
    contexts,
    canPay: (option) =>
      option.network.namespace === namespace
        ? options.canPay?.(option)
        : `Not a ${namespace} option.`,
    getAddress: async () => address,
    ...(options.balance === undefined
      ? {}
      : {
          getBalance: async (option: PaymentOption, context?: { signal?: AbortSignal }) => {
            if (options.balanceDelayMs) await sleep(options.balanceDelayMs, context?.signal)
            context?.signal?.throwIfAborted()
            const balance =
              typeof options.balance === 'function' ? options.balance(option) : options.balance
            if (balance === undefined) throw new Error('No balance for this option.')
            return balance
          },
        }),
    async createPayment(option: PaymentOption, context: PaymentContext): Promise<PreparedPayment> {
      // A well-behaved payer opens no prompt for a cancelled intent.
      context.signal?.throwIfAborted()
      calls.push(option)
      contexts.push(context)
      for (const step of options.steps ?? ['signing']) context.onStep?.(step)
      const delay = options.signDelay
      const answer =
        typeof delay === 'function'
          ? await delay(option)
          : delay
            ? await sleep(delay).then(() => undefined)
            : undefined
      if (answer === 'reject' || (answer === undefined && rejections > 0)) {
        if (answer === undefined) rejections--
        throw new UserRejectedError()
      }
      const now = context.now()
      const payment: PreparedPayment = {
        kind: options.kind ?? 'authorization',
        // Numbered by signature, not by prompt: concurrent prompts still sign distinct payloads.
        payload: {
          mock: true,
          option: option.id,
          signature: `mock-signature-${payments.length + 1}`,
        },
        payer: address,
        validBefore: now + (options.validForSeconds ?? 60),
        ...(options.kind === 'broadcast' ? { transaction: `0x${'ab'.repeat(32)}` } : {}),
      }
      payments.push(payment)
      return payment
    },
    ...(check === undefined
      ? {}
      : {
          async checkPayment(
            option: PaymentOption,
            payment: PreparedPayment,
            context: PaymentCheckContext,
          ): Promise<PaymentCheck> {
            checks.push(payment)
            context.signal?.throwIfAborted()
            return typeof check === 'function' ? check(payment, option) : { status: check }
          },
        }),
  }
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer)
      signal?.removeEventListener('abort', done)
      resolve()
    }
    const timer = setTimeout(done, ms)
    signal?.addEventListener('abort', done, { once: true })
  })
}
