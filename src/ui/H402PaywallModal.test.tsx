import { act, render, screen, within } from '@testing-library/react'
import { userEvent } from '@testing-library/user-event'
import { hydrateRoot } from 'react-dom/client'
import { renderToString } from 'react-dom/server'
import { expect, it, vi } from 'vitest'
import { H402Paywall } from './H402Paywall.js'
import { expectNoAxeViolations } from './test/axe.js'
import { buildPayment, loadPaymentRequired } from './test/buildPayment.js'

it('modal: opens from its trigger, traps focus, Esc closes and gives focus back', async () => {
  const paymentRequired = await loadPaymentRequired('valid-30')
  const payment = buildPayment({ paymentRequired, status: 'selecting' })
  const user = userEvent.setup()
  render(<H402Paywall payment={payment} variant="modal" />)
  const trigger = screen.getByRole('button', { name: 'Unlock for 0.01 USDC' })
  // The trigger is there before the dialog's chunk; the dialog loads on the first open.
  expect(trigger).toHaveAttribute('aria-haspopup', 'dialog')
  expect(trigger).toHaveAttribute('aria-expanded', 'false')
  await user.click(trigger)
  const dialog = await screen.findByRole('dialog', { name: 'Payment required' })
  expect(trigger).toHaveAttribute('aria-expanded', 'true')
  expect(trigger).toHaveAttribute('aria-controls', dialog.id)
  expect(dialog).toContainElement(document.activeElement as HTMLElement)
  expect(within(dialog).getByRole('button', { name: 'Pay 0.01 USDC' })).toBeEnabled()
  expect(dialog.closest('.h402-root')).not.toBeNull()
  await expectNoAxeViolations()
  for (let index = 0; index < 12; index++) {
    await user.tab()
    expect(dialog).toContainElement(document.activeElement as HTMLElement)
  }
  await user.keyboard('{Escape}')
  expect(screen.queryByRole('dialog')).toBeNull()
  expect(trigger).toHaveFocus()
  expect(trigger).toHaveAttribute('aria-expanded', 'false')
})

it('modal: opened again, the loaded dialog opens at once and gives focus back again', async () => {
  const paymentRequired = await loadPaymentRequired('valid-30')
  const payment = buildPayment({ paymentRequired, status: 'selecting' })
  const user = userEvent.setup()
  render(<H402Paywall payment={payment} variant="modal" />)
  const trigger = screen.getByRole('button', { name: 'Unlock for 0.01 USDC' })
  for (let round = 0; round < 2; round++) {
    await user.click(trigger)
    const dialog = await screen.findByRole('dialog', { name: 'Payment required' })
    expect(dialog).toContainElement(document.activeElement as HTMLElement)
    await user.click(within(dialog).getByRole('button', { name: 'Close' }))
    expect(screen.queryByRole('dialog')).toBeNull()
    expect(trigger).toHaveFocus()
  }
})

it('modal: while the wallet is signing, Esc and Close do nothing', async () => {
  const paymentRequired = await loadPaymentRequired('valid-30')
  const payment = buildPayment({ paymentRequired, status: 'signing', step: 'signing' })
  const user = userEvent.setup()
  render(
    <H402Paywall.Root payment={payment}>
      <H402Paywall.Modal defaultOpen>
        <H402Paywall.Status />
      </H402Paywall.Modal>
    </H402Paywall.Root>,
  )
  const dialog = await screen.findByRole('dialog', { name: 'Payment required' })
  await user.keyboard('{Escape}')
  expect(dialog).toBeInTheDocument()
  expect(within(dialog).getByRole('button', { name: 'Close' })).toBeDisabled()
  expect(within(dialog).getByRole('status')).toHaveTextContent(
    'Confirm the payment in your wallet.',
  )
  await expectNoAxeViolations()
})

it('modal: once paid, closing takes focus to the paid content', async () => {
  const paymentRequired = await loadPaymentRequired('valid-30')
  const payment = buildPayment({ paymentRequired, status: 'settled' })
  const user = userEvent.setup()
  render(
    <H402Paywall.Root payment={payment}>
      <H402Paywall.Modal defaultOpen>
        <H402Paywall.Receipt />
      </H402Paywall.Modal>
      <H402Paywall.Content>
        <p>The report</p>
      </H402Paywall.Content>
    </H402Paywall.Root>,
  )
  expect(await screen.findByRole('region', { name: 'Paid 0.01 USDC on Base' })).toBeVisible()
  await user.click(screen.getByRole('button', { name: 'Close' }))
  expect(screen.queryByRole('dialog')).toBeNull()
  expect(screen.getByText('The report').parentElement).toHaveFocus()
})

it('modal: the server renders the trigger; hydration is quiet and the dialog still opens', async () => {
  const paymentRequired = await loadPaymentRequired('valid-30')
  const payment = buildPayment({ paymentRequired, status: 'selecting' })
  const element = <H402Paywall payment={payment} variant="modal" />
  const html = renderToString(element)
  expect(html).toContain('Unlock for 0.01 USDC')
  expect(html).toContain('aria-haspopup="dialog"')
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
  errors.mockRestore()
  await userEvent.setup().click(screen.getByRole('button', { name: 'Unlock for 0.01 USDC' }))
  expect(await screen.findByRole('dialog', { name: 'Payment required' })).toBeVisible()
  act(() => root.unmount())
  container.remove()
})
