// @vitest-environment jsdom
/**
 * The provider fetches the engine's chunk once the app has rendered, with no paywall on the page
 * yet, so a paywall shown later (another route) has it at hand; the chunk is fetched once for the
 * page, however many paywalls follow.
 */
import { act, cleanup, screen, waitFor } from '@testing-library/react'
import { useState } from 'react'
import { afterEach, expect, test, vi } from 'vitest'
import { H402Paywall } from '../../src/index.js'
import { renderWithKitWagmi, requestCounts, uniqueUrl } from './harness.js'

const chunk = vi.hoisted(() => ({ fetches: 0 }))

vi.mock('../../src/core/session/paymentSession.js', async (importOriginal) => {
  chunk.fetches++
  return importOriginal()
})

afterEach(cleanup)

let showPaywall: () => void = () => {}

function Routes({ url }: { url: string }) {
  const [paywall, setPaywall] = useState(false)
  showPaywall = () => setPaywall(true)
  return paywall ? <H402Paywall url={url} /> : <p>Home</p>
}

test('the provider fetches the engine before any paywall renders; a paywall shown later uses it', async () => {
  const url = uniqueUrl('/x402v2/evm/usdc')
  renderWithKitWagmi(<Routes url={url} />)
  expect(screen.getByText('Home')).toBeTruthy()
  await waitFor(() => expect(chunk.fetches).toBe(1))

  act(() => showPaywall())
  expect(
    await screen.findByRole('radiogroup', { name: 'Pay with' }, { timeout: 10_000 }),
  ).toBeTruthy()
  expect(await requestCounts(url)).toEqual({ unpaid: 1, paid: 0 })
  expect(chunk.fetches).toBe(1)
})
