// The shapes of a 402's parts, checked by hand rather than with a schema library: zod/mini cost
// the core entry half its import time (every zod entry point loads its 60-odd locales), for five
// flat shapes. Each rule fails where the zod schema it replaces failed, with the reason the kit
// gave for zod's first issue (missing vs wrong type, union and check order): `schemas.test.ts`
// holds them to those zod schemas.

/** Why a value does not fit a shape: the field (empty for the value itself) and what is wrong. */
export interface ShapeError {
  path: string
  problem: string
}

export type SafeParseResult<T> = { success: true; data: T } | { success: false; error: ShapeError }

/** A shape that checks a value and gives back its typed copy. */
export interface Shape<T> {
  safeParse(value: unknown): SafeParseResult<T>
  /**
   * `safeParse`'s check alone, without its copy: the first failure, else `undefined` (the value
   * then reads as `T`, but its `extra` is the server's own object: see {@link copyRecord}).
   */
  check(value: unknown): ShapeError | undefined
}

/** A failed rule: what is wrong, and whether zod stopped there (a type) or went on (a check). */
type Failure = [problem: string, stopped: boolean]
/** A rule: `undefined` when the value passes. */
type Rule = (value: unknown) => Failure | undefined

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

const wrongType = (expected: string, value: unknown): Failure => [
  value === undefined ? 'is missing.' : `must be ${expected}.`,
  true,
]
const tooSmall: Failure = ['is too small or empty.', false]
const invalid: Failure = ['is invalid.', false]

const string: Rule = (value) =>
  typeof value === 'string' ? undefined : wrongType('a string', value)
/** A non-empty string. */
const text: Rule = (value) => string(value) ?? ((value as string).length ? undefined : tooSmall)
/** A finite number (JSON has no other). */
const number: Rule = (value) =>
  typeof value === 'number' && Number.isFinite(value) ? undefined : wrongType('a number', value)
const positive: Rule = (value) => number(value) ?? ((value as number) > 0 ? undefined : tooSmall)
const nonnegative: Rule = (value) =>
  number(value) ?? ((value as number) >= 0 ? undefined : tooSmall)
/** An integer from 0 to 255 (token decimals). */
const decimals: Rule = (value) =>
  number(value) ??
  (!Number.isInteger(value)
    ? wrongType('an integer', value)
    : (value as number) < 0
      ? tooSmall
      : (value as number) > 255
        ? invalid
        : undefined)
/** A network id of x402 v2: CAIP-2, so it has a colon. */
const caip2: Rule = (value) =>
  text(value) ?? ((value as string).includes(':') ? undefined : ['has an invalid format.', false])

/**
 * A string or a number. When both fail, zod's union reported the one failure that did not stop its
 * rule (a number's always stops), else "invalid".
 */
const textOrNumber: Rule = (value) => {
  const failure = text(value)
  return failure && number(value) ? (failure[1] ? invalid : failure) : undefined
}

/** A JSON object of any values (`extra`), or `null`. */
const nullableRecord: Rule = (value) =>
  value === null || isObject(value) ? undefined : wrongType('an object', value)

const amountFormat: Rule = (value) =>
  value === 'humanReadable' || value === 'smallestUnit'
    ? undefined
    : ['must be one of "humanReadable", "smallestUnit".', true]

/**
 * An object shape: fields checked in order, the first failure reported with its field's name.
 * Only the fields of the shape are kept; a missing optional one stays missing; `extra` is copied
 * without a `__proto__` key (as zod's record gave it). `?` ends an optional field's name.
 */
function object<T>(fields: Record<string, Rule>): Shape<T> {
  const entries = Object.entries(fields).map(([name, rule]) => {
    const key = name.replace('?', '')
    return [key, rule, key !== name] as const
  })
  // The check and the copy are two passes: a parse that reads the checked value as it is (an
  // option reader) skips the copy, a new object filled key by key, which cost most of the time.
  const check = (value: unknown): ShapeError | undefined => {
    if (!isObject(value)) return { path: '', problem: wrongType('an object', value)[0] }
    for (const [key, rule, optional] of entries) {
      const field = value[key]
      if (optional && field === undefined) continue
      const failure = rule(field)
      if (failure) return { path: key, problem: failure[0] }
    }
    return undefined
  }
  return {
    check,
    safeParse(value) {
      const error = check(value)
      if (error) return { success: false, error }
      const data: Record<string, unknown> = {}
      for (const [key, rule, optional] of entries) {
        const field = (value as Record<string, unknown>)[key]
        if (optional && field === undefined) {
          if (key in (value as object)) data[key] = undefined
        } else data[key] = rule === nullableRecord ? copyRecord(field) : field
      }
      return { success: true, data: data as T }
    },
  }
}

/**
 * A copy of a checked `extra` (an object, `null` or `undefined`) without a `__proto__` key, as
 * zod's record gave it; `null` and `undefined` as they are.
 */
