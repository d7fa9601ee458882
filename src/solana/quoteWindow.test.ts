import { describe, expect, test } from 'vitest'
import { QuoteExpiredError } from '../core/errors/payment.js'
import { solanaNetworkIds } from '../core/networks/networks.js'
import type { PaymentContext } from '../core/payer.js'
import type { PaymentOption } from '../core/types.js'
import { blockhashLifetimeSeconds } from './constants.js'
import { assertSignedInTime, openQuoteWindow } from './quoteWindow.js'

// A clock the test sets: the window is whole seconds, so fractions are chosen to expose rounding.
const receivedAtMs = 1_700_000_000_400

function option(maxTimeoutSeconds?: number): PaymentOption {
  return {
    id: 'quote',
    protocol: 'x402-v2',
    scheme: 'exact',
    network: {
      id: solanaNetworkIds.devnet,
      namespace: 'solana',
      name: 'Solana Devnet',
      testnet: true,
    },
    asset: { address: 'mint', native: false },
    amount: 1n,
    payTo: 'payee',
    supported: true,
    raw: {},
    ...(maxTimeoutSeconds === undefined ? {} : { maxTimeoutSeconds }),
  }
}

function at(seconds: number): PaymentContext {
  return {
    paymentRequired: { protocol: 'x402-v2', options: [], receivedAt: receivedAtMs, raw: {} },
    now: () => seconds,
  }
}

const received = Math.floor(receivedAtMs / 1000)

describe('openQuoteWindow', () => {
  test('without maxTimeoutSeconds the blockhash lifetime bounds validBefore, from whole seconds', () => {
    expect(openQuoteWindow(option(), at(received + 10.9))).toBe(
      received + 10 + blockhashLifetimeSeconds,
    )
  })

  test('the sooner of the blockhash lifetime and the quote end wins', () => {
    // The quote ends first: a payload valid past it would outlive the price it was signed at.
    expect(openQuoteWindow(option(30), at(received + 1))).toBe(received + 30)
    // The blockhash ends first: nobody can land the transaction after it.
    expect(openQuoteWindow(option(600), at(received + 1))).toBe(
      received + 1 + blockhashLifetimeSeconds,
    )
  })

  test('the quote end counts from the whole second it was received in', () => {
    // receivedAt is …400 ms: rounding it up would move the end one second later.
    expect(openQuoteWindow(option(30), at(received + 29.99))).toBe(received + 30)
  })

  test('refuses a quote at or after its end, not one second before', () => {
    expect(() => openQuoteWindow(option(30), at(received + 30))).toThrow(QuoteExpiredError)
    expect(() => openQuoteWindow(option(30), at(received + 31))).toThrow(QuoteExpiredError)
    expect(openQuoteWindow(option(30), at(received + 29))).toBe(received + 30)
    const error = (() => {
      try {
        openQuoteWindow(option(30), at(received + 30.5))
      } catch (e) {
        return e as QuoteExpiredError
      }
    })()
    expect(error?.details).toBe(`The quote expired at ${received + 30}; it is ${received + 30}.`)
  })
})

describe('assertSignedInTime', () => {
  const validBefore = received + 60

  test('keeps a signature with at least 5 s left', () => {
    expect(() => assertSignedInTime(at(validBefore - 5), validBefore)).not.toThrow()
    // 4.1 s left is read as second validBefore − 5: whole seconds, as the facilitator counts.
    expect(() => assertSignedInTime(at(validBefore - 4.1), validBefore)).not.toThrow()
    expect(() => assertSignedInTime(at(validBefore - 30), validBefore)).not.toThrow()
  })

  test('discards a signature that comes back with less than 5 s left, or after the end', () => {
    for (const left of [4, 1, 0, -10]) {
      const error = (() => {
        try {
          assertSignedInTime(at(validBefore - left), validBefore)
        } catch (e) {
          return e
        }
      })()
      expect(error, `${left} s left`).toBeInstanceOf(QuoteExpiredError)
      expect((error as QuoteExpiredError).details).toBe(
        `The wallet signed at ${validBefore - left}, too close to the payment's expiry at ${validBefore}; the signature was discarded.`,
      )
    }
  })
})
