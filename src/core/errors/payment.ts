import { H402Error } from './base.js'

/** The quote expired before it was signed; fetch the requirements again. */
export class QuoteExpiredError extends H402Error {
  override name = 'QuoteExpiredError'
  constructor({ details }: { details?: string } = {}) {
    super('The price quote expired. Fetch it again.', {
      code: 'quote_expired',
      userAction: 'retry',
      details,
    })
  }
}

/** The server or its facilitator refused the payment; no money moved. */
export class PaymentRejectedError extends H402Error {
  override name = 'PaymentRejectedError'
  /** The server's reason code (e.g. `invalid_exact_evm_payload_signature`), verbatim. */
  readonly reason: string | undefined
  /** HTTP status of the refusal. */
  readonly status: number
  constructor({ status, reason, cause }: { status: number; reason?: string; cause?: unknown }) {
    super('The server refused the payment.', {
      code: 'payment_rejected',
      userAction: 'chooseOther',
      details: reason,
      cause,
    })
    this.reason = reason
    this.status = status
  }
}

/** The server says settlement failed after the payment was submitted. */
export class SettlementFailedError extends H402Error {
  override name = 'SettlementFailedError'
  /** The server's reason code, verbatim. */
  readonly reason: string | undefined
  constructor({ reason, cause }: { reason?: string; cause?: unknown }) {
    super('The payment could not be settled.', {
      code: 'settle_failed',
      userAction: 'none',
      details: reason,
      cause,
    })
    this.reason = reason
  }
}

/**
 * The payment was submitted but its outcome is unknown (the answer was lost, or the server failed
 * after settling). It may have been charged: never pay again automatically.
 */
export class OutcomeUnknownError extends H402Error {
  override name = 'OutcomeUnknownError'
  /** Transaction hash or signature, when one is known. */
  readonly transaction: string | undefined
  constructor({
    transaction,
    cause,
    details,
  }: { transaction?: string; cause?: unknown; details?: string }) {
    super('The payment was sent, but its outcome is unknown. Do not pay again before checking.', {
      code: 'outcome_unknown',
      userAction: 'none',
      details,
      cause,
    })
    this.transaction = transaction
  }
}

/** The request could not reach the server (before any payment was submitted). */
export class NetworkRequestError extends H402Error {
  override name = 'NetworkRequestError'
  constructor({ cause, details }: { cause?: unknown; details?: string }) {
    super('The server could not be reached.', {
      code: 'network_error',
      userAction: 'retry',
      details,
      cause,
    })
  }
}

/** A second 402 after a paid retry, or a request that already carried a payment header. */
export class PaymentAlreadyAttemptedError extends H402Error {
  override name = 'PaymentAlreadyAttemptedError'
  constructor({ details }: { details?: string } = {}) {
    super('A payment was already attempted for this request.', {
      code: 'payment_already_attempted',
      userAction: 'none',
      details,
    })
  }
}

/** A redirect would have carried the payment header to another origin. */
export class CrossOriginRedirectError extends H402Error {
  override name = 'CrossOriginRedirectError'
  constructor({ from, to }: { from: string; to: string }) {
    super(
      'The server redirected the paid request to another origin; the payment was not forwarded there.',
      {
        code: 'cross_origin_redirect',
        userAction: 'none',
        details: `${from} → ${to}`,
      },
    )
  }
}

/** A failure the kit did not expect (a bug, or a wallet that broke its contract). */
export class UnexpectedError extends H402Error {
  override name = 'UnexpectedError'
  constructor({ cause }: { cause?: unknown }) {
    super('Something unexpected went wrong.', { code: 'unexpected', userAction: 'none', cause })
  }
}

/**
 * A transaction the payer broadcast was mined but failed (reverted): the transfer did not happen,
 * only the network fee was spent. Definite, unlike {@link OutcomeUnknownError}.
 */
export class TransactionRevertedError extends H402Error {
  override name = 'TransactionRevertedError'
  /** Hash or signature of the failed transaction. */
  readonly transaction: string
  constructor({ transaction, cause }: { transaction: string; cause?: unknown }) {
    super('The payment transaction failed on chain; no tokens were transferred.', {
      code: 'transaction_reverted',
      userAction: 'retry',
      details: `Transaction ${transaction} failed.`,
      cause,
    })
    this.transaction = transaction
  }
}

/**
 * A request of the kit got no answer in time (`timeoutMs`). Before a payment exists it is a
 * retry; once one does, the session reports {@link OutcomeUnknownError} with this as the cause.
 */
export class RequestTimeoutError extends H402Error {
  override name = 'RequestTimeoutError'
  /** The limit that was reached, in ms. */
  readonly timeoutMs: number
  constructor({ timeoutMs, details }: { timeoutMs: number; details?: string }) {
    super('The server did not answer in time.', {
      code: 'timeout',
      userAction: 'retry',
      details: details ?? `No answer within ${timeoutMs} ms.`,
    })
    this.timeoutMs = timeoutMs
  }
}

/** The caller aborted the request (its `AbortSignal`) before anything was paid. */
export class RequestAbortedError extends H402Error {
  override name = 'RequestAbortedError'
  constructor({ cause }: { cause?: unknown } = {}) {
    super('The request was aborted.', { code: 'aborted', userAction: 'retry', cause })
  }
}

/**
 * The chain shows that a payment whose outcome was unclear did not move and can no longer move
 * (expired, or its nonce consumed otherwise): paying again is safe.
 */
export class PaymentNotSettledError extends H402Error {
  override name = 'PaymentNotSettledError'
  /** The payer's reason, verbatim. */
  readonly reason: string | undefined
  constructor({ reason, cause }: { reason?: string; cause?: unknown } = {}) {
    super('The payment did not go through, and it can no longer. You can pay again.', {
      code: 'not_settled',
      userAction: 'retry',
      details: reason,
      cause,
    })
    this.reason = reason
  }
}

/**
 * The chain shows the money moved, but the server refused or lost the answer: the person paid
 * and did not get the resource. Never pay again; the transaction is the proof for the merchant.
 */
export class PaidNotDeliveredError extends H402Error {
  override name = 'PaidNotDeliveredError'
  /** Transaction hash or signature, when the chain shows one. */
  readonly transaction: string | undefined
  constructor({ transaction, cause }: { transaction?: string; cause?: unknown } = {}) {
    super('The payment went through, but the server did not deliver. Do not pay again.', {
      code: 'paid_not_delivered',
      userAction: 'none',
      details: transaction ? `Transaction ${transaction}.` : undefined,
      cause,
    })
    this.transaction = transaction
  }
}
