// @vitest-environment jsdom
/**
 * "Not enough USDC": the real `<H402Paywall>` reads the wallet's balance on the devnet, shows the
 * shortfall with Pay off, and once the person has added funds (in another tab, a faucet or an
 * exchange) and comes back to the page, it reads the balance again and Pay is on: the hint says
 * "then try again", and there must be a way to.
 */
import { act, cleanup, fireEvent, screen, waitFor } from '@testing-library/react'
import { createWalletClient, http } from 'viem'
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts'
import { afterEach, expect, test } from 'vitest'
import { H402Paywall } from '../../src/index.js'
import { mintAbi } from '../devnet/evm/abi.js'
import { chain, evm, renderWithProvider, requestCounts, uniqueUrl } from './harness.js'

afterEach(cleanup)

test('insufficient funds: the shortfall and Pay off; back on the page after funding, the balance is read again and Pay is on', async () => {
  // A new account with no USDC (the mock wallet only reads here: nothing is signed).
  const address = privateKeyToAccount(generatePrivateKey()).address
  const url = uniqueUrl('/x402v2/evm/usdc')
  renderWithProvider(<H402Paywall url={url} />, address)
  fireEvent.click(
    await screen.findByRole('button', { name: /Mock Connector/ }, { timeout: 10_000 }),
  )
  await screen.findByText(/^You need .* more .* to pay\.$/, undefined, { timeout: 10_000 })
  const pay = screen.getByRole('button', { name: /^Pay / }) as HTMLButtonElement
  expect(pay.disabled).toBe(true)

  // The person funds the wallet elsewhere…
  const deployer = createWalletClient({
    account: privateKeyToAccount(evm.deployerKey),
    chain,
    transport: http(evm.rpcUrl),
  })
  await deployer.writeContract({
    address: evm.usdc,
    abi: mintAbi,
    functionName: 'mint',
    args: [address, 1_000_000n],
  })
  // …and comes back to this tab.
  act(() => {
    window.dispatchEvent(new Event('visibilitychange'))
  })
  await waitFor(
    () =>
      expect((screen.getByRole('button', { name: /^Pay / }) as HTMLButtonElement).disabled).toBe(
        false,
      ),
    { timeout: 10_000 },
  )
  expect(screen.queryByText(/^You need .* more/)).toBeNull()
  expect(await requestCounts(url)).toEqual({ unpaid: 1, paid: 0 })
})
