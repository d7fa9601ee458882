// @vitest-environment jsdom
/**
 * Failures after the money moved are delivery errors, never a reason to pay again: the app's
 * render function throwing on the paid response (its error boundary offers "Reload content",
 * which shows the paid content again from the same payment), or the app's `parse` rejecting (the
 * payment stays settled, with its receipt).
 */
import { QueryClient } from '@tanstack/react-query'
import { cleanup, render, screen, waitFor } from '@testing-library/react'
import { userEvent } from '@testing-library/user-event'
import { Component, type ReactNode, StrictMode, useEffect, useState } from 'react'
import { afterEach, expect, test, vi } from 'vitest'
import { H402Paywall, H402Provider } from '../../src/index.js'
import {
  connectAndPay,
  fundedHardhatAccount,
  HeadlessPaywall,
  PRICE,
  renderWithProvider,
  requestCounts,
  uniqueUrl,
  usdcBalance,
  wagmiConfigFor,
} from './harness.js'

afterEach(() => {
  cleanup()
  vi.restoreAllMocks()
})

/** An app's error boundary with a "Reload content" action that renders its children again. */
class ReloadBoundary extends Component<
  { children: ReactNode; onReload: () => void },
  { failed: boolean }
> {
  override state = { failed: false }
  static getDerivedStateFromError() {
    return { failed: true }
  }
  override render() {
    if (!this.state.failed) return this.props.children
    return (
      <div role="alert">
        <p>The report could not be shown.</p>
        <button
          type="button"
          onClick={() => {
            this.props.onReload()
            this.setState({ failed: false })
          }}
        >
          Reload content
        </button>
      </div>
    )
  }
}

/** Shows the paid body; throws while rendering it as long as the app is `broken`. */
function Report({ response, app }: { response: Response; app: { broken: boolean } }) {
  const [text, setText] = useState<string>()
  useEffect(() => {
    let live = true
    // StrictMode runs this twice: read from a copy each time.
    void response
      .clone()
      .text()
      .then((body) => live && setText(body))
    return () => {
      live = false
    }
  }, [response])
  if (text && app.broken) throw new Error('Report failed to render')
  return <p data-testid="content">{text ?? 'loading'}</p>
}

test('the render function throws on the paid response: "Reload content" shows it from the same payment', async () => {
  // React reports the caught render error on the console; that is the app's boundary at work.
  vi.spyOn(console, 'error').mockImplementation(() => {})
  const account = await fundedHardhatAccount(9)
  const url = uniqueUrl('/x402v2/evm/usdc')
  const before = await usdcBalance(account)
  const app = { broken: true }
  const user = userEvent.setup()
  renderWithProvider(
    <ReloadBoundary onReload={() => (app.broken = false)}>
      <H402Paywall url={url}>{(response) => <Report response={response} app={app} />}</H402Paywall>
    </ReloadBoundary>,
    account,
  )
  await user.click(
    await screen.findByRole('button', { name: /Mock Connector/ }, { timeout: 10_000 }),
  )
  const pay = await screen.findByRole('button', { name: /^Pay 0\.01/ }, { timeout: 10_000 })
  await waitFor(() => expect((pay as HTMLButtonElement).disabled).toBe(false), { timeout: 10_000 })
  await user.click(pay)

  await screen.findByText('The report could not be shown.', undefined, { timeout: 30_000 })
  expect(screen.queryByRole('button', { name: /^Pay / })).toBeNull()
  await user.click(screen.getByRole('button', { name: 'Reload content' }))
  await waitFor(() => expect(screen.getByTestId('content').textContent).toContain('"paid":true'), {
    timeout: 10_000,
  })
  expect(screen.queryByRole('button', { name: /^Pay / })).toBeNull()
  expect(before - (await usdcBalance(account))).toBe(PRICE.usdc)
  expect(await requestCounts(url)).toEqual({ unpaid: 1, paid: 1 })
})

/** The app's `parse` rejects: the body is not what it expected. */
const failingParse = async (): Promise<string> => {
  throw new SyntaxError('Unexpected token < in JSON')
}

test("the app's parse rejects: the payment stays settled with its receipt, and nothing offers to pay again", async () => {
  const account = await fundedHardhatAccount(9)
  const url = uniqueUrl('/x402v2/evm/usdc')
  const before = await usdcBalance(account)
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } })
  render(
    <StrictMode>
      <H402Provider config={{ wagmiConfig: wagmiConfigFor(account), queryClient }}>
        <HeadlessPaywall url={url} parse={failingParse} />
      </H402Provider>
    </StrictMode>,
  )
  await connectAndPay()
  await screen.findByTestId('receipt')
  // The parse ran, and failed.
  await waitFor(
    () =>
      expect(
        queryClient
          .getQueryCache()
          .findAll({ queryKey: ['h402', 'data'] })
          .map((query) => query.state.status),
      ).toContain('error'),
    { timeout: 10_000 },
  )
  expect(screen.getByTestId('status').textContent).toBe('settled')
  // The app is told why, to show it: the payment itself stands.
  expect((await screen.findByTestId('data-error')).textContent).toBe(
    'SyntaxError: Unexpected token < in JSON',
  )
  expect(screen.queryByTestId('content')).toBeNull()
  expect(screen.getByRole('button', { name: 'Pay' })).toHaveProperty('disabled', true)
  expect(before - (await usdcBalance(account))).toBe(PRICE.usdc)
  expect(await requestCounts(url)).toEqual({ unpaid: 1, paid: 1 })
})
