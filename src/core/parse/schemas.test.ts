import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import * as z from 'zod/mini'
import {
  describeIssues,
  h402Requirement,
  paymentRequiredDocument,
  resourceInfo,
  type Shape,
  x402V1Requirement,
  x402V2Requirement,
} from './schemas.js'

// The zod/mini schemas the hand-written shapes replace (zod stays the oracle, in tests only):
// every value must pass or fail alike, give the same data, and fail with the same reason.
const text = z.string().check(z.minLength(1))
const amount = z.union([text, z.number()])
const extra = z.optional(z.nullable(z.record(z.string(), z.unknown())))
const timeout = z.optional(z.number().check(z.positive()))
const zodShapes = {
  x402V1: z.object({
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
  }),
  x402V2: z.object({
    scheme: text,
    network: text.check(z.includes(':')),
    amount,
    asset: text,
    payTo: text,
    maxTimeoutSeconds: timeout,
    extra,
  }),
  h402: z.object({
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
  }),
  resource: z.object({
    url: z.string(),
    description: z.optional(z.string()),
    mimeType: z.optional(z.string()),
  }),
  document: z.object({ accepts: z.array(z.unknown()) }),
}

const ours: Record<keyof typeof zodShapes, Shape<unknown>> = {
  x402V1: x402V1Requirement,
  x402V2: x402V2Requirement,
  h402: h402Requirement,
  resource: resourceInfo,
  document: paymentRequiredDocument,
}

const expectedNames: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  int: 'an integer',
  object: 'an object',
  record: 'an object',
  array: 'an array',
}

/**
 * The reason the kit gave with zod (its former `describeIssues`), except that zod's issues drop
 * their input, so a field of the wrong type was said to be missing: the input is looked up here.
 */
function zodReason(error: z.core.$ZodError, value: unknown): string {
  const issue = error.issues[0]
  if (!issue) return 'Invalid entry.'
  const path = issue.path.map(String).join('.') || 'entry'
  switch (issue.code) {
    case 'invalid_type': {
      const key = issue.path[0]
      const input =
        key === undefined
          ? value
          : Object.hasOwn(Object(value), key)
            ? Object(value)[key]
            : undefined
      return input === undefined
        ? `"${path}" is missing.`
        : `"${path}" must be ${expectedNames[issue.expected] ?? issue.expected}.`
    }
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

const edgeValue = fc.constantFrom<unknown>(
  '',
  'a',
  'eip155:8453',
  'humanReadable',
  'smallestUnit',
  0,
  -0,
  -1,
  1,
  1.5,
  255,
  256,
  1e300,
  -1e300,
  2 ** 53,
  null,
  true,
  [],
  {},
  undefined,
  JSON.parse('{"__proto__":{"polluted":1},"name":"USDC","constructor":2}'),
)
const anyValue = fc.oneof(edgeValue, fc.jsonValue(), fc.string(), fc.double())
const keys = [
  ...new Set(Object.values(zodShapes).flatMap((shape) => Object.keys(shape.def.shape))),
  '__proto__',
  'constructor',
]
/** A value each shape accepts for a field, so most entries are one field away from valid. */
const validValues: Record<string, unknown> = {
  scheme: 'exact',
  network: 'eip155:8453',
  amount: '10000',
  maxAmountRequired: 10000,
  asset: '0xa',
  payTo: '0xb',
  namespace: 'evm',
  networkId: 56,
  amountRequired: 0.01,
  amountRequiredFormat: 'humanReadable',
  payToAddress: '0xc',
  url: 'https://a.example',
  accepts: [],
  tokenDecimals: 18,
  maxTimeoutSeconds: 60,
  extra: { name: 'USDC', version: '2' },
}
const fieldValue = (key: string) =>
  key in validValues
    ? fc.oneof({ weight: 6, arbitrary: fc.constant(validValues[key]) }, anyValue)
    : anyValue
const entry = fc.oneof(
  fc.record(Object.fromEntries(keys.map((key) => [key, fieldValue(key)])), {
    requiredKeys: [],
  }),
  anyValue,
)

describe('402 shapes', () => {
  test('pass, fail and give data as the zod schemas they replace did, with the same reason', () => {
    fc.assert(
      fc.property(entry, (value) => {
        for (const name of Object.keys(zodShapes) as (keyof typeof zodShapes)[]) {
          const expected = zodShapes[name].safeParse(value)
          const actual = ours[name].safeParse(value)
          expect(actual.success, name).toBe(expected.success)
          if (actual.success && expected.success)
            expect(actual.data, name).toStrictEqual(expected.data)
          if (!actual.success && !expected.success)
            expect(describeIssues(actual.error), name).toBe(zodReason(expected.error, value))
          // The option readers use the check alone: it fails where safeParse fails, alike.
          expect(ours[name].check(value), name).toStrictEqual(
            actual.success ? undefined : actual.error,
          )
        }
      }),
      { numRuns: 2000 },
    )
  })

  // The x402 shapes' checks are written out field by field (`checkedBy`): entries one to four
  // fields away from valid reach every field's rule, and the order they are checked in.
  test.each([
    [
      'x402V1',
      {
        scheme: 'exact',
        network: 'base',
        maxAmountRequired: '10000',
        resource: 'https://a.example',
        description: 'd',
        mimeType: 'text/plain',
        payTo: '0xb',
        maxTimeoutSeconds: 60,
        asset: '0xa',
        extra: { name: 'USDC', version: '2' },
      },
    ],
    [
      'x402V2',
      {
        scheme: 'exact',
        network: 'eip155:8453',
        amount: '10000',
        asset: '0xa',
        payTo: '0xb',
        maxTimeoutSeconds: 60,
        extra: { name: 'USDC', version: '2' },
      },
    ],
  ] as const)('%s: an entry a few fields from valid passes and fails as zod did', (name, valid) => {
    const changes = fc.array(
      fc.tuple(fc.constantFrom(...Object.keys(valid)), fc.option(anyValue, { nil: undefined })),
      { minLength: 1, maxLength: 4 },
    )
    fc.assert(
      fc.property(changes, (edits) => {
        const value: Record<string, unknown> = { ...valid }
        for (const [key, replacement] of edits)
          if (replacement === undefined) delete value[key]
          else value[key] = replacement
        const expected = zodShapes[name].safeParse(value)
        const error = ours[name].check(value)
        expect(error === undefined).toBe(expected.success)
        if (error && !expected.success)
          expect(describeIssues(error)).toBe(zodReason(expected.error, value))
        expect(ours[name].safeParse(value)).toStrictEqual(
          error ? { success: false, error } : expect.objectContaining({ success: true }),
        )
      }),
      { numRuns: 2000 },
    )
  })

  test('a valid entry keeps only its shape, and a copy of extra without __proto__', () => {
    const raw = JSON.parse(
      '{"scheme":"exact","network":"eip155:8453","amount":"1","asset":"0x1","payTo":"0x2","other":1,"extra":{"__proto__":{"a":1},"name":"USDC"}}',
    )
    const parsed = x402V2Requirement.safeParse(raw)
    expect(parsed.success && parsed.data).toStrictEqual({
      scheme: 'exact',
      network: 'eip155:8453',
      amount: '1',
      asset: '0x1',
      payTo: '0x2',
      extra: { name: 'USDC' },
    })
  })
})
