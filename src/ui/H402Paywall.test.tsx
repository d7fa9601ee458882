import { screen, within } from '@testing-library/react'
import { userEvent } from '@testing-library/user-event'
import { describe, expect, it, vi } from 'vitest'
import {
  NetworkRequestError,
  OutcomeUnknownError,
  PaidNotDeliveredError,
  PaymentRejectedError,
} from '../core/errors/payment.js'
import {
  InsufficientFundsError,
  UserRejectedError,
  WalletNotConnectedError,
  WrongNetworkError,
} from '../core/errors/wallet.js'
import { expectNoAxeViolations } from './test/axe.js'
import { buildPayment, loadPaymentRequired } from './test/buildPayment.js'
import { renderPaywall } from './test/renderPaywall.js'

/** One fixture per dialect and chain shape, with the price a person must see. */
const dialects = [
  { name: 'x402 v1 (EVM)', fixture: 'valid-02', price: '0.001 USDC', network: 'Base Sepolia' },
  { name: 'x402 v2 (EVM)', fixture: 'valid-14', price: '0.001 USDC', network: 'Base Sepolia' },
  { name: 'x402 v2 (EVM + Solana)', fixture: 'valid-17', price: '0.01 USDC', network: 'Base' },
  { name: 'h402 (EVM)', fixture: 'valid-30', price: '0.01 USDC', network: 'Base' },
  { name: 'h402 (Solana)', fixture: 'valid-32', price: '1.001 USDC', network: 'Solana' },
] as const

