import { render, screen, within } from '@testing-library/react'
import { userEvent } from '@testing-library/user-event'
import { expect, it } from 'vitest'
import { H402Paywall } from './H402Paywall.js'
import { expectNoAxeViolations } from './test/axe.js'
import { buildPayment, loadPaymentRequired } from './test/buildPayment.js'

it('an unsupported option is shown disabled with its reason, and there is nothing to pay', async () => {
  const paymentRequired = await loadPaymentRequired('valid-18')
  const payment = buildPayment({ paymentRequired, status: 'payment-required' })
  render(<H402Paywall payment={payment} />)
  const radio = screen.getByRole('radio')
  expect(radio).toBeDisabled()
  expect(radio).toHaveAccessibleDescription(/Unavailable: .*Permit2/)
  expect(screen.queryByRole('button', { name: /^Pay/ })).toBeNull()
  await expectNoAxeViolations()
})

it('an unknown token is marked unverified, with its address, and its amount in base units', async () => {
  const paymentRequired = await loadPaymentRequired('valid-12')
  const payment = buildPayment({ paymentRequired, status: 'selecting' })
  render(<H402Paywall payment={payment} />)
  const radio = screen.getByRole('radio', {
    name: '1,000,000,000,000,000 base units 0x4200…0006 on Base',
  })
  expect(radio).toBeEnabled()
  expect(radio).toHaveAccessibleDescription(
    /Unverified token.*0x4200000000000000000000000000000000000006/,
  )
  const consent = screen.getByRole('region', { name: 'You are about to pay' })
  expect(within(consent).getByText('Unverified token')).toBeVisible()
  expect(
    screen.getByRole('button', { name: 'Pay 1,000,000,000,000,000 base units 0x4200…0006' }),
  ).toBeEnabled()
})

it('affordable options first, balances shown, the short one says so; choosing calls select', async () => {
  const paymentRequired = await loadPaymentRequired('valid-17')
  // Base is short, Solana Devnet can pay, Arbitrum unknown.
  const payment = buildPayment({
    paymentRequired,
    status: 'payment-required',
    balances: { 0: 5000n, 1: 20000n },
    selected: 0,
  })
  render(<H402Paywall payment={payment} />)
  const radios = screen.getAllByRole('radio')
  expect(
    radios.map(
      (radio) =>
        radio.getAttribute('aria-labelledby') &&
        radio.closest('label')?.querySelector('.h402-option-title')?.textContent,
    ),
  ).toEqual(['0.01 USDC on Solana Devnet', '0.01 USDC on Arbitrum One', '0.01 USDC on Base'])
  expect(radios[0]).toHaveAccessibleDescription(/Balance: 0.02 USDC/)
  expect(radios[2]).toHaveAccessibleDescription(/Balance: 0.005 USDC.*Not enough USDC/)
  await userEvent.click(radios[1]!)
  expect(payment.select).toHaveBeenCalledWith(paymentRequired.options[2]?.id)
})

it('insufficient balance: Pay is off, the shortfall and the app slot are shown', async () => {
  const paymentRequired = await loadPaymentRequired('valid-30')
  const payment = buildPayment({ paymentRequired, status: 'selecting', balances: { 0: 2500n } })
  render(
    <H402Paywall
      payment={payment}
      renderInsufficientFunds={({ shortfall, option }) => (
        <a href="https://example.com/buy">
          Buy {String(shortfall)} {option.asset.symbol}
        </a>
      )}
    />,
  )
  expect(screen.getByRole('button', { name: 'Pay 0.01 USDC' })).toBeDisabled()
  expect(screen.getByRole('button', { name: 'Pay 0.01 USDC' })).toHaveAccessibleDescription(
    'Not enough USDC to pay.',
  )
  expect(screen.getByText('Your balance: 0.0025 USDC')).toBeVisible()
  expect(screen.getByRole('link', { name: 'Buy 7500 USDC' })).toBeVisible()
})

