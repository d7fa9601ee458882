import { NoPayableOptionError } from '../errors/policy.js'
import type { PaymentOption } from '../types.js'
import { checkPolicy, type PaymentPolicy } from './paymentPolicy.js'

/** What the payer can use, for ranking. */
export interface SelectionContext {
  /** Namespaces the connected wallets (or signers) can pay in, e.g. `['evm']`. Omit for all. */
  namespaces?: readonly string[]
  /** Known balances, in atomic units of each option's asset. */
  balance?: (option: PaymentOption) => bigint | undefined
  /** Why the connected wallet cannot pay an option (e.g. a `Payer`'s `canPay`), if it cannot. */
  canPay?: (option: PaymentOption) => string | undefined
}

/** An option with its verdict and affordability, as {@link rankPaymentOptions} returns it. */
export interface RankedOption {
  option: PaymentOption
  /** True when the policy and the wallets allow it. */
  eligible: boolean
  /** Why it is not eligible. */
  reason?: string
  /** True / false when the balance is known, `undefined` otherwise. */
  affordable: boolean | undefined
  /** The payer's balance of the option's asset, in atomic units, when known. */
  balance?: bigint
}

/**
 * Ranks every option: eligible before refused, then affordable before unknown before
 * unaffordable, then the server's order. Refused options stay in the list with their reason,
 * so a chooser can show them. Without a policy (a person confirms each payment), only options
 * the kit or the wallets cannot pay are refused.
 */
export function rankPaymentOptions(
  options: readonly PaymentOption[],
  policy: PaymentPolicy | undefined,
  context: SelectionContext = {},
): RankedOption[] {
  const ranked = options.map((option, index) => {
    const verdict = policy
      ? checkPolicy(option, policy)
      : option.supported
        ? ({ allowed: true } as const)
        : {
            allowed: false as const,
            reason: option.unsupportedReason ?? 'The option is not supported.',
          }
    const walletReason =
      context.namespaces && !context.namespaces.includes(option.network.namespace)
        ? `No ${option.network.namespace} wallet is connected.`
        : verdict.allowed
          ? context.canPay?.(option)
          : undefined
    const balance = context.balance?.(option)
    const entry: RankedOption = {
      option,
      eligible: verdict.allowed && walletReason === undefined,
      affordable: balance === undefined ? undefined : balance >= option.amount,
    }
    const reason = verdict.allowed ? walletReason : verdict.reason
    if (reason !== undefined) entry.reason = reason
    if (balance !== undefined) entry.balance = balance
    return { entry, index }
  })
  const affordability = (value: boolean | undefined) =>
    value === true ? 0 : value === undefined ? 1 : 2
  ranked.sort(
    (a, b) =>
      Number(b.entry.eligible) - Number(a.entry.eligible) ||
      affordability(a.entry.affordable) - affordability(b.entry.affordable) ||
      a.index - b.index,
  )
  return ranked.map(({ entry }) => entry)
}

/**
 * Picks the best option the policy and the wallets allow: affordable first, then the server's
 * order. Never falls back to a refused option: when none is eligible it throws
 * {@link NoPayableOptionError} with each option's reason.
 */
export function selectPaymentOption(
  options: readonly PaymentOption[],
  policy: PaymentPolicy,
  context?: SelectionContext,
): PaymentOption {
  const ranked = rankPaymentOptions(options, policy, context)
  const best = ranked[0]
  if (best?.eligible) return best.option
  throw new NoPayableOptionError({
    refusals: options.map((option) => ({
      option,
      reason: ranked.find((entry) => entry.option === option)?.reason ?? 'Refused.',
    })),
  })
}
