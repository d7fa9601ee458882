import { act, render, screen } from '@testing-library/react'
import { expect, it, vi } from 'vitest'
import type { PaymentSession } from '../core/session/paymentSession.js'
import type { PaymentEvent, PaymentSessionState } from '../core/session/types.js'
import type { H402Payment } from '../react/types.js'
import { H402Paywall } from './H402Paywall.js'
import { buildPayment, loadPaymentRequired } from './test/buildPayment.js'

it('controlled: onEvent for every status change of the session, onSettled once with the receipt', async () => {
  const paymentRequired = await loadPaymentRequired('valid-30')
  let state = { status: 'payment-required', since: 100 } as PaymentSessionState
  const listeners = new Set<() => void>()
  const session = {
    getSnapshot: () => state,
    subscribe: (listener: () => void) => {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
  } as unknown as PaymentSession
  const move = (status: PaymentSessionState['status'], since: number) => {
    state = { ...state, status, since }
    for (const listener of listeners) listener()
  }
  const events: PaymentEvent[] = []
  const onSettled = vi.fn()
  const view = (payment: H402Payment) => (
    <H402Paywall payment={payment} onEvent={(event) => events.push(event)} onSettled={onSettled} />
  )
  const choosing = { ...buildPayment({ paymentRequired, status: 'selecting' }), session }
  const { rerender } = render(view(choosing))
  act(() => {
    move('signing', 150)
    move('signing', 160)
    move('submitting', 400)
    move('settled', 900)
  })
  expect(events.map((event) => [event.previous, event.type, event.durationMs])).toEqual([
    ['payment-required', 'signing', 50],
    ['signing', 'submitting', 240],
    ['submitting', 'settled', 500],
  ])
  expect(events.at(-1)?.elapsedMs).toBe(800)

  const settled = { ...buildPayment({ paymentRequired, status: 'settled' }), session }
  rerender(view(settled))
  rerender(view({ ...settled }))
  expect(onSettled).toHaveBeenCalledTimes(1)
  expect(onSettled).toHaveBeenCalledWith(settled.receipt)
  expect(screen.getByRole('region', { name: 'Paid 0.01 USDC on Base' })).toBeVisible()
})

it('parts outside a Root say what is missing', () => {
  vi.spyOn(console, 'error').mockImplementation(() => {})
  expect(() => render(<H402Paywall.PayButton />)).toThrow(/inside <H402Paywall.Root>/)
  vi.restoreAllMocks()
})