describe.each(dialects)('H402Paywall, $name', ({ fixture, price, network }) => {
  it('payment-required: shows the price and options; Pay waits for a wallet', async () => {
    const paymentRequired = await loadPaymentRequired(fixture)
    const payment = buildPayment({
      paymentRequired,
      status: 'payment-required',
      wallet: 'disconnected',
    })
    renderPaywall(payment)
    expect(screen.getAllByText(price).length).toBeGreaterThan(0)
    const options = screen.getByRole('radiogroup', { name: 'Pay with' })
    const radios = within(options).getAllByRole('radio')
    expect(radios).toHaveLength(paymentRequired.options.length)
    expect(within(options).getByRole('radio', { name: `${price} on ${network}` })).toBeChecked()
    const connect = screen.getByRole('group', { name: 'Connect wallet' })
    const wallet = payment.wallet?.wallets[0]
    expect(within(connect).getByRole('button', { name: wallet?.name })).toBeEnabled()
    const pay = screen.getByRole('button', { name: `Pay ${price}` })
    expect(pay).toBeDisabled()
    expect(pay).toHaveAccessibleDescription('Connect a wallet to pay.')
    await expectNoAxeViolations()
  })

  it('selecting, connected: the consent shows what is signed and Pay pays', async () => {
    const paymentRequired = await loadPaymentRequired(fixture)
    const payment = buildPayment({ paymentRequired, status: 'selecting' })
    renderPaywall(payment)
    const consent = screen.getByRole('region', { name: 'You are about to pay' })
    expect(within(consent).getByText(price)).toBeVisible()
    expect(within(consent).getByText(network)).toBeVisible()
    const payTo = payment.selected?.option.payTo ?? ''
    expect(within(consent).getByTitle(payTo)).toHaveTextContent(
      `${payTo.slice(0, payTo.startsWith('0x') ? 6 : 4)}…${payTo.slice(-4)}`,
    )
    expect(within(consent).getByRole('button', { name: 'Copy payee address' })).toBeEnabled()
    expect(screen.getByText(/Connected with/)).toBeVisible()
    await userEvent.click(screen.getByRole('button', { name: `Pay ${price}` }))
    expect(payment.pay).toHaveBeenCalledTimes(1)
    await expectNoAxeViolations()
  })

  it.each([
    ['connecting', undefined, 'Connecting your wallet…', true],
    ['switching-network', 'switching-network', `Switching to ${network} in your wallet…`, true],
    ['signing', 'signing', 'Confirm the payment in your wallet.', true],
    ['signing', 'broadcasting', 'Sending the transaction…', false],
    ['signing', 'confirming', 'Waiting for the network to confirm…', false],
    ['submitting', undefined, 'The server is verifying the payment…', false],
  ] as const)(
    '%s (%s): progress is announced, nothing can be changed, cancel only before anything is sent',
    async (status, step, message, cancellable) => {
      const paymentRequired = await loadPaymentRequired(fixture)
      const payment = buildPayment({ paymentRequired, status, ...(step ? { step } : {}) })
      renderPaywall(payment)
      const live = document.querySelector('[aria-live="polite"]')
      expect(live).toHaveTextContent(message)
      const pay = screen.getByRole('button', { name: `Pay ${price}` })
      expect(pay).toBeDisabled()
      expect(pay).toHaveAttribute('data-state', 'pending')
      if (status !== 'connecting') {
        const current = screen.getByRole('listitem', { current: 'step' })
        expect(current).toBeVisible()
      }
      const cancel = screen.queryByRole('button', { name: 'Cancel payment' })
      if (cancellable) {
        expect(cancel).toHaveAccessibleDescription(/Nothing has been paid yet/)
        await userEvent.click(cancel!)
        expect(payment.reset).toHaveBeenCalledTimes(1)
      } else expect(cancel).toBeNull()
      expect(payment.pay).not.toHaveBeenCalled()
      for (const radio of screen.queryAllByRole('radio')) expect(radio).toBeDisabled()
      await expectNoAxeViolations()
    },
  )

  it('settled: the receipt and the paid content, no Pay button', async () => {
    const paymentRequired = await loadPaymentRequired(fixture)
    const payment = buildPayment({ paymentRequired, status: 'settled' })
    renderPaywall(payment, {
      children: (response: Response) => <p>Paid content, body used: {String(response.bodyUsed)}</p>,
    })
    expect(screen.getByText('Paid content, body used: false')).toBeVisible()
    const receipt = screen.getByRole('region', {
      name: `Paid ${price} on ${payment.selected?.option.network.name}`,
    })
    const transaction = payment.receipt?.transaction ?? ''
    const shortened = { evm: '0xabc1…f456', solana: '5VER…kQUW' }[
      payment.wallet?.namespace ?? 'evm'
    ]
    const link = within(receipt).getByRole('link', {
      name: `View transaction ${shortened} on the explorer`,
    })
    expect(link).toHaveAttribute('href', expect.stringMatching(/^https:\/\//))
    expect(link.getAttribute('href')).toContain(transaction)
    expect(link).toHaveAttribute('rel', 'noopener noreferrer')
    expect(screen.queryByRole('button', { name: /^Pay/ })).toBeNull()
    expect(screen.queryByRole('radiogroup')).toBeNull()
    await expectNoAxeViolations()
  })

  it('failed: a typed message and its next action', async () => {
    const paymentRequired = await loadPaymentRequired(fixture)
    const payment = buildPayment({
      paymentRequired,
      status: 'failed',
      error: new NetworkRequestError({}),
    })
    renderPaywall(payment)
    expect(screen.getAllByText('The server could not be reached.')[0]).toBeVisible()
    await userEvent.click(screen.getByRole('button', { name: 'Try again' }))
    expect(payment.retry).toHaveBeenCalledTimes(1)
    expect(payment.pay).not.toHaveBeenCalled()
    await expectNoAxeViolations()
  })

  it('outcome-unknown: may have gone through, check it, never "pay again"', async () => {
    const paymentRequired = await loadPaymentRequired(fixture)
    const transaction = '0x9999000000000000000000000000000000000000000000000000000000001234'
    const payment = buildPayment({
      paymentRequired,
      status: 'outcome-unknown',
      signed: true,
      error: new OutcomeUnknownError({ transaction }),
    })
    renderPaywall(payment)
    expect(screen.getByText('The payment may have gone through')).toBeVisible()
    expect(screen.queryByRole('button', { name: /^Pay/ })).toBeNull()
    expect(screen.queryByRole('button', { name: /pay again/i })).toBeNull()
    expect(screen.getByText(/0x9999…1234/)).toBeVisible()
    await userEvent.click(screen.getByRole('button', { name: 'Check payment' }))
    expect(payment.check).toHaveBeenCalledTimes(1)
    expect(payment.pay).not.toHaveBeenCalled()
    await expectNoAxeViolations()
  })
})

describe('H402Paywall after the money moved', () => {
  it('paid but not delivered: no "You are about to pay", no Pay button', async () => {
    const paymentRequired = await loadPaymentRequired('valid-14')
    const payment = buildPayment({
      paymentRequired,
      status: 'failed',
      signed: true,
      error: new PaidNotDeliveredError({ transaction: '0x12' }),
    })
    renderPaywall(payment)
    expect(screen.queryByRole('region', { name: 'You are about to pay' })).toBeNull()
    expect(screen.queryByRole('button', { name: /^Pay/ })).toBeNull()
    await expectNoAxeViolations()
  })
})

describe('H402Paywall errors, by userAction', () => {
  it('user rejected: back at the choice, Pay is the action', async () => {
    const paymentRequired = await loadPaymentRequired('valid-14')
    const payment = buildPayment({
      paymentRequired,
      status: 'payment-required',
      error: new UserRejectedError(),
    })
    renderPaywall(payment)
    expect(screen.getByText(/You declined the request in your wallet/)).toBeVisible()
    expect(screen.queryByRole('button', { name: 'Try again' })).toBeNull()
    expect(screen.getByRole('button', { name: 'Pay 0.001 USDC' })).toBeEnabled()
  })

  it('wrong network: "Switch network" pays, and the engine switches', async () => {
    const paymentRequired = await loadPaymentRequired('valid-14')
    const payment = buildPayment({
      paymentRequired,
      status: 'failed',
      chainId: 1,
      error: new WrongNetworkError({ expected: 84532, actual: 1 } as never),
    })
    renderPaywall(payment)
    const button = screen.getByRole('button', { name: 'Switch network' })
    expect(button).toHaveAccessibleDescription(
      'Your wallet will switch to Base Sepolia, then ask you to confirm.',
    )
    await userEvent.click(button)
    expect(payment.pay).toHaveBeenCalledTimes(1)
  })

  it('wallet not connected: "Reconnect wallet" disconnects and retries', async () => {
    const paymentRequired = await loadPaymentRequired('valid-14')
    const payment = buildPayment({
      paymentRequired,
      status: 'failed',
      error: new WalletNotConnectedError({ namespace: 'evm' }),
    })
    renderPaywall(payment)
    await userEvent.click(screen.getByRole('button', { name: 'Reconnect wallet' }))
    expect(payment.disconnect).toHaveBeenCalledWith('evm')
    await vi.waitFor(() => expect(payment.retry).toHaveBeenCalledTimes(1))
  })

  it('insufficient funds: the shortfall, a faucet on testnets, and "try again"', async () => {
    const paymentRequired = await loadPaymentRequired('valid-14')
    const payment = buildPayment({
      paymentRequired,
      status: 'failed',
      balances: { 0: 400n },
      error: new InsufficientFundsError({
        required: 1000n,
        available: 400n,
        asset: paymentRequired.options[0]!.asset,
      } as never),
    })
    renderPaywall(payment)
    expect(
      screen.getAllByText('You need 0.0006 more USDC on Base Sepolia to pay.')[0],
    ).toBeVisible()
    expect(screen.getAllByRole('link', { name: 'faucet.circle.com' })[0]).toHaveAttribute(
      'href',
      'https://faucet.circle.com/',
    )
    await userEvent.click(screen.getByRole('button', { name: 'I added funds, try again' }))
    expect(payment.retry).toHaveBeenCalledTimes(1)
  })

  it('refused after signing: "Choose another option" starts a new intent (reset), not a resend', async () => {
    const paymentRequired = await loadPaymentRequired('valid-17')
    const payment = buildPayment({
      paymentRequired,
      status: 'failed',
      signed: true,
      error: new PaymentRejectedError({
        status: 402,
        reason: 'invalid_exact_evm_payload_signature',
      }),
    })
    renderPaywall(payment)
    expect(screen.getByText('The server said: invalid_exact_evm_payload_signature')).toBeVisible()
    expect(screen.queryByRole('button', { name: /^Pay/ })).toBeNull()
    await userEvent.click(screen.getByRole('button', { name: 'Choose another option' }))
    expect(payment.reset).toHaveBeenCalledTimes(1)
  })

  it('outcome-unknown: a new payment needs an explicit confirmation', async () => {
    const paymentRequired = await loadPaymentRequired('valid-14')
    const payment = buildPayment({
      paymentRequired,
      status: 'outcome-unknown',
      signed: true,
      error: new OutcomeUnknownError({}),
    })
    const user = userEvent.setup()
    renderPaywall(payment)
    await user.click(screen.getByRole('button', { name: 'Start a new payment' }))
    expect(payment.reset).not.toHaveBeenCalled()
    const confirm = screen.getByRole('group', { name: 'Pay again?' })
    expect(within(confirm).getByRole('button', { name: 'Cancel' })).toHaveFocus()
    await user.click(within(confirm).getByRole('button', { name: 'Cancel' }))
    expect(payment.reset).not.toHaveBeenCalled()
    expect(screen.getByRole('button', { name: 'Start a new payment' })).toHaveFocus()
    await user.click(screen.getByRole('button', { name: 'Start a new payment' }))
    await user.click(screen.getByRole('button', { name: 'Yes, start a new payment' }))
    expect(payment.reset).toHaveBeenCalledTimes(1)
    expect(payment.pay).not.toHaveBeenCalled()
    await expectNoAxeViolations()
  })

  it.each([
    ['paid', 'The payment went through.'],
    ['not-paid', 'The payment did not go through. No money moved.'],
    ['unknown', 'The network cannot tell yet. Check again in a moment.'],
  ] as const)('outcome-unknown, checked %s: says what the chain says', async (status, text) => {
    const paymentRequired = await loadPaymentRequired('valid-14')
    const payment = buildPayment({
      paymentRequired,
      status: 'outcome-unknown',
      signed: true,
      error: new OutcomeUnknownError({}),
      reconciliation: {
        status,
        at: 0,
        transaction: '0xfeed00000000000000000000000000000000000000000000000000000000beef',
      },
    })
    renderPaywall(payment)
    expect(screen.getByText(text)).toBeVisible()
    expect(screen.getByRole('link', { name: /0xfeed…beef/ })).toHaveAttribute(
      'href',
      'https://sepolia.basescan.org/tx/0xfeed00000000000000000000000000000000000000000000000000000000beef',
    )
    expect(screen.queryByRole('button', { name: /^Pay/ })).toBeNull()
  })

  it('paid but not delivered: never offers to pay again', async () => {
    const paymentRequired = await loadPaymentRequired('valid-14')
    const payment = buildPayment({
      paymentRequired,
      status: 'failed',
      signed: true,
      error: new PaidNotDeliveredError({
        transaction: '0xaaaa0000000000000000000000000000000000000000000000000000000000bb',
      }),
    })
    const { container } = renderPaywall(payment)
    const error = container.querySelector<HTMLElement>('.h402-error')!
    expect(
      within(error).getByText(/The payment went through, but the server did not deliver/),
    ).toBeVisible()
    expect(screen.queryByRole('button', { name: /^Pay/ })).toBeNull()
    expect(screen.queryByRole('button', { name: 'Try again' })).toBeNull()
    expect(screen.getByRole('button', { name: 'Start a new payment' })).toBeVisible()
  })
})
