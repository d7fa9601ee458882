// @vitest-environment node
import { renderToString } from 'react-dom/server'
import { expect, it } from 'vitest'
import { H402Provider } from '../react/H402Provider.js'
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
  // Wallets are the browser's: the server renders a placeholder, never "No wallet found".
  expect(inline).toContain('Connect wallet')
  expect(inline).not.toContain('Restoring your wallet')
  expect(inline).not.toContain('No wallet found')
  expect(inline).not.toContain('paid</p>')
})

it('uncontrolled, given the 402 up front: the server HTML has the price, description and options', async () => {
  const paymentRequired = await loadPaymentRequired('valid-17')
  const html = renderToString(
    <H402Provider>
      <H402Paywall url="https://api.example.com/weather" paymentRequired={paymentRequired} />
    </H402Provider>,
  )
  expect(html).toContain('Weather report')
  expect(html).toContain('0.01 USDC on Base')
  expect(html).toContain('0.01 USDC on Solana Devnet')
  expect(html).toContain('0.01 USDC on Arbitrum One')
  expect(html).not.toContain('No wallet found')
})
