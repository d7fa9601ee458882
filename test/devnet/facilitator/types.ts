/**
 * Wire shapes the facilitator reads and writes (protocols.md §1.4 and §3). Inputs are typed loosely on
 * purpose: the facilitator checks every field itself, since it exists to judge what a client sent.
 */

export type Json = Record<string, unknown>

/** x402 v1 and v2 requirements share most fields; the amount is `maxAmountRequired` (v1) or `amount` (v2). */
export interface X402Requirements {
  scheme: string
  network: string
  amount?: string
  maxAmountRequired?: string
  asset: string
  payTo: string
  maxTimeoutSeconds: number
  resource?: string
  extra?: Json | null
}

/** h402 `PaymentRequirements` (namespace evm or solana). */
export interface H402Requirements {
  namespace: string
  networkId: string
  scheme: string
  tokenAddress: string
  tokenDecimals?: number
  tokenSymbol?: string
  amountRequired: number | string
  amountRequiredFormat: 'humanReadable' | 'smallestUnit'
  maxAmountRequired?: number | string
  payToAddress: string
  resource?: string
  estimatedProcessingTime?: number
  extra?: Json
}

export interface H402PaymentPayload {
  h402Version: number
  scheme: string
  namespace: string
  networkId: string
  resource?: string
  payload: Json & { type?: string }
}

/** What the chain modules answer; index.ts turns it into each dialect's wire shape. */
export type InvalidOutcome = { isValid: false; reason: string; message?: string; payer?: string }

export type VerifyOutcome =
  | { isValid: true; payer: string; kind: 'payload' | 'transaction'; txHash?: string }
  | InvalidOutcome

export type SettleOutcome =
  | { success: true; transaction: string; payer: string }
  | { success: false; reason: string; message?: string; transaction?: string; payer?: string }

export const invalid = (reason: string, message?: string, payer?: string): InvalidOutcome => ({
  isValid: false,
  reason,
  ...(message === undefined ? {} : { message }),
  ...(payer === undefined ? {} : { payer }),
})

export function settleFailure(verified: InvalidOutcome): SettleOutcome {
  return {
    success: false,
    reason: verified.reason,
    ...(verified.message === undefined ? {} : { message: verified.message }),
    ...(verified.payer === undefined ? {} : { payer: verified.payer }),
  }
}

/** viem errors carry a one-line `shortMessage`; the rest of their message is pages of context. */
export function shortError(error: unknown): string {
  if (error && typeof error === 'object' && 'shortMessage' in error)
    return String(error.shortMessage)
  return error instanceof Error ? (error.message.split('\n')[0] ?? error.message) : String(error)
}
