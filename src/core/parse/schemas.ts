// The shapes of a 402's parts, checked by hand rather than with a schema library: zod/mini cost
// the core entry half its import time (its every entry point loads all 60-odd locales), for five
// flat shapes. Each rule reports the first issue zod reported for the same schema (zod's own
// semantics: missing vs wrong type, union and check order), which `schemas.test.ts` holds them to
// against the zod schemas these replace.

/** The first problem found in a value, as `describeIssues` words it. */
export type Issue =
  | { code: 'invalid_type'; expected: string; input: unknown; path?: string }
  | { code: 'too_small' | 'too_big' | 'invalid_format' | 'invalid_union'; path?: string }
  | { code: 'invalid_value'; values: readonly string[]; path?: string }

/** Why a value does not fit a shape (its first issue). */
export interface ShapeError {
  issues: Issue[]
}

export type SafeParseResult<T> = { success: true; data: T } | { success: false; error: ShapeError }

/** A shape that checks a value and gives back its typed copy. */
export interface Shape<T> {
  safeParse(value: unknown): SafeParseResult<T>
}

/** A rule: `undefined` when the value passes, else its first issue and whether zod stops there. */
type Rule = (value: unknown) => { issue: Issue; aborted: boolean } | undefined

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

const wrongType = (expected: string, input: unknown) => ({
  issue: { code: 'invalid_type', expected, input } as Issue,
  aborted: true,
})
const failedCheck = (code: 'too_small' | 'too_big' | 'invalid_format') => ({
  issue: { code } as Issue,
  aborted: false,
})

const string: Rule = (value) => (typeof value === 'string' ? undefined : wrongType('string', value))
/** A non-empty string. */
const text: Rule = (value) =>
  typeof value !== 'string'
    ? wrongType('string', value)
    : value.length < 1
      ? failedCheck('too_small')
      : undefined
/** A finite number (JSON has no other). */
const number: Rule = (value) =>
  typeof value === 'number' && Number.isFinite(value) ? undefined : wrongType('number', value)
const positive: Rule = (value) =>
  number(value) ?? ((value as number) > 0 ? undefined : failedCheck('too_small'))
const nonnegative: Rule = (value) =>
  number(value) ?? ((value as number) >= 0 ? undefined : failedCheck('too_small'))
/** An integer from 0 to 255 (token decimals). */
const decimals: Rule = (value) => {
  const notNumber = number(value)
  if (notNumber) return notNumber
  const n = value as number
  if (!Number.isInteger(n)) return wrongType('int', value)
  return n < 0 ? failedCheck('too_small') : n > 255 ? failedCheck('too_big') : undefined
}
/** A network id of x402 v2: CAIP-2, so it has a colon. */
const caip2: Rule = (value) =>
  text(value) ?? ((value as string).includes(':') ? undefined : failedCheck('invalid_format'))

/** Passes when either passes; else the one issue that did not stop its rule, or "invalid". */
function union(...rules: Rule[]): Rule {
  return (value) => {
    const failures = []
    for (const rule of rules) {
      const failure = rule(value)
      if (!failure) return undefined
      failures.push(failure)
    }
    const going = failures.filter((failure) => !failure.aborted)
    return going.length === 1 ? going[0] : { issue: { code: 'invalid_union' }, aborted: false }
  }
}

function oneOf(values: readonly string[]): Rule {
  return (value) =>
    values.includes(value as string)
      ? undefined
      : { issue: { code: 'invalid_value', values }, aborted: true }
}

/** A JSON object of any values (`extra`), or `null`. */
const nullableRecord: Rule = (value) =>
  value === null || isObject(value) ? undefined : wrongType('record', value)

/** A copy of a record's own keys, `__proto__` left out (as zod's record gave it). */
function copyRecord(record: Record<string, unknown>): Record<string, unknown> {
  const copy: Record<string, unknown> = {}
  for (const key of Object.keys(record)) if (key !== '__proto__') copy[key] = record[key]
  return copy
}

interface FieldSpec {
  rule: Rule
  optional?: boolean
  record?: boolean
}

/**
 * An object shape: fields checked in order, the first issue reported with its field's name. Only
 * the fields of the shape are kept; a missing optional field stays missing.
 */