it('no wallet installed: says so and what to do', async () => {
  const paymentRequired = await loadPaymentRequired('valid-32')
  const payment = buildPayment({ paymentRequired, status: 'payment-required', wallet: 'none' })
  render(<H402Paywall payment={payment} />)
  const group = screen.getByRole('group', { name: 'Connect wallet' })
  expect(within(group).getByText('No wallet found')).toBeVisible()
  expect(within(group).getByText(/Install a browser wallet for Solana/)).toBeVisible()
  expect(screen.getByRole('button', { name: 'Pay 1.001 USDC' })).toBeDisabled()
  await expectNoAxeViolations()
})

it('connected: the address shortened and Disconnect; the wallet on another chain needs a switch', async () => {
  const paymentRequired = await loadPaymentRequired('valid-14')
  const payment = buildPayment({ paymentRequired, status: 'selecting', chainId: 1 })
  render(<H402Paywall payment={payment} />)
  expect(screen.getByText('Connected with MetaMask: 0x1111…1111')).toBeVisible()
  const pay = screen.getByRole('button', { name: 'Pay 0.001 USDC' })
  expect(pay).toBeEnabled()
  expect(pay).toHaveAttribute('data-network', 'switch')
  expect(pay).toHaveAccessibleDescription(/Switch network.*Base Sepolia/)
  await userEvent.click(screen.getByRole('button', { name: 'Disconnect' }))
  expect(payment.disconnect).toHaveBeenCalledWith('evm')
})

it('an expired quote is never signed: Pay is off and "Get a new price" fetches it again', async () => {
  const paymentRequired = await loadPaymentRequired('valid-14')
  const payment = buildPayment({ paymentRequired, status: 'selecting', expiresAt: Date.now() - 1 })
  render(<H402Paywall payment={payment} />)
  const refresh = await screen.findByRole('button', { name: 'Get a new price' })
  expect(screen.getByRole('button', { name: 'Pay 0.001 USDC' })).toBeDisabled()
  await userEvent.click(refresh)
  expect(payment.start).toHaveBeenCalledTimes(1)
  expect(payment.pay).not.toHaveBeenCalled()
})

it('parts take className, data attributes and asChild', async () => {
  const paymentRequired = await loadPaymentRequired('valid-30')
  const payment = buildPayment({ paymentRequired, status: 'selecting' })
  render(
    <H402Paywall.Root payment={payment} asChild className="my-card" theme="dark">
      <section aria-label="Checkout">
        <H402Paywall.Summary className="my-summary" />
        <H402Paywall.PayButton asChild className="my-pay">
          <button type="button">Buy now</button>
        </H402Paywall.PayButton>
      </section>
    </H402Paywall.Root>,
  )
  const root = screen.getByRole('region', { name: 'Checkout' })
  expect(root).toHaveClass('h402-root', 'my-card')
  expect(root).toHaveAttribute('data-h402-theme', 'dark')
  expect(root).toHaveAttribute('data-status', 'selecting')
  expect(root).toHaveAttribute('data-state', 'choosing')
  expect(root.querySelector('.h402-summary')).toHaveClass('my-summary')
  const pay = screen.getByRole('button', { name: 'Buy now' })
  expect(pay).toHaveClass('h402-pay', 'my-pay')
  expect(pay).toHaveAttribute('data-state', 'ready')
  await userEvent.click(pay)
  expect(payment.pay).toHaveBeenCalledTimes(1)
})

it('receipt: the kit links the transaction itself when the server gave no explorer URL, and copies it', async () => {
  const paymentRequired = await loadPaymentRequired('valid-14')
  const payment = buildPayment({
    paymentRequired,
    status: 'settled',
    receipt: { explorerUrl: undefined },
  })
  render(<H402Paywall payment={payment} />)
  expect(screen.getByRole('link', { name: /View transaction 0xabc1…f456/ })).toHaveAttribute(
    'href',
    'https://sepolia.basescan.org/tx/0xabc1230000000000000000000000000000000000000000000000000000def456',
  )
  expect(screen.getByRole('button', { name: 'Copy transaction' })).toBeEnabled()
})
