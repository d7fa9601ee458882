import { render, screen } from '@testing-library/react'
import { userEvent } from '@testing-library/user-event'
import { useState } from 'react'
import { expect, it } from 'vitest'
import type { H402Payment, WalletConnection } from '../react/types.js'
import { H402Paywall } from './H402Paywall.js'
import { buildPayment, loadPaymentRequired, metaMask, phantom } from './test/buildPayment.js'

/** A payment whose select and connect change what is shown, as the hook's would. */
function LivePaywall({ initial }: { initial: ReturnType<typeof buildPayment> }) {
  const [payment, setPayment] = useState<H402Payment>(() => ({
    ...initial,
    wallets: {
      evm: { namespace: 'evm', status: 'disconnected', wallets: [metaMask] },
      solana: { namespace: 'solana', status: 'disconnected', wallets: [phantom] },
    },
  }))
  const live: H402Payment = {
    ...payment,
    select: (id) => {
      initial.select(id)
      setPayment((current) => ({
        ...current,
        status: 'selecting',
        selected: current.options.find((view) => view.id === id),
      }))
    },
    connect: async (walletId) => {
      await initial.connect(walletId)
      const namespace = walletId === phantom.id ? 'solana' : 'evm'
      const connected: WalletConnection = {
        namespace,
        status: 'connected',
        address: '9WzDXwBbmkg8ZTbNMqUxvQRAyrZzDsGYdLVL9zYtAWWM',
        walletName: walletId,
        wallets: [phantom],
      }
      setPayment((current) => ({
        ...current,
        wallets: { ...current.wallets, [namespace]: connected },
      }))
    },
  }
  return <H402Paywall payment={live} />
}

it('keyboard only: choose an option, connect its wallet, pay', async () => {
  const paymentRequired = await loadPaymentRequired('valid-17')
  const initial = buildPayment({
    paymentRequired,
    status: 'payment-required',
    wallet: 'disconnected',
  })
  const user = userEvent.setup()
  render(<LivePaywall initial={initial} />)

  await user.tab()
  expect(screen.getByRole('radio', { name: '0.01 USDC on Base' })).toHaveFocus()
  await user.keyboard('{ArrowDown}')
  const solana = screen.getByRole('radio', { name: '0.01 USDC on Solana Devnet' })
  expect(solana).toHaveFocus()
  expect(solana).toBeChecked()
  expect(initial.select).toHaveBeenLastCalledWith(paymentRequired.options[1]?.id)

  await user.tab()
  expect(screen.getByRole('button', { name: 'Phantom' })).toHaveFocus()
  await user.keyboard('{Enter}')
  expect(initial.connect).toHaveBeenCalledWith('Phantom')

  const pay = await screen.findByRole('button', { name: 'Pay 0.01 USDC' })
  await expect.poll(() => document.activeElement).toBe(pay)
  await user.keyboard(' ')
  expect(initial.pay).toHaveBeenCalledTimes(1)
})

it('keyboard focus is never lost: from Pay to the progress it started, then to the receipt', async () => {
  const paymentRequired = await loadPaymentRequired('valid-14')
  const user = userEvent.setup()
  const selecting = buildPayment({ paymentRequired, status: 'selecting' })
  const { rerender } = render(<H402Paywall payment={selecting} />)
  screen.getByRole('button', { name: 'Pay 0.001 USDC' }).focus()
  await user.keyboard('{Enter}')
  expect(selecting.pay).toHaveBeenCalledTimes(1)

  const signing = buildPayment({ paymentRequired, status: 'signing', step: 'signing' })
  rerender(<H402Paywall payment={signing} />)
  expect(screen.getByRole('button', { name: 'Pay 0.001 USDC' })).toBeDisabled()
  expect(screen.getByRole('list', { name: 'Payment progress' })).toHaveFocus()

  const settled = buildPayment({ paymentRequired, status: 'settled' })
  rerender(<H402Paywall payment={settled} />)
  expect(screen.getByRole('region', { name: 'Paid 0.001 USDC on Base Sepolia' })).toHaveFocus()
})
