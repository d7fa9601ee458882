// @vitest-environment jsdom
/**
 * A person who connected a wallet on an earlier visit comes back: the kit's own `WagmiProvider`
 * restores the connection, and the paywall is ready to pay without asking the wallet anything.
 * Until wagmi has restored it (its mount effect first discovers the EIP-6963 wallets, then
 * reconnects), the Connect part says "Restoring your wallet…": never "No wallet found", never the
 * wallet list or "Connecting…", which would ask the person to choose a wallet already chosen.
 * A first visit (nothing stored) gets the wallet list, with no "Restoring" and no "No wallet found"
 * before the wallets have announced themselves.
 */
import { QueryClient } from '@tanstack/react-query'
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react'
import { StrictMode } from 'react'
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
  localStorage.clear()
})

/**
 * A page load with the kit's own wagmi config (made from `chains` and `rpcUrls`): a new config,
 * its state restored from localStorage, and a new provider.
 */
function loadPage(url: string, paymentRequired?: PaymentRequired, strict = false) {
  const page = (
    <H402Provider
      config={{
        chains: [chain],
        rpcUrls: { [chain.id]: devnet.evm.rpcUrl },
        queryClient: new QueryClient(),
      }}
    >
      <H402Paywall url={url} {...(paymentRequired ? { paymentRequired } : {})} />
    </H402Provider>
  )
  return render(strict ? <StrictMode>{page}</StrictMode> : page)
}

/**
 * Every text the page shows from now on, however briefly: the nodes React adds and removes, and
 * the old values of text it changes in place, as the DOM's own mutation records keep them (a
 * state committed and replaced within one task is still recorded). `stop` returns them.
 */
function recordTexts(): { stop(): string[] } {
  const texts = new Set<string>()
  const add = (text: string | null | undefined) => {
    if (text) texts.add(text)
  }
  const keep = (records: MutationRecord[]) => {
    for (const record of records) {
      if (record.type === 'characterData') {
        add(record.oldValue)
        add(record.target.textContent)
      }
      for (const node of [...record.addedNodes, ...record.removedNodes]) add(node.textContent)
    }
  }
  const observer = new MutationObserver(keep)
  observer.observe(document.body, {
    subtree: true,
    childList: true,
    characterData: true,
    characterDataOldValue: true,
  })
  return {
    stop() {
      keep(observer.takeRecords())
      observer.disconnect()
      add(document.body.textContent)
      return [...texts]
    },
  }
}

const shown = (texts: string[], text: string) => texts.some((each) => each.includes(text))

function devWallet(name: string, rdns: string, account: number, prompts: DevWalletRequest[]) {
  const wallet = createDevEvmWallet({
    rpcUrl: devnet.evm.rpcUrl,
    chainId: devnet.evm.chainId,
    privateKey: devnet.evm.devAccounts[account]!.privateKey as Hex,
    name,
    rdns,
    approve: (request) => {
      prompts.push(request)
      return true
    },
  })
  stops.push(announceEip6963Provider(wallet))
}

for (const strict of [false, true])
  test(`a wallet connected on an earlier visit is restored: "Restoring your wallet…", then connected and ready to pay, nothing asked${strict ? ' (StrictMode)' : ''}`, async () => {
    const prompts: DevWalletRequest[] = []
    devWallet('Restore Dev Wallet', 'dev.h402.restore', 3, prompts)
    const url = uniqueUrl('/x402v2/evm/usdc')

    // The earlier visit: the person connects.
    const first = loadPage(url, undefined, strict)
    fireEvent.click(
      await screen.findByRole('button', { name: /Restore Dev Wallet/ }, { timeout: 10_000 }),
    )
    await screen.findByRole('button', { name: 'Disconnect' }, { timeout: 10_000 })
    first.unmount()
    const asked = prompts.length

    // Coming back to a page rendered with the 402 (as on a server): its options and wallet part
    // show at once.
    const paymentRequired = await parsePaymentRequired(await fetch(uniqueUrl('/x402v2/evm/usdc')))
    const recording = recordTexts()
    loadPage(url, paymentRequired, strict)
    await screen.findByRole('button', { name: 'Disconnect' }, { timeout: 10_000 })
    await waitFor(
      () => expect(screen.getByRole('button', { name: /^Pay / })).toHaveProperty('disabled', false),
      { timeout: 10_000 },
    )
    const texts = recording.stop()
    expect(shown(texts, 'Restoring your wallet…')).toBe(true)
    expect(shown(texts, 'No wallet found')).toBe(false)
    expect(shown(texts, 'Connecting…')).toBe(false)
    expect(shown(texts, 'Choose the wallet to pay with.')).toBe(false)
    expect(screen.queryByRole('button', { name: /Restore Dev Wallet/ })).toBeNull()
    expect(screen.getByText(/Connected with Restore Dev Wallet/)).toBeTruthy()
    // Restoring asked the wallet nothing a person would see.
    expect(prompts.slice(asked)).toEqual([])
  })

test('a first visit (no stored connection): the wallet list, no "Restoring" or "Connecting…" until a click', async () => {
  const prompts: DevWalletRequest[] = []
  devWallet('Fresh Dev Wallet', 'dev.h402.fresh', 4, prompts)
  const paymentRequired = await parsePaymentRequired(await fetch(uniqueUrl('/x402v2/evm/usdc')))
  const recording = recordTexts()
  loadPage(uniqueUrl('/x402v2/evm/usdc'), paymentRequired)
  const button = await screen.findByRole(
    'button',
    { name: /Fresh Dev Wallet/ },
    { timeout: 10_000 },
  )
  await waitFor(() => expect(button).toHaveProperty('disabled', false), { timeout: 10_000 })
  expect(screen.getByText('Choose the wallet to pay with.')).toBeTruthy()
  const texts = recording.stop()
  expect(shown(texts, 'Restoring your wallet…')).toBe(false)
  // Before wagmi's mount effect has listed the EIP-6963 wallets, the list is not "no wallet".
  expect(shown(texts, 'No wallet found')).toBe(false)
  // wagmi's quiet try of the wallets on mount is no connection the person asked for.
  expect(shown(texts, 'Connecting…')).toBe(false)

  fireEvent.click(button)
  await screen.findByText('Connecting…')
  await screen.findByRole('button', { name: 'Disconnect' }, { timeout: 10_000 })
  // The wallet asked the person once, for that click.
  expect(prompts).toHaveLength(1)
})
