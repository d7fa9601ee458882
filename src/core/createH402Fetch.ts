import { RequestAbortedError } from './errors/payment.js'
import type { ParseOptions } from './parsePaymentRequired.js'
import type { Payer } from './payer.js'
import { defaultPaymentPolicy, type PaymentPolicy } from './policy/paymentPolicy.js'
import { PaymentSession, type PaymentSessionConfig } from './session/paymentSession.js'
import type { PaymentEvent, PaymentSessionState } from './session/types.js'
import type { PaymentOption, PaymentRequired, Settlement } from './types.js'

/** Options of {@link createH402Fetch}. */
export interface CreateH402FetchOptions {
  /** Pays EVM options: `evmPayer(account | walletClient)` from `@h402/paywall/evm`. */
  evm?: Payer
  /** Pays Solana options: `solanaPayer(keypair | wallet, { connection })` from `@h402/paywall/solana`. */
  solana?: Payer
  /** What may be paid unattended. Default: known USD stablecoins up to 0.10 each. */
  policy?: PaymentPolicy
  /** The underlying `fetch`. Defaults to the global one. */
  fetch?: typeof globalThis.fetch
  /** Called on every status change of every payment, with timing. */
  onEvent?: (event: PaymentEvent) => void
  /** Extra networks and tokens for reading 402s. */
  parseOptions?: ParseOptions
  /** Resends of the same signed payload after a transport failure. Default 2. */
  maxResends?: number
  /** First delay between resends, in ms. Default 250. */
  resendDelayMs?: number
  /**
   * Longest wait for each request, in ms: the 402 (its body included), each send of the paid
   * request, a payment check. Default 30 000. After the payment exists, a timeout rejects with
   * `OutcomeUnknownError`.
   */
  timeoutMs?: number
}

/** What a paid response was paid with, as {@link getPaymentResult} returns it. */
export interface PaymentResult {
  paymentRequired: PaymentRequired
  option: PaymentOption
  /** The server's settlement, when it sent a readable one. */
  settlement: Settlement | undefined
  /** The session's final state. */
  state: PaymentSessionState
}

// A property of the response, not a WeakMap entry: the result holds the response (its state does),
// and V8's scavenger keeps a WeakMap entry whose value holds its key until a full collection, so
// every paid response, its session and its 402 went to the old generation (~4 KB a payment). The
// WeakMap is left for a response that takes no property.
const resultKey = Symbol('h402.paymentResult')
const results = new WeakMap<Response, PaymentResult>()

/**
 * The payment behind a response returned by a `createH402Fetch` fetch, or `undefined` when the
 * response needed no payment.
 */
export function getPaymentResult(response: Response): PaymentResult | undefined {
  return (response as { [resultKey]?: PaymentResult })[resultKey] ?? results.get(response)
}

function remember(response: Response, result: PaymentResult): void {
  try {
    Object.defineProperty(response, resultKey, { value: result, configurable: true })
  } catch {
    results.set(response, result)
  }
}

/**
 * Wraps `fetch` so that a `402 Payment Required` is paid under the policy and the request sent
 * once more with the payment header of the server's dialect; resolves with the paid `Response`
 * (read its settlement with {@link getPaymentResult} or `decodeSettlement`). Uses the same
 * `PaymentSession` as the UI, with the same rules: one signature per request, resends of the
 * same payload only, no header to another origin, method and body preserved. Rejects with an
 * `H402Error` (`NoPayableOptionError`, `PaymentRejectedError`, `OutcomeUnknownError`…).
 */
export function createH402Fetch(options: CreateH402FetchOptions = {}): typeof globalThis.fetch {
  const payers = [options.evm, options.solana].filter(
    (payer): payer is Payer => payer !== undefined,
  )
  const config: Omit<PaymentSessionConfig, 'input'> = {
    payers,
    policy: options.policy ?? defaultPaymentPolicy,
    autoPay: true,
    ...(options.fetch ? { fetch: options.fetch } : {}),
    ...(options.onEvent ? { onEvent: options.onEvent } : {}),
    ...(options.parseOptions ? { parseOptions: options.parseOptions } : {}),
    ...(options.maxResends === undefined ? {} : { maxResends: options.maxResends }),
    ...(options.resendDelayMs === undefined ? {} : { resendDelayMs: options.resendDelayMs }),
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
  }
  return async (input, init) => {
    const session = new PaymentSession(init ? { ...config, input, init } : { ...config, input })
    let response: Response
    try {
      response = await session.run()
    } catch (error) {
      // As `fetch` does: the caller's abort rejects with the signal's reason, when nothing was paid.
      const signal = init?.signal ?? (input instanceof Request ? input.signal : undefined)
      if (error instanceof RequestAbortedError && signal?.aborted) throw signal.reason
      throw error
    }
    const state = session.getSnapshot()
    if (state.paymentRequired && state.selected)
      remember(response, {
        paymentRequired: state.paymentRequired,
        option: state.selected,
        settlement: state.settlement,
        state,
      })
    return response
  }
}
