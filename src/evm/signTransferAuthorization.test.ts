import { type Hex, verifyTypedData } from 'viem'
import { describe, expect, test } from 'vitest'
import { QuoteExpiredError } from '../core/errors/payment.js'
import type { PaymentContext, PaymentStep } from '../core/payer.js'
import { transferWithAuthorizationTypes } from './abis.js'
import {
  authorizationToJson,
  minimumRemainingSeconds,
  signTransferAuthorization,
  validAfterSkewSeconds,
} from './signTransferAuthorization.js'
import { account, domain, to } from './test/transferAuthorizationFixture.js'
import { toEvmWallet } from './toEvmWallet.js'

/**
 * A context whose clock reads `before` until the wallet is asked, then `after`: a slow signer
 * (a Ledger, a phone) is simulated by the time that passes inside the prompt.
 */
function clock(before: number, after: number) {
  let now = before
  const steps: PaymentStep[] = []
  const wallet = toEvmWallet({
    ...account,
    signTypedData: async (typedData) => {
      now = after
      return account.signTypedData(typedData)
    },
  } as typeof account)
  const context: PaymentContext = {
    paymentRequired: { protocol: 'x402-v2', options: [], receivedAt: before * 1000, raw: {} },
    now: () => now,
    onStep: (step) => steps.push(step),
  }
  return { wallet, context, steps }
}

function sign(before: number, after: number, validForSeconds = 60) {
  const { wallet, context, steps } = clock(before, after)
  const run = signTransferAuthorization({
    wallet,
    domain,
    from: account.address,
    to,
    value: 10_000n,
    validForSeconds,
    context,
  })
  return { run, steps }
}

describe('signTransferAuthorization: the validity window', () => {
  test('is stamped from the whole second before the prompt: validAfter = now − 600, validBefore = now + validFor', async () => {
    const { run, steps } = sign(1_700_000_000.9, 1_700_000_001.2, 90)
    const { signature, authorization } = await run
    expect(steps).toEqual(['signing'])
    expect(authorization).toMatchObject({
      from: account.address,
      to,
      value: 10_000n,
      validAfter: BigInt(1_700_000_000 - validAfterSkewSeconds),
      validBefore: 1_700_000_090n,
    })
    expect(authorization.nonce).toMatch(/^0x[0-9a-f]{64}$/)
    // The signature is over exactly that message and domain.
    expect(
      await verifyTypedData({
        address: account.address,
        domain,
        types: transferWithAuthorizationTypes,
        primaryType: 'TransferWithAuthorization',
        message: authorization,
        signature,
      }),
    ).toBe(true)
  })

  test('validAfter is never negative, even for a clock near zero', async () => {
    const { authorization } = await sign(100, 100).run
    expect(authorization.validAfter).toBe(0n)
  })

  test('keeps a signature returned with 6 s or more left', async () => {
    const start = 1_700_000_000
    // 60 s window; the wallet answers at +54 s: exactly 6 s left.
    await expect(sign(start, start + 54).run).resolves.toBeDefined()
    // +54.9 s is still second +54: whole seconds, as the facilitators count.
    await expect(sign(start, start + 54.9).run).resolves.toBeDefined()
  })

  test('discards a signature returned with less than 6 s left, or too late', async () => {
    const start = 1_700_000_000
    expect(minimumRemainingSeconds).toBe(6)
    for (const after of [start + 55, start + 60, start + 61]) {
      const error = await sign(start, after).run.catch((e: unknown) => e)
      expect(error, `signed at +${after - start} s`).toBeInstanceOf(QuoteExpiredError)
      expect((error as QuoteExpiredError).details).toBe(
        `The wallet returned the signature at ${after}, too close to its expiry at ${start + 60}; it was discarded.`,
      )
    }
  })
})

describe('authorizationToJson', () => {
  test('carries every field, numbers as decimal strings', () => {
    const nonce: Hex = `0x${'ab'.repeat(32)}`
    expect(
      authorizationToJson({
        from: account.address,
        to,
        value: 2n ** 70n,
        validAfter: 1n,
        validBefore: 1_700_000_060n,
        nonce,
      }),
    ).toEqual({
      from: account.address,
      to,
      value: '1180591620717411303424',
      validAfter: '1',
      validBefore: '1700000060',
      nonce,
    })
  })
})
