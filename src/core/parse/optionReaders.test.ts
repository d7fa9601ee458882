import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { describeIssues, x402V1Requirement, x402V2Requirement } from './schemas.js'
import { x402V1Option } from './x402V1Option.js'
import { x402V2Option } from './x402V2Option.js'

// The x402 readers check an entry with its shape's `check` and read the entry itself rather than
// the shape's copy: every entry the shape refuses must still be refused with the shape's reason,
// and an accepted one must give what the copy gave (`extra` a copy without `__proto__`).

const v1 = {
  scheme: 'exact',
  network: 'base-sepolia',
  maxAmountRequired: '10000',
  resource: 'https://api.example.com/premium',
  description: 'Premium data',
  mimeType: 'application/json',
  payTo: '0x209693Bc6afc0C5328bA36FaF03C514EF312287C',
  maxTimeoutSeconds: 300,
  asset: '0x036CbD53842c5426634e7929541eC2318f3dCF7e',
  extra: { name: 'USDC', version: '2' },
}
const v2 = {
  scheme: 'exact',
  network: 'eip155:84532',
  amount: '10000',
  asset: v1.asset,
  payTo: v1.payTo,
  maxTimeoutSeconds: 300,
  extra: { name: 'USDC', version: '2' },
}

const oddValue = fc.oneof(
  fc.constantFrom<unknown>('', 'x', 0, -1, 1.5, null, true, [], {}, undefined),
  fc.constant(JSON.parse('{"__proto__":{"polluted":1},"name":"USDC","version":"2"}')),
  fc.jsonValue(),
)

/** A valid entry with some fields replaced, deleted or added, or not an entry at all. */
function entries(base: Record<string, unknown>) {
  const keys = [...Object.keys(base), 'other']
  return fc.oneof(
    fc
      .array(fc.tuple(fc.constantFrom(...keys), fc.option(oddValue, { nil: undefined })), {
        maxLength: 3,
      })
      .map((changes) => {
        const entry: Record<string, unknown> = JSON.parse(JSON.stringify(base))
        for (const [key, value] of changes)
          if (value === undefined) delete entry[key]
          else entry[key] = value
        return JSON.parse(JSON.stringify(entry)) as unknown
      }),
    oddValue,
  )
}

describe('x402 option readers', () => {
  test.each([
    ['x402 v1', v1, x402V1Requirement, (raw: unknown) => x402V1Option(raw, raw)],
    [
      'x402 v2',
      v2,
      x402V2Requirement,
      (raw: unknown) => x402V2Option(raw, raw, { resource: undefined }),
    ],
  ] as const)(
    '%s: refuses what its shape refuses, with its reason; reads what it accepts',
    (_, base, shape, read) => {
      fc.assert(
        fc.property(entries(base), (raw) => {
          const parsed = shape.safeParse(raw)
          const option = read(raw)
          expect(option.raw).toBe(raw)
          if (!parsed.success) {
            expect(option.supported).toBe(false)
            expect(option.unsupportedReason).toBe(describeIssues(parsed.error))
            return
          }
          const data = parsed.data as Record<string, unknown>
          expect(option.scheme).toBe(data.scheme)
          expect(option.payTo).toBe(data.payTo)
          expect(option.asset.address).toBe(data.asset)
          expect(option.extra).toStrictEqual(data.extra || undefined)
          if (data.extra) expect(option.extra).not.toBe((raw as Record<string, unknown>).extra)
          for (const key of ['description', 'resource', 'mimeType'] as const)
            if (key in data) expect(option[key]).toBe(data[key])
        }),
        { numRuns: 1000 },
      )
    },
  )

  test("an accepted entry's extra is a copy without __proto__, its raw the server's", () => {
    const raw = JSON.parse(
      JSON.stringify({ ...v1, extra: undefined }).replace(
        '}',
        ',"extra":{"__proto__":{"polluted":1},"name":"USDC","version":"2"}}',
      ),
    )
    const option = x402V1Option(raw, raw)
    expect(option.supported).toBe(true)
    expect(option.extra).toStrictEqual({ name: 'USDC', version: '2' })
    expect(Object.hasOwn(option.extra ?? {}, '__proto__')).toBe(false)
    expect(Object.hasOwn(raw.extra, '__proto__')).toBe(true)
  })
})
