// @vitest-environment jsdom
/**
 * A person who connected a wallet on an earlier visit comes back: the kit's own `WagmiProvider`
 * restores the connection, and the paywall is ready to pay without asking the wallet anything.
 * (Known gap, see the audit: on the way, before wagmi's mount effect has discovered the EIP-6963
 * wallets and started reconnecting, it shows "No wallet found" for a render, then the wallet list
 * with "Connecting…", where "Restoring your wallet…" was meant.)
 */
import { QueryClient } from '@tanstack/react-query'
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react'
import type { Hex } from 'viem'
import { afterEach, expect, test } from 'vitest'
import { announceEip6963Provider } from '../../demo/wallets/announceEip6963Provider.js'
import { createDevEvmWallet, type DevWalletRequest } from '../../demo/wallets/createDevEvmWallet.js'
import { type PaymentRequired, parsePaymentRequired } from '../../src/core/index.js'
import { H402Paywall, H402Provider } from '../../src/index.js'
import { chain, devnet, uniqueUrl } from './harness.js'

const stops: (() => void)[] = []
afterEach(() => {
  cleanup()
  for (const stop of stops.splice(0)) stop()
})

/**
 * A page load with the kit's own wagmi config (made from `chains` and `rpcUrls`): a new config,
 * its state restored from localStorage, and a new provider.
 */
function loadPage(url: string, paymentRequired?: PaymentRequired) {
  return render(
    <H402Provider
      config={{
        chains: [chain],
        rpcUrls: { [chain.id]: devnet.evm.rpcUrl },
        queryClient: new QueryClient(),
      }}
    >
      <H402Paywall url={url} {...(paymentRequired ? { paymentRequired } : {})} />
    </H402Provider>,
  )
}

test('a wallet connected on an earlier visit is restored: connected, ready to pay, nothing asked', async () => {
  const prompts: DevWalletRequest[] = []
  const wallet = createDevEvmWallet({
    rpcUrl: devnet.evm.rpcUrl,
    chainId: devnet.evm.chainId,
    privateKey: devnet.evm.devAccounts[3]!.privateKey as Hex,
    name: 'Restore Dev Wallet',
    rdns: 'dev.h402.restore',
    approve: (request) => {
      prompts.push(request)
      return true
    },
  })
  stops.push(announceEip6963Provider(wallet))
  const url = uniqueUrl('/x402v2/evm/usdc')

  // The earlier visit: the person connects.
  const first = loadPage(url)
  fireEvent.click(
    await screen.findByRole('button', { name: /Restore Dev Wallet/ }, { timeout: 10_000 }),
  )
  await screen.findByRole('button', { name: 'Disconnect' }, { timeout: 10_000 })
  first.unmount()
  const asked = prompts.length

  // Coming back to a page rendered with the 402 (as on a server): its options and wallet part
  // show at once.
  const paymentRequired = await parsePaymentRequired(await fetch(uniqueUrl('/x402v2/evm/usdc')))
  loadPage(url, paymentRequired)
  await screen.findByRole('button', { name: 'Disconnect' }, { timeout: 10_000 })
  await waitFor(
    () => expect(screen.getByRole('button', { name: /^Pay / })).toHaveProperty('disabled', false),
    { timeout: 10_000 },
  )
  expect(screen.queryByText('No wallet found')).toBeNull()
  expect(screen.queryByRole('button', { name: /Restore Dev Wallet/ })).toBeNull()
  // Restoring asked the wallet nothing a person would see.
  expect(prompts.slice(asked)).toEqual([])
})
