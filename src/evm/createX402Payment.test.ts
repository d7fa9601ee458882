import { encodeAbiParameters } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { describe, expect, test } from 'vitest'
import { QuoteExpiredError } from '../core/errors/payment.js'
import { UnsupportedOptionError } from '../core/errors/policy.js'
import type { PaymentContext } from '../core/payer.js'
import type { PaymentOption } from '../core/types.js'
import { x402ValiditySeconds } from './createX402Payment.js'
import { evmPayer } from './evmPayer.js'
import { fakeEvmNode, selectors } from './test/fakeEvmNode.js'

// Hardhat's well-known account #1: a public test key, never funded anywhere real.
const account = privateKeyToAccount(
  '0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d',
)
const unknownToken = '0x1111111111111111111111111111111111111111'
const receivedAt = 1_700_000_000_000

function option(fields: Partial<PaymentOption> = {}): PaymentOption {
  return {
    id: 'x402',
    protocol: 'x402-v2',
    scheme: 'exact',
    network: {
      id: 'eip155:84532',
      namespace: 'evm',
      chainId: 84532,
      name: 'Base Sepolia',
      testnet: true,
    },
    // Not in the registry: its domain comes from the option, its decimals from the chain.
    asset: { address: unknownToken, native: false, eip712: { name: 'Test', version: '1' } },
    amount: 1_000n,
    payTo: '0x209693Bc6afc0C5328bA36FaF03C514EF312287C',
    maxTimeoutSeconds: 60,
    supported: true,
    raw: {},
    ...fields,
  }
}

function at(seconds: number): PaymentContext {
  return {
    paymentRequired: { protocol: 'x402-v2', options: [], receivedAt, raw: {} },
    now: () => receivedAt / 1000 + seconds,
  }
}

/** A Base Sepolia node whose token says 6 decimals and holds plenty for the payer. */
function node() {
  const fake = fakeEvmNode(84532)
  fake.calls[selectors.decimals] = () => encodeAbiParameters([{ type: 'uint8' }], [6])
  fake.calls[selectors.balanceOf] = () => encodeAbiParameters([{ type: 'uint256' }], [10n ** 12n])
  return fake
}

describe('x402ValiditySeconds', () => {
  test("follows the server's whole seconds, at most the cap", () => {
    expect(x402ValiditySeconds(1, 600)).toBe(1)
    expect(x402ValiditySeconds(90.7, 600)).toBe(90)
    expect(x402ValiditySeconds(600, 600)).toBe(600)
    expect(x402ValiditySeconds(601, 600)).toBe(600)
    expect(x402ValiditySeconds(3e9, 45)).toBe(45)
  })

  test('60 s when the server says nothing usable: none, under a second, negative, not finite', () => {
    for (const stated of [undefined, 0, 0.5, -30, Number.NaN, Number.POSITIVE_INFINITY])
      expect(x402ValiditySeconds(stated, 600), String(stated)).toBe(60)
    // The cap holds for the fallback as well.
    expect(x402ValiditySeconds(undefined, 30)).toBe(30)
  })
})

describe('createX402Payment (EVM): SPEC §5.3, an expired quote is fetched again, not signed', () => {
  test('refuses at and after maxTimeoutSeconds, signs one second before', async () => {
    const chain = node()
    const payer = evmPayer(account, { publicClient: chain.client })
    const expired = await payer.createPayment(option(), at(60)).catch((e: unknown) => e)
    expect(expired).toBeInstanceOf(QuoteExpiredError)
    expect((expired as QuoteExpiredError).details).toBe(
      `The quote expired at ${receivedAt / 1000 + 60}.`,
    )
    await expect(payer.createPayment(option(), at(61))).rejects.toBeInstanceOf(QuoteExpiredError)
    const paid = await payer.createPayment(option(), at(59))
    expect(paid.validBefore).toBe(receivedAt / 1000 + 59 + 60)
  })

  test('a quote without maxTimeoutSeconds is good for 60 s', async () => {
    const payer = evmPayer(account, { publicClient: node().client })
    const open = option({ maxTimeoutSeconds: undefined })
    await expect(payer.createPayment(open, at(59))).resolves.toMatchObject({
      kind: 'authorization',
    })
    await expect(payer.createPayment(open, at(60))).rejects.toBeInstanceOf(QuoteExpiredError)
  })

  test('a short quote expires on its own time, not on the 60 s default', async () => {
    const payer = evmPayer(account, { publicClient: node().client })
    await expect(
      payer.createPayment(option({ maxTimeoutSeconds: 30 }), at(45)),
    ).rejects.toBeInstanceOf(QuoteExpiredError)
  })
})

describe("createX402Payment (EVM): the server's decimals are checked before signing", () => {
  test('a contradicted claim is refused, and no claim costs no read', async () => {
    const chain = node()
    const payer = evmPayer(account, { publicClient: chain.client })
    const claimed = option({ asset: { ...option().asset, decimals: 2 } })
    const error = await payer.createPayment(claimed, at(1)).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(UnsupportedOptionError)
    expect((error as UnsupportedOptionError).details).toMatch(/2 decimals, but the token says 6/)

    const fresh = node()
    await evmPayer(account, { publicClient: fresh.client }).createPayment(option(), at(1))
    expect(fresh.seen).not.toContain(selectors.decimals)
  })
})

describe("createX402Payment (EVM): the payment's signal reaches the decimals check", () => {
  const withSignal = (signal: AbortSignal): PaymentContext => ({ ...at(1), signal })
  // The server states 6 decimals: the chain is asked to confirm them before anything is signed.
  const stated = () =>
    option({
      asset: {
        address: unknownToken,
        native: false,
        decimals: 6,
        eip712: { name: 'Test', version: '1' },
      },
    })

  test('a cancelled payment reads no decimals and signs nothing', async () => {
    const chain = node()
    const payer = evmPayer(account, { publicClient: chain.client })
    const controller = new AbortController()
    controller.abort(new Error('The person cancelled.'))
    const outcome = await payer.createPayment(stated(), withSignal(controller.signal)).then(
      (payment) => ({ payment }),
      (error: unknown) => ({ error }),
    )
    // Refused with the cancel's own reason (as a retryable request error: the session, not the
    // payer, says "cancelled").
    expect(outcome).toMatchObject({ error: { details: 'The person cancelled.' } })
    expect(chain.seen).not.toContain(selectors.decimals)
  })

  test('the same payment, not cancelled, reads the decimals and is signed', async () => {
    const chain = node()
    const payer = evmPayer(account, { publicClient: chain.client })
    await expect(
      payer.createPayment(stated(), withSignal(new AbortController().signal)),
    ).resolves.toMatchObject({ kind: 'authorization' })
    expect(chain.seen).toContain(selectors.decimals)
  })
})
