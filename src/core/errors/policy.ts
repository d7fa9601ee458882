import type { PaymentOption } from '../types.js'
import { H402Error } from './base.js'

/** The selected option breaks the payment policy (cap, allowlist or predicate). */
export class PolicyViolationError extends H402Error {
  override name = 'PolicyViolationError'
  /** The refused option. */
  readonly option: PaymentOption
  constructor({ option, reason }: { option: PaymentOption; reason: string }) {
    super('This payment is not allowed by the payment policy.', {
      code: 'policy_refused',
      userAction: 'chooseOther',
      details: reason,
    })
    this.option = option
  }
}

/** The kit cannot pay this option (unknown network, scheme or malformed entry). */
export class UnsupportedOptionError extends H402Error {
  override name = 'UnsupportedOptionError'
  /** The unsupported option. */
  readonly option: PaymentOption
  constructor({ option, reason }: { option: PaymentOption; reason?: string }) {
    super('This payment option is not supported.', {
      code: 'unsupported_option',
      userAction: 'chooseOther',
      details: reason ?? option.unsupportedReason,
    })
    this.option = option
  }
}

/** No option can be paid: each was refused by the policy, the wallets or the kit. */
export class NoPayableOptionError extends H402Error {
  override name = 'NoPayableOptionError'
  /** Why each option was refused, in the server's order. */
  readonly refusals: readonly { option: PaymentOption; reason: string }[]
  constructor({ refusals }: { refusals: readonly { option: PaymentOption; reason: string }[] }) {
    super('None of the payment options can be paid.', {
      code: 'no_payable_option',
      userAction: 'none',
      metaMessages: refusals.map(({ option, reason }) => `- ${option.id}: ${reason}`),
    })
    this.refusals = refusals
  }
}
