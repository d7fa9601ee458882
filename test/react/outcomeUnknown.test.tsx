// @vitest-environment jsdom
/**
 * The real `<H402Paywall>` when the server settles the payment and then fails (a 500, or the
 * connection dropped): the money moved, the person did not get the content. The paywall must say
 * the payment may have gone through, check it on the chain when asked, and never offer to pay
 * again by itself; every paid request it sent carries the one signature the person approved.
 */
import { cleanup, screen, waitFor } from '@testing-library/react'
import { userEvent } from '@testing-library/user-event'
import { afterEach, describe, expect, test, vi } from 'vitest'
import { H402Paywall } from '../../src/index.js'
import {
  fundedHardhatAccount,
  loggedRequests,
  PRICE,
  renderWithProvider,
  uniqueUrl,
  usdcBalance,
} from './harness.js'

afterEach(cleanup)

describe('<H402Paywall> when the outcome is unknown', () => {
  test.each([
    ['answers 500 after settling', '/fault/error-after-settle/x402v2/evm/usdc', 13],
    ['drops the connection after settling', '/fault/drop-after-settle/x402v2/evm/usdc', 14],
  ])(
    'the server %s: "may have gone through", a check on the chain, never a second signature',
    async (_name, path, index) => {
      const account = await fundedHardhatAccount(index)
      const url = uniqueUrl(path)
      const before = await usdcBalance(account)
      const user = userEvent.setup()
      const onSettled = vi.fn()
      renderWithProvider(
        <H402Paywall url={url} onSettled={onSettled}>
          <p data-testid="content">paid content</p>
        </H402Paywall>,
        account,
      )
      await user.click(
        await screen.findByRole('button', { name: /Mock Connector/ }, { timeout: 10_000 }),
      )
      const pay = await screen.findByRole('button', { name: /^Pay 0\.01/ }, { timeout: 10_000 })
      await waitFor(() => expect((pay as HTMLButtonElement).disabled).toBe(false), {
        timeout: 10_000,
      })
      await user.click(pay)

      expect(
        await screen.findByText('The payment may have gone through', undefined, {
          timeout: 30_000,
        }),
      ).toBeTruthy()
      // The money moved once, and nothing invites the person to pay again.
      expect(before - (await usdcBalance(account))).toBe(PRICE.usdc)
      expect(screen.queryByRole('button', { name: /^Pay / })).toBeNull()
      expect(screen.queryByTestId('content')).toBeNull()

      await user.click(screen.getByRole('button', { name: 'Check payment' }))
      expect(
        await screen.findByText(/The payment went through\./, undefined, { timeout: 20_000 }),
      ).toBeTruthy()
      expect(screen.queryByRole('button', { name: /^Pay / })).toBeNull()

      // A new payment takes an explicit confirmation; cancelling it pays nothing.
      await user.click(screen.getByRole('button', { name: 'Start a new payment' }))
      expect(screen.getByRole('group', { name: 'Pay again?' })).toBeTruthy()
      await user.click(screen.getByRole('button', { name: 'Cancel' }))
      expect(screen.queryByRole('group', { name: 'Pay again?' })).toBeNull()

      expect(onSettled).not.toHaveBeenCalled()
      expect(before - (await usdcBalance(account))).toBe(PRICE.usdc)
      // Whatever was resent, it was the one signed payment: never a second signature.
      const paid = (await loggedRequests(url))
        .map((entry) => entry.headers['payment-signature'])
        .filter((header) => header !== undefined)
      expect(paid.length).toBeGreaterThanOrEqual(1)
      expect(new Set(paid).size).toBe(1)
    },
  )
})
