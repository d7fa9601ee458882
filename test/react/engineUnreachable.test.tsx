// @vitest-environment jsdom
/**
 * The React entry loads the payment engine right after the UI (`loadPaymentSession`). When that
 * chunk cannot be fetched (offline, a deploy that removed it), the paywall must not sit on
 * "Loading the price…" for ever: it says the server could not be reached, offers "Try again", and
 * a try once the chunk is reachable fetches the price, with nothing asked of the server before.
 */
import { cleanup, screen, waitFor } from '@testing-library/react'
import { userEvent } from '@testing-library/user-event'
import { afterEach, expect, test, vi } from 'vitest'
import { H402Paywall } from '../../src/index.js'
import { renderWithKitWagmi, requestCounts, uniqueUrl } from './harness.js'

const chunk = vi.hoisted(() => ({ reachable: false, fetches: 0 }))

vi.mock('../../src/core/session/paymentSession.js', async (importOriginal) => {
  chunk.fetches++
  if (!chunk.reachable) throw new TypeError('Failed to fetch dynamically imported module')
  return importOriginal()
})

afterEach(cleanup)

test('an engine chunk that cannot be fetched: "could not be reached", then "Try again" loads it and shows the options', async () => {
  const url = uniqueUrl('/x402v2/evm/usdc')
  renderWithKitWagmi(<H402Paywall url={url} />)
  const unreachable = 'The server could not be reached.'
  expect(await screen.findAllByText(unreachable, undefined, { timeout: 10_000 })).not.toEqual([])
  expect(screen.queryByText('Loading the price…')).toBeNull()
  expect(await requestCounts(url)).toEqual({ unpaid: 0, paid: 0 })
  // Tried once, not in a loop behind the person's back.
  expect(chunk.fetches).toBe(1)

  chunk.reachable = true
  await userEvent.setup().click(screen.getByRole('button', { name: 'Try again' }))
  expect(await screen.findByRole('radiogroup', { name: 'Pay with' })).toBeTruthy()
  await waitFor(async () => expect(await requestCounts(url)).toEqual({ unpaid: 1, paid: 0 }))
  expect(screen.queryAllByText(unreachable)).toEqual([])
  expect(chunk.fetches).toBe(2)
})
