// @vitest-environment jsdom
/**
 * An EVM-only app (no `H402SolanaProvider`) given a 402 whose first option is on Solana: that
 * option is shown, not payable, with the reason, and the EVM one is chosen, so the person is
 * offered their EVM wallets, not "No wallet found… install a wallet for Solana".
 */
import { QueryClient } from '@tanstack/react-query'
import { cleanup, render, screen, waitFor, within } from '@testing-library/react'
import { userEvent } from '@testing-library/user-event'
import { StrictMode } from 'react'
import type { Address } from 'viem'
import { afterEach, expect, test } from 'vitest'
import { H402Paywall, H402Provider } from '../../src/index.js'
import { mockServer } from '../../src/testing/index.js'
import { evm, uniqueUrl, wagmiConfigFor } from './harness.js'

afterEach(cleanup)

const solanaFirst = [
  {
    scheme: 'exact',
    network: 'solana:EtWTRABZaYq6iMfeYKouRu166VU2xqa1',
    amount: '10000',
    asset: '4zMMC9srt5Ri5X14GAgXhaHii3GnPAEERYPJgZJDncDU',
    payTo: '9WzDXwBbmkg8ZTbNMqUxvQRAyrZzDsGYdLVL9zYtAWWM',
    maxTimeoutSeconds: 60,
    extra: { feePayer: 'EwWqGE4ZFKLofuestmU4LDdK7XM1N4ALgdZccwYugwGd' },
  },
  {
    scheme: 'exact',
    network: `eip155:${evm.chainId}`,
    amount: '20000',
    asset: evm.usdc,
    payTo: '0x209693Bc6afc0C5328bA36FaF03C514EF312287C',
    maxTimeoutSeconds: 60,
    extra: { name: 'USD Coin', version: '2' },
  },
]

test('a Solana option in an EVM-only app: shown not payable, the EVM one chosen, EVM wallets offered', async () => {
  const account = evm.devAccounts[0]!.address as Address
  const server = mockServer({ accepts: solanaFirst })
  const user = userEvent.setup()
  render(
    <StrictMode>
      <H402Provider
        config={{
          wagmiConfig: wagmiConfigFor(account),
          queryClient: new QueryClient({ defaultOptions: { queries: { retry: false } } }),
          fetch: server.fetch,
        }}
      >
        <H402Paywall url={uniqueUrl('/evm-only')}>
          <p>paid content</p>
        </H402Paywall>
      </H402Provider>
    </StrictMode>,
  )
  const options = await screen.findByRole('radiogroup', { name: 'Pay with' }, { timeout: 10_000 })
  const solana = within(options).getByRole('radio', { name: /Solana Devnet/ })
  expect(solana).toHaveProperty('disabled', true)
  expect(options.textContent).toContain('This page cannot connect a wallet for Solana Devnet.')
  // The devnet's token is not in the registry: its decimals are read once a wallet connects.
  const evmOption = within(options).getByRole('radio', { name: /on Hardhat$/ })
  expect(evmOption).toHaveProperty('checked', true)
  expect(screen.queryByText('No wallet found')).toBeNull()
  await user.click(await screen.findByRole('button', { name: /Mock Connector/ }))
  const pay = await screen.findByRole('button', { name: /^Pay 0\.02 / }, { timeout: 10_000 })
  await waitFor(() => expect(pay).toHaveProperty('disabled', false), { timeout: 10_000 })
  expect(server.requests.every((request) => request.payment === undefined)).toBe(true)
})
