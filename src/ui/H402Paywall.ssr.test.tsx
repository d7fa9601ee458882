import { act, screen } from '@testing-library/react'
import { hydrateRoot } from 'react-dom/client'
import { renderToString } from 'react-dom/server'
import { expect, it, vi } from 'vitest'
import { base } from 'wagmi/chains'
import { H402Provider } from '../react/H402Provider.js'
import { H402Paywall } from './H402Paywall.js'
import { buildPayment, loadPaymentRequired } from './test/buildPayment.js'

it('renders the price, description and options on the server, and hydrates without warnings', async () => {
  const paymentRequired = await loadPaymentRequired('valid-17')
  const payment = buildPayment({
    paymentRequired,
    status: 'payment-required',
    wallet: 'disconnected',
    expiresAt: Date.now() + 45_000,
  })
  const element = <H402Paywall payment={payment} locale="en" />
  const html = renderToString(element)
  expect(html).toContain('Weather report')
  expect(html).toContain('0.01 USDC')
  expect(html).toContain('Pay with')
  expect(html).toContain('0.01 USDC on Base')
  expect(html).toContain('0.01 USDC on Solana Devnet')
  expect(html).toContain('0.01 USDC on Arbitrum One')
  expect(html).toContain('type="radio"')
  // The countdown's server value comes from the quote alone (60 s), never from the clock.
  expect(html).toContain('Price valid for 1:00')

  const container = document.createElement('div')
  container.innerHTML = html
  document.body.append(container)
  const errors = vi.spyOn(console, 'error').mockImplementation(() => {})
  const recoverable = vi.fn()
  const root = await act(async () =>
    hydrateRoot(container, element, { onRecoverableError: recoverable }),
  )
  expect(errors).not.toHaveBeenCalled()
  expect(recoverable).not.toHaveBeenCalled()
  // After hydration the countdown follows the clock.
  await vi.waitFor(() => expect(screen.getByText(/Price valid for 0:4\d/)).toBeVisible())
  errors.mockRestore()
  act(() => root.unmount())
  container.remove()
})

it('uncontrolled under H402Provider: server HTML with the 402, hydration without warnings, then the fetch', async () => {
  const paymentRequired = await loadPaymentRequired('valid-17')
  const response = () =>
    new Response(JSON.stringify(paymentRequired.raw), {
      status: 402,
      headers: { 'content-type': 'application/json' },
    })
  const fetch = vi.fn(async () => response())
  const element = (
    <H402Provider config={{ fetch, chains: [base] }}>
      <H402Paywall url="https://api.example.com/weather" paymentRequired={paymentRequired} />
    </H402Provider>
  )
  const html = renderToString(element)
  expect(html).toContain('0.01 USDC on Base')
  const container = document.createElement('div')
  container.innerHTML = html
  document.body.append(container)
  const errors = vi.spyOn(console, 'error').mockImplementation(() => {})
  const recoverable = vi.fn()
  const root = await act(async () =>
    hydrateRoot(container, element, { onRecoverableError: recoverable }),
  )
  await vi.waitFor(() =>
    expect(screen.getByRole('radio', { name: '0.01 USDC on Base' })).toBeEnabled(),
  )
  expect(errors).not.toHaveBeenCalled()
  expect(recoverable).not.toHaveBeenCalled()
  expect(screen.getByRole('group', { name: 'Connect wallet' })).toBeVisible()
  errors.mockRestore()
  act(() => root.unmount())
  container.remove()
})
