import { expect, test } from 'vitest'
import type { PaymentRequired } from '../types.js'
import { Intent } from './intent.js'
import { IntentPaymentContext } from './intentPaymentContext.js'

const paymentRequired = {
  protocol: 'x402-v2',
  options: [],
  receivedAt: 0,
  raw: {},
} as PaymentRequired

function context(intent: Intent, requestUrl?: string) {
  return new IntentPaymentContext(
    intent,
    paymentRequired,
    () => 1,
    () => {},
    requestUrl,
  )
}

test("the signal is the intent's, and a cancel aborts it with the cancel's reason", () => {
  const intent = new Intent()
  const made = context(intent, 'https://shop.example/a')
  expect(made.signal).toBe(intent.signal)
  expect(made.signal.aborted).toBe(false)
  const reason = new Error('reset')
  intent.cancel(reason)
  expect(made.signal.aborted).toBe(true)
  expect(made.signal.reason).toBe(reason)
  expect(made.requestUrl).toBe('https://shop.example/a')
  expect(made.paymentRequired).toBe(paymentRequired)
  expect(made.now()).toBe(1)
})

test('a cancel before the signal is read still aborts it once read', () => {
  const intent = new Intent()
  const made = context(intent)
  intent.cancel('gone')
  expect(made.signal.aborted).toBe(true)
  expect(made.signal.reason).toBe('gone')
  expect(made.requestUrl).toBeUndefined()
})

test('the signal is a getter of the class, not of each context', () => {
  // An own accessor (a getter in an object literal) gives every payment a hidden class holding
  // its getter, and through it the session, so every payment's objects outlived their scavenge.
  const made = context(new Intent())
  expect(Object.getOwnPropertyDescriptor(made, 'signal')).toBeUndefined()
  expect(
    typeof Object.getOwnPropertyDescriptor(IntentPaymentContext.prototype, 'signal')?.get,
  ).toBe('function')
})
