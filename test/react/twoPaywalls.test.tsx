// @vitest-environment jsdom
/**
 * Two paywalls on one page. Showing the same request twice (a teaser and the article, say) is one
 * payment: one 402 request, one signature, and each paywall gets the paid response with its body
 * unread. Two different requests are two payments, and paying one reads the other's balance
 * again.
 */
import { QueryClient } from '@tanstack/react-query'
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import { userEvent } from '@testing-library/user-event'
import { useEffect, useRef, useState } from 'react'
import { afterEach, expect, test, vi } from 'vitest'
import { H402Paywall, H402Provider } from '../../src/index.js'
import {
  fundedHardhatAccount,
  HeadlessPaywall,
  PRICE,
  renderWithProvider,
  requestCounts,
  uniqueUrl,
  usdcBalance,
  wagmiConfigFor,
} from './harness.js'

afterEach(cleanup)

/** Reads the paid response's body once (a ref keeps StrictMode's second effect from reading again). */
function PaidText({ response, label }: { response: Response; label: string }) {
  const [text, setText] = useState<string>()
  const started = useRef(false)
  useEffect(() => {
    if (started.current) return
    started.current = true
    response.text().then(
      (body) => setText(body),
      (error: unknown) => setText(`unreadable: ${String(error)}`),
    )
  }, [response])
  return <p data-testid={`content-${label}`}>{text ?? 'loading'}</p>
}

/** A page whose paywall can be unmounted and mounted again, like a route change. */
function TogglePage({ url }: { url: string }) {
  const [shown, setShown] = useState(true)
  return (
    <>
      <button type="button" onClick={() => setShown((value) => !value)}>
        Toggle
      </button>
      {shown && (
        <H402Paywall url={url}>
          {(response) => <PaidText response={response} label="a" />}
        </H402Paywall>
      )}
    </>
  )
}

test('the same request in two paywalls: one 402, one payment, and both read the paid body', async () => {
  const account = await fundedHardhatAccount(12)
  const url = uniqueUrl('/x402v2/evm/usdc')
  const before = await usdcBalance(account)
  const settledA = vi.fn()
  const settledB = vi.fn()
  const user = userEvent.setup()
  renderWithProvider(
    <>
      <section aria-label="Teaser">
        <H402Paywall url={url} onSettled={settledA}>
          {(response) => <PaidText response={response} label="a" />}
        </H402Paywall>
      </section>
      <section aria-label="Article">
        <H402Paywall url={url} onSettled={settledB}>
          {(response) => <PaidText response={response} label="b" />}
        </H402Paywall>
      </section>
    </>,
    account,
  )
  const teaser = within(screen.getByRole('region', { name: 'Teaser' }))
  await user.click(
    await teaser.findByRole('button', { name: /Mock Connector/ }, { timeout: 10_000 }),
  )
  const pay = await teaser.findByRole('button', { name: /^Pay 0\.01/ }, { timeout: 10_000 })
  await waitFor(() => expect((pay as HTMLButtonElement).disabled).toBe(false), { timeout: 10_000 })
  await user.click(pay)

  await waitFor(
    () => {
      expect(screen.getByTestId('content-a').textContent).toContain('"paid":true')
      expect(screen.getByTestId('content-b').textContent).toContain('"paid":true')
    },
    { timeout: 30_000 },
  )
  expect(settledA).toHaveBeenCalledTimes(1)
  expect(settledB).toHaveBeenCalledTimes(1)
  expect(settledA.mock.calls[0]![0].transaction).toBe(settledB.mock.calls[0]![0].transaction)
  expect(before - (await usdcBalance(account))).toBe(PRICE.usdc)
  expect(await requestCounts(url)).toEqual({ unpaid: 1, paid: 1 })
})

test('a paywall mounted again after the payment reads the paid body again', async () => {
  const account = await fundedHardhatAccount(12)
  const url = uniqueUrl('/x402v2/evm/usdc')
  const user = userEvent.setup()
  render(
    <H402Provider
      config={{
        wagmiConfig: wagmiConfigFor(account),
        queryClient: new QueryClient({ defaultOptions: { queries: { retry: false } } }),
      }}
    >
      <TogglePage url={url} />
    </H402Provider>,
  )
  await user.click(
    await screen.findByRole('button', { name: /Mock Connector/ }, { timeout: 10_000 }),
  )
  const pay = await screen.findByRole('button', { name: /^Pay 0\.01/ }, { timeout: 10_000 })
  await waitFor(() => expect((pay as HTMLButtonElement).disabled).toBe(false), { timeout: 10_000 })
  await user.click(pay)
  await waitFor(
    () => expect(screen.getByTestId('content-a').textContent).toContain('"paid":true'),
    { timeout: 30_000 },
  )

  // A route change away and back: the paid content again, with no new request or payment.
  fireEvent.click(screen.getByRole('button', { name: 'Toggle' }))
  fireEvent.click(screen.getByRole('button', { name: 'Toggle' }))
  await waitFor(
    () => expect(screen.getByTestId('content-a').textContent).toContain('"paid":true'),
    { timeout: 10_000 },
  )
  expect(await requestCounts(url)).toEqual({ unpaid: 1, paid: 1 })
})

test('two different requests: paying one leaves the other unpaid, reads its balance again, and it pays once too', async () => {
  const account = await fundedHardhatAccount(11)
  const first = uniqueUrl('/x402v2/evm/usdc')
  const second = uniqueUrl('/h402/evm/usdc')
  const before = await usdcBalance(account)
  renderWithProvider(
    <>
      <section aria-label="First">
        <HeadlessPaywall url={first} />
      </section>
      <section aria-label="Second">
        <HeadlessPaywall url={second} />
      </section>
    </>,
    account,
  )
  const one = within(screen.getByRole('region', { name: 'First' }))
  const two = within(screen.getByRole('region', { name: 'Second' }))
  fireEvent.click(await one.findByRole('button', { name: /^Connect / }, { timeout: 10_000 }))
  // One wallet for the page: the second paywall sees it connected too.
  await two.findByTestId('address', {}, { timeout: 10_000 })
  await two.findByText(`(balance ${before})`, { exact: false }, { timeout: 10_000 })
  await one.findByText(`(balance ${before})`, { exact: false }, { timeout: 10_000 })

  fireEvent.click(one.getByRole('button', { name: 'Pay' }))
  await waitFor(() => expect(one.getByTestId('status').textContent).toBe('settled'), {
    timeout: 30_000,
  })
  // The second one is untouched, and shows the balance after the first payment.
  expect(two.getByTestId('status').textContent).not.toBe('settled')
  await two.findByText(`(balance ${before - PRICE.usdc})`, { exact: false }, { timeout: 10_000 })
  expect(await requestCounts(second)).toEqual({ unpaid: 1, paid: 0 })

  fireEvent.click(two.getByRole('button', { name: 'Pay' }))
  await waitFor(() => expect(two.getByTestId('status').textContent).toBe('settled'), {
    timeout: 30_000,
  })
  expect(before - (await usdcBalance(account))).toBe(2n * PRICE.usdc)
  expect(await requestCounts(first)).toEqual({ unpaid: 1, paid: 1 })
  expect(await requestCounts(second)).toEqual({ unpaid: 1, paid: 1 })
})
