import { decimalToAtomic } from '../common/encoding.js'
import type { H402Requirements, X402Requirements } from './types.js'

/** x402: the atomic amount string of v2 `amount` or v1 `maxAmountRequired`. */
export function x402Amount(version: number, requirements: X402Requirements): bigint {
  const text = version === 1 ? requirements.maxAmountRequired : requirements.amount
  if (typeof text !== 'string' || !/^\d+$/.test(text)) {
    throw new Error(
      `requirements ${version === 1 ? 'maxAmountRequired' : 'amount'} is not an atomic integer string`,
    )
  }
  return BigInt(text)
}

/**
 * h402: `maxAmountRequired` (x402 compatibility) overrides `amountRequired`; `humanReadable` is scaled by
 * the token's decimals from its decimal text (h402's own client uses floats and can be off by one unit,
 * which this facilitator then rejects, as h402's does for Solana).
 */
export async function h402Amount(
  requirements: H402Requirements,
  decimals: () => Promise<number>,
): Promise<bigint> {
  const raw = requirements.maxAmountRequired ?? requirements.amountRequired
  if (
    requirements.maxAmountRequired !== undefined ||
    requirements.amountRequiredFormat === 'smallestUnit'
  ) {
    return decimalToAtomic(raw, 0)
  }
  if (requirements.amountRequiredFormat !== 'humanReadable') {
    throw new Error(`unknown amountRequiredFormat ${String(requirements.amountRequiredFormat)}`)
  }
  return decimalToAtomic(raw, requirements.tokenDecimals ?? (await decimals()))
}
