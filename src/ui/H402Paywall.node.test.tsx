// @vitest-environment node
import { renderToString } from 'react-dom/server'
import { expect, it } from 'vitest'
import { H402Paywall } from './H402Paywall.js'
import { buildPayment, loadPaymentRequired } from './test/buildPayment.js'

it('renders on a server with no window or document at all', async () => {
  expect(typeof window).toBe('undefined')
  expect(typeof document).toBe('undefined')
  const paymentRequired = await loadPaymentRequired('valid-30')
  const payment = buildPayment({
    paymentRequired,
    status: 'payment-required',
    wallet: 'reconnecting',
  })
  const html = renderToString(
    <H402Paywall payment={payment} variant="modal" theme="dark">
      <p>paid</p>
    </H402Paywall>,
  )
  expect(html).toContain('Unlock for 0.01 USDC')
  expect(html).toContain('data-h402-theme="dark"')
  const inline = renderToString(<H402Paywall payment={payment} />)
  expect(inline).toContain('AI image')
  expect(inline).toContain('Restoring your wallet…')
  expect(inline).not.toContain('paid</p>')
})
