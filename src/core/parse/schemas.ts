import * as z from 'zod/mini'

const text = z.string().check(z.minLength(1))
const amount = z.union([text, z.number()])
const extra = z.optional(z.nullable(z.record(z.string(), z.unknown())))
const timeout = z.optional(z.number().check(z.positive()))

/** An x402 v1 `accepts` entry (lenient where servers are: `resource` and `description` optional). */
export const x402V1Requirement = z.object({
  scheme: text,
  network: text,
  maxAmountRequired: amount,
  resource: z.optional(z.string()),
  description: z.optional(z.string()),
  mimeType: z.optional(z.string()),
  payTo: text,
  maxTimeoutSeconds: timeout,
  asset: text,
  extra,
})

/** An x402 v2 `accepts` entry. */
export const x402V2Requirement = z.object({
  scheme: text,
  network: text.check(z.includes(':')),
  amount,
  asset: text,
  payTo: text,
  maxTimeoutSeconds: timeout,
  extra,
})

/** An h402 `accepts` entry (`EnrichedPaymentRequirements`; arkade has no token address). */
export const h402Requirement = z.object({
  scheme: text,
  namespace: text,
  networkId: z.union([text, z.number()]),
  tokenAddress: z.optional(z.string()),
  tokenDecimals: z.optional(z.int().check(z.minimum(0), z.maximum(255))),
  tokenSymbol: z.optional(z.string()),
  amountRequired: amount,
  amountRequiredFormat: z.enum(['humanReadable', 'smallestUnit']),
  maxAmountRequired: z.optional(amount),
  payToAddress: text,
  resource: z.optional(z.string()),
  description: z.optional(z.string()),
  mimeType: z.optional(z.string()),
  estimatedProcessingTime: z.optional(z.number().check(z.nonnegative())),
  extra,
})

/** x402 v2 `ResourceInfo`. */
export const resourceInfo = z.object({
  url: z.string(),
  description: z.optional(z.string()),
  mimeType: z.optional(z.string()),
})

/** The top level of any dialect's 402 document; each entry is checked on its own later. */
export const paymentRequiredDocument = z.object({
  accepts: z.array(z.unknown()),
})

/** Turns a schema issue into a short English reason naming the field. */
export function describeIssues(error: z.core.$ZodError): string {
  const issue = error.issues[0]
  if (!issue) return 'Invalid entry.'
  const path = issue.path.map(String).join('.') || 'entry'
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined
        ? `"${path}" is missing.`
        : `"${path}" must be a ${issue.expected}.`
    case 'too_small':
      return `"${path}" is too small or empty.`
    case 'invalid_format':
      return `"${path}" has an invalid format.`
    case 'invalid_value':
      return `"${path}" must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}.`
    default:
      return `"${path}" is invalid.`
  }
}
