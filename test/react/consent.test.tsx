// @vitest-environment jsdom
/**
 * A signature is asked only on a person's click on Pay, and a "no" is final for that click: the
 * real `<H402Paywall>` in StrictMode, with the EIP-6963 development wallet, never prompts on mount
 * or on connecting, and after a rejection it is back at the choice without prompting again until
 * the next click, which then pays once.
 */
import { QueryClient } from '@tanstack/react-query'
import { act, cleanup, render, screen, waitFor } from '@testing-library/react'
import { userEvent } from '@testing-library/user-event'
import { StrictMode } from 'react'
import type { Address, Hex } from 'viem'
import { afterEach, expect, test } from 'vitest'
import { createConfig, http } from 'wagmi'
import { announceEip6963Provider } from '../../demo/wallets/announceEip6963Provider.js'
import { createDevEvmWallet, type DevWalletRequest } from '../../demo/wallets/createDevEvmWallet.js'
import { H402Paywall, H402Provider } from '../../src/index.js'
import { chain, devnet, PRICE, requestCounts, uniqueUrl, usdcBalance } from './harness.js'

const stops: (() => void)[] = []
afterEach(() => {
  cleanup()
  for (const stop of stops.splice(0)) stop()
})

test('no prompt before the click on Pay; a rejection goes back to the choice and prompts nothing until the next click', async () => {
  const asked: DevWalletRequest[] = []
  const answers: boolean[] = [false, true]
  const wallet = createDevEvmWallet({
    rpcUrl: devnet.evm.rpcUrl,
    chainId: devnet.evm.chainId,
    privateKey: devnet.evm.devAccounts[4]!.privateKey as Hex,
    name: 'Consent Dev Wallet',
    rdns: 'dev.h402.consent',
    approve: (request) => {
      if (request.method !== 'eth_signTypedData_v4') return true
      asked.push(request)
      return answers.shift() ?? false
    },
  })
  stops.push(announceEip6963Provider(wallet))
  const address = wallet.address as Address
  const url = uniqueUrl('/x402v2/evm/usdc')
  const before = await usdcBalance(address)
  const user = userEvent.setup()
  const wagmiConfig = createConfig({
    chains: [chain],
    connectors: [],
    transports: { [chain.id]: http(devnet.evm.rpcUrl) },
  })
  render(
    <StrictMode>
      <H402Provider config={{ wagmiConfig, queryClient: new QueryClient() }}>
        <H402Paywall url={url}>
          <p data-testid="content">paid content</p>
        </H402Paywall>
      </H402Provider>
    </StrictMode>,
  )
  await user.click(
    await screen.findByRole('button', { name: /Consent Dev Wallet/ }, { timeout: 10_000 }),
  )
  const pay = await screen.findByRole('button', { name: /^Pay 0\.01/ }, { timeout: 10_000 })
  await waitFor(() => expect((pay as HTMLButtonElement).disabled).toBe(false), { timeout: 10_000 })
  // Connected, ranked, balance read: ready, and nothing was asked of the wallet.
  expect(asked).toHaveLength(0)
  expect(await requestCounts(url)).toEqual({ unpaid: 1, paid: 0 })

  await user.click(pay)
  await waitFor(() => expect(asked).toHaveLength(1), { timeout: 10_000 })
  // "No" in the wallet: back at the choice, Pay is the action again.
  await waitFor(
    () =>
      expect(document.querySelector('[data-status]')?.getAttribute('data-status')).not.toBe(
        'signing',
      ),
    { timeout: 10_000 },
  )
  const again = await screen.findByRole('button', { name: /^Pay 0\.01/ }, { timeout: 10_000 })
  await waitFor(() => expect((again as HTMLButtonElement).disabled).toBe(false), {
    timeout: 10_000,
  })
  expect(asked).toHaveLength(1)
  expect(await requestCounts(url)).toEqual({ unpaid: 1, paid: 0 })

  await act(async () => {
    await user.click(again)
  })
  await screen.findByTestId('content', {}, { timeout: 30_000 })
  expect(asked).toHaveLength(2)
  expect(before - (await usdcBalance(address))).toBe(PRICE.usdc)
  expect(await requestCounts(url)).toEqual({ unpaid: 1, paid: 1 })
})
