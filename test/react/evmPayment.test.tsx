// @vitest-environment jsdom
/**
 * `useH402Payment` under `H402Provider`, paying the devnet's x402 v2 and h402 routes from a wagmi
 * wallet (the `mock` connector over a Hardhat account the node signs for), in StrictMode. Each
 * test checks what a person sees and what the chain and the server saw: one request before the
 * payment, one paid request, and exactly the price moved once.
 */
import { cleanup, screen } from '@testing-library/react'
import { afterEach, describe, expect, test } from 'vitest'
import {
  connectAndPay,
  fundedHardhatAccount,
  HeadlessPaywall,
  loggedRequests,
  PRICE,
  renderWithProvider,
  requestCounts,
  uniqueUrl,
  usdcBalance,
} from './harness.js'

afterEach(cleanup)

describe('useH402Payment with a wagmi wallet', () => {
  test.each([
    ['x402 v2', '/x402v2/evm/usdc', 16],
    ['x402 v1', '/x402v1/evm/usdc', 17],
    ['h402', '/h402/evm/usdc', 18],
  ])(
    'pays %s USDC once, in StrictMode, and shows the content and receipt',
    async (_name, path, index) => {
      const account = await fundedHardhatAccount(index)
      const url = uniqueUrl(path)
      const before = await usdcBalance(account)

      renderWithProvider(<HeadlessPaywall url={url} />, account)
      expect(await screen.findByText(/on Hardhat/, undefined, { timeout: 10_000 })).toBeTruthy()
      await connectAndPay()
      // TestUSDC is not in the registry: its decimals are read on chain once a wallet is connected.
      expect(screen.getByText(/^0\.01 /)).toBeTruthy()

      expect(screen.getByTestId('receipt').textContent).toMatch(/^0x[0-9a-f]{64}$/)
      expect((await screen.findByTestId('content')).textContent).toContain('"paid":true')
      expect(before - (await usdcBalance(account))).toBe(PRICE.usdc)
      // StrictMode mounts twice: still one request for the 402 and one paid request.
      expect(await requestCounts(url)).toEqual({ unpaid: 1, paid: 1 })
      // The paid request carries what the first one did plus the payment header, nothing else,
      // so a server's CORS setup for x402 keeps working.
      const [first, paid] = await loggedRequests(url)
      const added = Object.keys(paid!.headers).filter((name) => !(name in first!.headers))
      expect(added).toEqual([path.startsWith('/x402v2') ? 'payment-signature' : 'x-payment'])
    },
  )
})
