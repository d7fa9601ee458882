import { parsePaymentRequired } from '../../src/core/parsePaymentRequired.js'
import type { PaymentContext, PaymentStep } from '../../src/core/payer.js'
import type { PaymentOption, PaymentRequired } from '../../src/core/types.js'

/** A parsed 402 and its only option, which must be supported. */
export interface Quote {
  paymentRequired: PaymentRequired
  option: PaymentOption
}

/** Reads a 402 and takes its first option, failing loudly when the kit cannot pay it. */
export async function quote(response: Response): Promise<Quote> {
  const paymentRequired = await parsePaymentRequired(response)
  const option = paymentRequired.options[0]!
  if (!option.supported) throw new Error(`unsupported option: ${option.unsupportedReason}`)
  return { paymentRequired, option }
}

/** A payment context on the real clock that records the steps reported. */
export function contextFor(paymentRequired: PaymentRequired): PaymentContext & {
  steps: PaymentStep[]
} {
  const steps: PaymentStep[] = []
  return {
    paymentRequired,
    now: () => Math.floor(Date.now() / 1000),
    onStep: (step) => steps.push(step),
    steps,
  }
}
