import { parseAmount } from '../amount/parseAmount.js'
import { tokens as knownTokens, sameAddress, type TokenLookupOptions } from '../networks/tokens.js'
import type { PaymentOption } from '../types.js'

/** A spend cap on one asset, in its atomic units. */
export interface SpendCap {
  /** CAIP-2 network id. Omit to cap the asset address on every network. */
  network?: string
  /** Token address or mint (or the native placeholder). */
  asset: string
  /** Largest amount paid at once, in atomic units. */
  max: bigint
}

/**
 * What may be paid without asking a person. Fail-closed: an option is paid only if a cap covers
 * its asset, its amount is within that cap, it passes every allowlist given, and `allow` (if
 * given) returns `true`.
 */
export interface PaymentPolicy {
  /** Per-asset spend caps. An asset without a cap is never paid. */
  caps: readonly SpendCap[]
  /** Allowed recipients. Omit to allow any. */
  payees?: readonly string[]
  /** Allowed token addresses or mints. Omit to allow any capped asset. */
  assets?: readonly string[]
  /** Allowed CAIP-2 network ids. Omit to allow any. */
  networks?: readonly string[]
  /**
   * Escape hatch, called last: return `true` to allow, `false` or a reason to refuse. A throw
   * refuses.
   */
  allow?: (option: PaymentOption) => boolean | string
}

/** The verdict of {@link checkPolicy}. */
export type PolicyVerdict = { allowed: true } | { allowed: false; reason: string }

/**
 * Caps every known USD stablecoin at `max` dollars (a decimal string, e.g. `'0.10'`), converted
 * exactly to each token's own decimals.
 */
export function stablecoinCaps(max: string, options?: TokenLookupOptions): SpendCap[] {
  const list = [...(options?.tokens ?? []), ...knownTokens]
  return list
    .filter((token) => token.usd)
    .map((token) => ({
      network: token.network,
      asset: token.address,
      max: parseAmount(max, token.decimals),
    }))
}

/** The default policy for unattended use: known USD stablecoins only, up to 0.10 each. */
export const defaultPaymentPolicy: PaymentPolicy = Object.freeze({
  caps: Object.freeze(stablecoinCaps('0.10')),
})

/** Checks one option against a policy. Unsupported options are always refused. */
export function checkPolicy(option: PaymentOption, policy: PaymentPolicy): PolicyVerdict {
  if (!option.supported)
    return { allowed: false, reason: option.unsupportedReason ?? 'The option is not supported.' }
  if (policy.networks && !policy.networks.includes(option.network.id))
    return { allowed: false, reason: `The network ${option.network.name} is not allowed.` }
  if (policy.payees && !policy.payees.some((payee) => sameAddress(payee, option.payTo)))
    return { allowed: false, reason: `The recipient ${option.payTo} is not allowed.` }
  if (policy.assets && !policy.assets.some((asset) => sameAddress(asset, option.asset.address)))
    return {
      allowed: false,
      reason: `The asset ${option.asset.symbol ?? option.asset.address} is not allowed.`,
    }
  const caps = policy.caps.filter(
    (cap) =>
      (cap.network === undefined || cap.network === option.network.id) &&
      sameAddress(cap.asset, option.asset.address),
  )
  if (caps.length === 0)
    return {
      allowed: false,
      reason: `No spend cap covers ${option.asset.symbol ?? option.asset.address} on ${option.network.name}.`,
    }
  // Overlapping caps: the strictest one holds.
  const max = caps.reduce((low, cap) => (cap.max < low ? cap.max : low), caps[0]!.max)
  if (option.amount > max)
    return {
      allowed: false,
      reason: `The amount ${option.amount} is above the cap of ${max} atomic units.`,
    }
  if (policy.allow) {
    let answer: boolean | string
    try {
      answer = policy.allow(option)
    } catch (error) {
      return { allowed: false, reason: `The policy check failed: ${String(error)}` }
    }
    if (answer !== true)
      return {
        allowed: false,
        reason: typeof answer === 'string' ? answer : 'Refused by the policy.',
      }
  }
  return { allowed: true }
}
