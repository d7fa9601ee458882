// @vitest-environment jsdom
/**
 * A browser with no wallet at all (no `window.ethereum`, nothing announced by EIP-6963), under the
 * kit's own wagmi config: the paywall says "No wallet found" and what to do, instead of offering
 * wagmi's generic "Injected" wallet as if one were installed. With a provider at `window.ethereum`
 * (a wallet that does not announce itself), that generic wallet is offered, and it connects.
 */
import { cleanup, screen, waitFor } from '@testing-library/react'
import { userEvent } from '@testing-library/user-event'
import type { Hex } from 'viem'
import { afterEach, expect, test } from 'vitest'
import { createDevEvmWallet } from '../../demo/wallets/createDevEvmWallet.js'
import { H402Paywall } from '../../src/index.js'
import { devnet, renderWithKitWagmi, uniqueUrl } from './harness.js'

afterEach(() => {
  cleanup()
  delete (window as { ethereum?: unknown }).ethereum
})

function renderPaywall() {
  renderWithKitWagmi(<H402Paywall url={uniqueUrl('/x402v2/evm/usdc')} />)
}

test('no wallet in the browser: "No wallet found", and no wallet offered as installed', async () => {
  expect((window as { ethereum?: unknown }).ethereum).toBeUndefined()
  renderPaywall()
  expect(await screen.findByText('No wallet found', undefined, { timeout: 10_000 })).toBeTruthy()
  const installed = document.querySelectorAll('[data-installed="true"]')
  expect(installed).toHaveLength(0)
  expect(screen.getByRole('button', { name: /^Pay / })).toHaveProperty('disabled', true)
})

test('a wallet only at window.ethereum: the generic browser wallet is offered, and connects', async () => {
  const wallet = createDevEvmWallet({
    rpcUrl: devnet.evm.rpcUrl,
    chainId: devnet.evm.chainId,
    privateKey: devnet.evm.devAccounts[3]!.privateKey as Hex,
  })
  ;(window as { ethereum?: unknown }).ethereum = wallet.provider
  renderPaywall()
  const button = await screen.findByRole('button', { name: 'Injected' }, { timeout: 10_000 })
  expect(button.getAttribute('data-installed')).toBe('true')
  expect(screen.queryByText('No wallet found')).toBeNull()
  await userEvent.setup().click(button)
  await waitFor(() => expect(screen.getByRole('button', { name: 'Disconnect' })).toBeTruthy(), {
    timeout: 10_000,
  })
})
