// @vitest-environment jsdom
/**
 * What React does to components must not make a second payment: a paywall unmounted while the
 * wallet's signature prompt is open, and mounted again, shows the same payment and ends with one
 * signature, one paid request and the price moved once. The wallet is the EIP-6963 development
 * wallet (a real EIP-1193 provider over a devnet key), discovered by wagmi as a dapp would.
 */
import { QueryClient } from '@tanstack/react-query'
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react'
import { useState } from 'react'
import type { Address } from 'viem'
import { afterEach, expect, test } from 'vitest'
import { createConfig, http } from 'wagmi'
import { announceEip6963Provider } from '../../demo/wallets/announceEip6963Provider.js'
import { createDevEvmWallet, type DevWalletRequest } from '../../demo/wallets/createDevEvmWallet.js'
import { H402Provider } from '../../src/react/index.js'
import {
  chain,
  devnet,
  HeadlessPaywall,
  PRICE,
  requestCounts,
  uniqueUrl,
  usdcBalance,
} from './harness.js'

afterEach(cleanup)

/** A page whose paywall can be unmounted and mounted again, like a route change. */
function Page({ url }: { url: string }) {
  const [shown, setShown] = useState(true)
  return (
    <>
      <button type="button" onClick={() => setShown((value) => !value)}>
        Toggle
      </button>
      {shown && <HeadlessPaywall url={url} />}
    </>
  )
}

test('unmounting during the wallet prompt and mounting again shows the same payment, paid once', async () => {
  const signatures: DevWalletRequest[] = []
  let openPrompt: () => void = () => {}
  const promptOpen = new Promise<void>((resolve) => {
    openPrompt = resolve
  })
  let approve: (ok: boolean) => void = () => {}
  const approved = new Promise<boolean>((resolve) => {
    approve = resolve
  })
  const wallet = createDevEvmWallet({
    rpcUrl: devnet.evm.rpcUrl,
    chainId: devnet.evm.chainId,
    privateKey: devnet.evm.devAccounts[5]!.privateKey,
    name: 'Lifecycle Dev Wallet',
    rdns: 'dev.h402.lifecycle',
    approve: (request) => {
      if (request.method !== 'eth_signTypedData_v4') return true
      signatures.push(request)
      openPrompt()
      return approved
    },
  })
  const stopAnnouncing = announceEip6963Provider(wallet)
  const account = wallet.address as Address
  const before = await usdcBalance(account)
  const url = uniqueUrl('/x402v2/evm/usdc')
  const wagmiConfig = createConfig({
    chains: [chain],
    connectors: [],
    transports: { [chain.id]: http(devnet.evm.rpcUrl) },
  })

  render(
    <H402Provider config={{ wagmiConfig, queryClient: new QueryClient() }}>
      <Page url={url} />
    </H402Provider>,
  )

  fireEvent.click(
    await screen.findByRole(
      'button',
      { name: 'Connect Lifecycle Dev Wallet' },
      { timeout: 10_000 },
    ),
  )
  await screen.findByTestId('address', {}, { timeout: 10_000 })
  await screen.findByText(/balance/, undefined, { timeout: 10_000 })
  fireEvent.click(screen.getByRole('button', { name: 'Pay' }))
  await promptOpen

  fireEvent.click(screen.getByRole('button', { name: 'Toggle' }))
  expect(screen.queryByTestId('status')).toBeNull()
  fireEvent.click(screen.getByRole('button', { name: 'Toggle' }))
  // The same session: still waiting for the signature, not a new 402 and a new payment.
  expect(screen.getByTestId('status').textContent).toBe('signing')

  await act(async () => approve(true))
  await waitFor(() => expect(screen.getByTestId('status').textContent).toBe('settled'), {
    timeout: 30_000,
  })
  expect(signatures).toHaveLength(1)
  expect(before - (await usdcBalance(account))).toBe(PRICE.usdc)
  expect(await requestCounts(url)).toEqual({ unpaid: 1, paid: 1 })

  // Mounting once more after the payment shows the content without asking the server again.
  fireEvent.click(screen.getByRole('button', { name: 'Toggle' }))
  fireEvent.click(screen.getByRole('button', { name: 'Toggle' }))
  expect((await screen.findByTestId('content')).textContent).toContain('"paid":true')
  expect(await requestCounts(url)).toEqual({ unpaid: 1, paid: 1 })
  stopAnnouncing()
})