function object<T>(fields: Record<string, FieldSpec>): Shape<T> {
  const entries = Object.entries(fields)
  return {
    safeParse(value) {
      if (!isObject(value))
        return { success: false, error: { issues: [wrongType('object', value).issue] } }
      const data: Record<string, unknown> = {}
      for (const [key, { rule, optional, record }] of entries) {
        const present = key in value
        const field = value[key]
        if (optional && field === undefined) {
          if (present) data[key] = undefined
          continue
        }
        const failure = rule(field)
        if (failure) return { success: false, error: { issues: [{ ...failure.issue, path: key }] } }
        data[key] = record && field !== null ? copyRecord(field as Record<string, unknown>) : field
      }
      return { success: true, data: data as T }
    },
  }
}

const required = (rule: Rule): FieldSpec => ({ rule })
const optional = (rule: Rule): FieldSpec => ({ rule, optional: true })
const amount = union(text, number)
const extra: FieldSpec = { rule: nullableRecord, optional: true, record: true }
const timeout = optional(positive)

/** An x402 v1 `accepts` entry (lenient where servers are: `resource` and `description` optional). */
export const x402V1Requirement = object<{
  scheme: string
  network: string
  maxAmountRequired: string | number
  resource?: string
  description?: string
  mimeType?: string
  payTo: string
  maxTimeoutSeconds?: number
  asset: string
  extra?: Record<string, unknown> | null
}>({
  scheme: required(text),
  network: required(text),
  maxAmountRequired: required(amount),
  resource: optional(string),
  description: optional(string),
  mimeType: optional(string),
  payTo: required(text),
  maxTimeoutSeconds: timeout,
  asset: required(text),
  extra,
})

/** An x402 v2 `accepts` entry. */
export const x402V2Requirement = object<{
  scheme: string
  network: string
  amount: string | number
  asset: string
  payTo: string
  maxTimeoutSeconds?: number
  extra?: Record<string, unknown> | null
}>({
  scheme: required(text),
  network: required(caip2),
  amount: required(amount),
  asset: required(text),
  payTo: required(text),
  maxTimeoutSeconds: timeout,
  extra,
})

/** An h402 `accepts` entry (`EnrichedPaymentRequirements`; arkade has no token address). */
export const h402Requirement = object<{
  scheme: string
  namespace: string
  networkId: string | number
  tokenAddress?: string
  tokenDecimals?: number
  tokenSymbol?: string
  amountRequired: string | number
  amountRequiredFormat: 'humanReadable' | 'smallestUnit'
  maxAmountRequired?: string | number
  payToAddress: string
  resource?: string
  description?: string
  mimeType?: string
  estimatedProcessingTime?: number
  extra?: Record<string, unknown> | null
}>({
  scheme: required(text),
  namespace: required(text),
  networkId: required(union(text, number)),
  tokenAddress: optional(string),
  tokenDecimals: optional(decimals),
  tokenSymbol: optional(string),
  amountRequired: required(amount),
  amountRequiredFormat: required(oneOf(['humanReadable', 'smallestUnit'])),
  maxAmountRequired: optional(amount),
  payToAddress: required(text),
  resource: optional(string),
  description: optional(string),
  mimeType: optional(string),
  estimatedProcessingTime: optional(nonnegative),
  extra,
})

/** x402 v2 `ResourceInfo`. */
export const resourceInfo = object<{ url: string; description?: string; mimeType?: string }>({
  url: required(string),
  description: optional(string),
  mimeType: optional(string),
})

/** The top level of any dialect's 402 document; each entry is checked on its own later. */
export const paymentRequiredDocument = object<{ accepts: unknown[] }>({
  accepts: required((value) => (Array.isArray(value) ? undefined : wrongType('array', value))),
})

const expectedNames: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  int: 'an integer',
  object: 'an object',
  record: 'an object',
  array: 'an array',
}

/**
 * Turns a shape's issue into a short English reason naming the field. (With zod, whose issues
 * drop their input, a field of the wrong type was said to be missing.)
 */
export function describeIssues(error: ShapeError): string {
  const issue = error.issues[0]
  if (!issue) return 'Invalid entry.'
  const path = issue.path || 'entry'
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined
        ? `"${path}" is missing.`
        : `"${path}" must be ${expectedNames[issue.expected] ?? issue.expected}.`
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
