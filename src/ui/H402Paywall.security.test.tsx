import { render, screen } from '@testing-library/react'
import { expect, it } from 'vitest'
import { PaymentRejectedError } from '../core/errors/payment.js'
import { H402Paywall } from './H402Paywall.js'
import { buildPayment, parseDocument } from './test/buildPayment.js'

const hostile = '<img src=x onerror="window.hacked=1"><script>window.hacked=1</script>'

const document402 = {
  x402Version: 1,
  error: hostile,
  accepts: [
    {
      scheme: 'exact',
      network: 'base-sepolia',
      maxAmountRequired: '10000',
      resource: 'https://api.example.com/<b>premium</b>',
      description: hostile,
      mimeType: 'application/json',
      payTo: '0x209693Bc6afc0C5328bA36FaF03C514EF312287C',
      maxTimeoutSeconds: 60,
      asset: '0x036CbD53842c5426634e7929541eC2318f3dCF7e',
      extra: { name: 'USDC', version: '2' },
    },
  ],
}

it('server strings (description, resource, refusal reason) render as text, never as HTML', async () => {
  const paymentRequired = await parseDocument(document402)
  const payment = buildPayment({
    paymentRequired,
    status: 'failed',
    signed: true,
    error: new PaymentRejectedError({ status: 402, reason: hostile }),
  })
  const { container } = render(<H402Paywall payment={payment} />)
  expect(screen.getByText(hostile)).toBeVisible()
  expect(screen.getByText('https://api.example.com/<b>premium</b>')).toBeVisible()
  expect(screen.getByText(`The server said: ${hostile}`)).toBeVisible()
  expect(container.querySelector('img, script, b')).toBeNull()
  expect((window as { hacked?: number }).hacked).toBeUndefined()
})

it('links only to http(s): a hostile explorer URL or wallet icon is dropped', async () => {
  const paymentRequired = await parseDocument(document402)
  const settled = buildPayment({
    paymentRequired,
    status: 'settled',
    receipt: { explorerUrl: 'javascript:window.hacked=1' },
  })
  const { container, unmount } = render(<H402Paywall payment={settled} />)
  expect(screen.getByText('0xabc1…f456')).toBeVisible()
  expect(container.querySelector('a[href^="javascript"]')).toBeNull()
  unmount()

  const choosing = buildPayment({
    paymentRequired,
    status: 'payment-required',
    wallet: {
      status: 'disconnected',
      wallets: [
        {
          id: 'evil',
          name: 'Evil',
          icon: 'javascript:alert(1)',
          namespace: 'evm',
          installed: true,
        },
      ],
    },
  })
  render(<H402Paywall payment={choosing} />)
  expect(screen.getByRole('button', { name: 'Evil' })).toBeVisible()
  expect(document.querySelector('img')).toBeNull()
})