export function copyRecord<T>(value: T): T {
  if (!value) return value
  // A spread defines each own key, `__proto__` too (as its own key, not the prototype): a third
  // of the cost of a copy key by key. JSON gives no symbol keys to copy.
  const copy: Record<string, unknown> = { ...value }
  if (Object.hasOwn(copy, '__proto__')) Reflect.deleteProperty(copy, '__proto__')
  return copy as T
}

/**
 * A shape whose `check` is written out field by field. The x402 shapes are checked for every
 * option of every 402, and {@link object}'s loop cost ten times as much: a read by a key that
 * changes, and a call of a rule that changes, for each field (0.45 µs against 0.035 µs per entry,
 * hot). The copy stays {@link object}'s; `schemas.test.ts` holds the two checks to each other.
 */
function checkedBy<T>(
  shape: Shape<T>,
  check: (value: unknown) => ShapeError | undefined,
): Shape<T> {
  return {
    check,
    safeParse(value) {
      const error = check(value)
      return error ? { success: false, error } : shape.safeParse(value)
    },
  }
}

/** The failure of a field's rule as a `ShapeError` naming the field, else `undefined`. */
const at = (path: string, failure: Failure | undefined): ShapeError | undefined =>
  failure && { path, problem: failure[0] }

/** An optional field's rule: a missing field passes. */
const optional = (rule: Rule, value: unknown): Failure | undefined =>
  value === undefined ? undefined : rule(value)

const notAnObject = (value: unknown): ShapeError => ({
  path: '',
  problem: wrongType('an object', value)[0],
})

/** An x402 v1 `accepts` entry (lenient where servers are: `resource` and `description` optional). */
export const x402V1Requirement = checkedBy(
  object<{
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
    scheme: text,
    network: text,
    maxAmountRequired: textOrNumber,
    'resource?': string,
    'description?': string,
    'mimeType?': string,
    payTo: text,
    'maxTimeoutSeconds?': positive,
    asset: text,
    'extra?': nullableRecord,
  }),
  (value) =>
    !isObject(value)
      ? notAnObject(value)
      : (at('scheme', text(value.scheme)) ??
        at('network', text(value.network)) ??
        at('maxAmountRequired', textOrNumber(value.maxAmountRequired)) ??
        at('resource', optional(string, value.resource)) ??
        at('description', optional(string, value.description)) ??
        at('mimeType', optional(string, value.mimeType)) ??
        at('payTo', text(value.payTo)) ??
        at('maxTimeoutSeconds', optional(positive, value.maxTimeoutSeconds)) ??
        at('asset', text(value.asset)) ??
        at('extra', optional(nullableRecord, value.extra))),
)

/** An x402 v2 `accepts` entry. */
export const x402V2Requirement = checkedBy(
  object<{
    scheme: string
    network: string
    amount: string | number
    asset: string
    payTo: string
    maxTimeoutSeconds?: number
    extra?: Record<string, unknown> | null
  }>({
    scheme: text,
    network: caip2,
    amount: textOrNumber,
    asset: text,
    payTo: text,
    'maxTimeoutSeconds?': positive,
    'extra?': nullableRecord,
  }),
  (value) =>
    !isObject(value)
      ? notAnObject(value)
      : (at('scheme', text(value.scheme)) ??
        at('network', caip2(value.network)) ??
        at('amount', textOrNumber(value.amount)) ??
        at('asset', text(value.asset)) ??
        at('payTo', text(value.payTo)) ??
        at('maxTimeoutSeconds', optional(positive, value.maxTimeoutSeconds)) ??
        at('extra', optional(nullableRecord, value.extra))),
)

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
  scheme: text,
  namespace: text,
  networkId: textOrNumber,
  'tokenAddress?': string,
  'tokenDecimals?': decimals,
  'tokenSymbol?': string,
  amountRequired: textOrNumber,
  amountRequiredFormat: amountFormat,
  'maxAmountRequired?': textOrNumber,
  payToAddress: text,
  'resource?': string,
  'description?': string,
  'mimeType?': string,
  'estimatedProcessingTime?': nonnegative,
  'extra?': nullableRecord,
})

/** x402 v2 `ResourceInfo`. */
export const resourceInfo = object<{ url: string; description?: string; mimeType?: string }>({
  url: string,
  'description?': string,
  'mimeType?': string,
})

/** The top level of any dialect's 402 document; each entry is checked on its own later. */
export const paymentRequiredDocument = object<{ accepts: unknown[] }>({
  accepts: (value) => (Array.isArray(value) ? undefined : wrongType('an array', value)),
})

/**
 * A short English reason naming the field. (With zod, whose issues drop their input, a field of
 * the wrong type was said to be missing.)
 */
export function describeIssues({ path, problem }: ShapeError): string {
  return `"${path || 'entry'}" ${problem}`
}
