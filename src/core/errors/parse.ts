import { H402Error } from './base.js'

/** The response is not a `402 Payment Required` (nor a `412` Permit2 precondition). */
export class NotPaymentRequiredError extends H402Error {
  override name = 'NotPaymentRequiredError'
  /** The HTTP status that was received. */
  readonly status: number
  constructor({ status }: { status: number }) {
    super(`Expected a 402 Payment Required response, got ${status}.`, {
      code: 'not_payment_required',
      userAction: 'none',
    })
    this.status = status
  }
}

/** A 402 whose payment requirements cannot be read (bad JSON, bad base64, wrong shape, too big). */
export class InvalidPaymentRequiredError extends H402Error {
  override name = 'InvalidPaymentRequiredError'
  constructor({ reason, cause }: { reason: string; cause?: unknown }) {
    super('The server sent payment requirements that cannot be read.', {
      code: 'invalid_payment_required',
      userAction: 'none',
      details: reason,
      cause,
    })
  }
}

/** A 402 whose `accepts` list is empty: the server offers no way to pay. */
export class NoPaymentOptionsError extends H402Error {
  override name = 'NoPaymentOptionsError'
  constructor() {
    super('The server offers no way to pay for this resource.', {
      code: 'no_payment_options',
      userAction: 'none',
    })
  }
}

/** A payment or settlement header that is not base64-encoded JSON. */
export class InvalidHeaderError extends H402Error {
  override name = 'InvalidHeaderError'
  constructor({ reason, cause }: { reason: string; cause?: unknown }) {
    super('A payment header could not be decoded.', {
      code: 'invalid_header',
      userAction: 'none',
      details: reason,
      cause,
    })
  }
}

/** An amount that is not an exact, non-negative decimal for the token's decimals. */
export class InvalidAmountError extends H402Error {
  override name = 'InvalidAmountError'
  constructor({ reason }: { reason: string }) {
    super('The amount is not valid.', {
      code: 'invalid_amount',
      userAction: 'none',
      details: reason,
    })
  }
}
