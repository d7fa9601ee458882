// @vitest-environment jsdom
/**
 * `<H402PaywallPage>`, the drop-in page of a server's paywall route: what the server injected
 * (`window.x402` / `window.h402`) shows at once; the payment itself is made against the 402 read
 * from the URL, with the app's wagmi wallet on the devnet, and the paid response is shown once.
 */
import { cleanup, screen, waitFor } from '@testing-library/react'
import { userEvent } from '@testing-library/user-event'
import { afterEach, expect, test, vi } from 'vitest'
import { H402PaywallPage } from '../../src/page/index.js'
import {
  fundedHardhatAccount,
  PRICE,
  renderWithProvider,
  requestCounts,
  uniqueUrl,
  usdcBalance,
} from './harness.js'

afterEach(cleanup)

/** What an x402 v1 server injects into its paywall page: the `accepts` of its 402. */
async function injectedFor(path: string) {
  const body = (await (await fetch(uniqueUrl(path))).json()) as { accepts: unknown[] }
  return { x402: { paymentRequirements: body.accepts, appName: 'Devnet News' } }
}

function renderPage(account: `0x${string}`, page: Parameters<typeof H402PaywallPage>[0]) {
  return renderWithProvider(<H402PaywallPage {...page} />, account)
}

test('shows what the server injected before it reads the 402 itself', async () => {
  const account = await fundedHardhatAccount(17)
  const url = uniqueUrl('/x402v1/evm/usdc')
  renderPage(account, { url, injected: await injectedFor('/x402v1/evm/usdc'), enabled: false })
  expect(await screen.findByRole('heading', { name: 'Devnet News' })).toBeTruthy()
  // The description and the price come from the injected requirements: nothing was fetched.
  expect(await screen.findByText('x402 v1, EVM, USDC (EIP-3009)')).toBeTruthy()
  expect(screen.getAllByText(/10,000 base units/).length).toBeGreaterThan(0)
  expect(await requestCounts(url)).toEqual({ unpaid: 0, paid: 0 })
})

test('pays the 402 of its URL once and shows the paid response once', async () => {
  const account = await fundedHardhatAccount(17)
  const url = uniqueUrl('/x402v1/evm/usdc')
  const before = await usdcBalance(account)
  const onPaid = vi.fn(async (response: Response) => {
    expect(await response.text()).toContain('"paid":true')
  })
  const user = userEvent.setup()
  renderPage(account, { url, injected: await injectedFor('/x402v1/evm/usdc'), onPaid })

  await user.click(
    await screen.findByRole('button', { name: /Mock Connector/ }, { timeout: 10_000 }),
  )
  const pay = await screen.findByRole('button', { name: /^Pay 0\.01/ }, { timeout: 10_000 })
  await waitFor(() => expect((pay as HTMLButtonElement).disabled).toBe(false), { timeout: 10_000 })
  await user.click(pay)

  await waitFor(() => expect(onPaid).toHaveBeenCalledTimes(1), { timeout: 30_000 })
  await onPaid.mock.results[0]!.value
  expect(before - (await usdcBalance(account))).toBe(PRICE.usdc)
  expect(await requestCounts(url)).toEqual({ unpaid: 1, paid: 1 })
  // StrictMode runs effects twice: the paid response is still shown once.
  await new Promise((resolve) => setTimeout(resolve, 50))
  expect(onPaid).toHaveBeenCalledTimes(1)
})
