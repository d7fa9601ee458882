// @vitest-environment jsdom
/**
 * Wallets change under a paywall: a person locks the wallet while its signature prompt is open,
 * switches to another wallet before paying, or has the wallet on another network. The wallets are
 * the EIP-6963 development wallet (a real EIP-1193 provider over a devnet key) that wagmi
 * discovers as a dapp would; each test checks what the person sees, the signatures the wallet
 * was asked for and the money that moved.
 */
import { QueryClient } from '@tanstack/react-query'
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react'
import { userEvent } from '@testing-library/user-event'
import type { ReactNode } from 'react'
import type { Address, Hex } from 'viem'
import { afterEach, expect, test } from 'vitest'
import { createConfig, http } from 'wagmi'
import { announceEip6963Provider } from '../../demo/wallets/announceEip6963Provider.js'
import {
  createDevEvmWallet,
  type DevEvmWallet,
  type DevWalletRequest,
} from '../../demo/wallets/createDevEvmWallet.js'
import { H402Paywall, H402Provider } from '../../src/index.js'
import {
  chain,
  devnet,
  fundedHardhatAccount,
  HeadlessPaywall,
  PRICE,
  requestCounts,
  uniqueUrl,
  usdcBalance,
} from './harness.js'

const stops: (() => void)[] = []
afterEach(() => {
  cleanup()
  for (const stop of stops.splice(0)) stop()
})

/** A wallet prompt, answered by the test. */
interface Prompt {
  request: DevWalletRequest
  answer: (ok: boolean) => void
}

/** A development wallet announced by EIP-6963 whose signature prompts wait for the test. */
function promptingWallet(index: number, name: string, initialChainId?: number) {
  const prompts: Prompt[] = []
  let notify: () => void = () => {}
  const wallet: DevEvmWallet = createDevEvmWallet({
    rpcUrl: devnet.evm.rpcUrl,
    chainId: devnet.evm.chainId,
    ...(initialChainId === undefined ? {} : { initialChainId }),
    privateKey: devnet.evm.devAccounts[index]!.privateKey as Hex,
    name,
    rdns: `dev.h402.${name.toLowerCase().replace(/\W+/g, '-')}`,
    approve: (request) => {
      if (
        request.method !== 'eth_signTypedData_v4' &&
        request.method !== 'wallet_switchEthereumChain'
      )
        return true
      return new Promise<boolean>((resolve) => {
        prompts.push({ request, answer: resolve })
        notify()
      })
    },
  })
  stops.push(announceEip6963Provider(wallet))
  /** Resolves with the `n`th prompt (1-based) once the wallet shows it. */
  const prompt = (n: number) =>
    new Promise<Prompt>((resolve) => {
      const check = () => {
        if (prompts.length >= n) resolve(prompts[n - 1]!)
      }
      notify = check
      check()
    })
  return { wallet, prompts, prompt, address: wallet.address as Address }
}

function renderWithDiscovery(children: ReactNode) {
  const wagmiConfig = createConfig({
    chains: [chain],
    connectors: [],
    transports: { [chain.id]: http(devnet.evm.rpcUrl) },
  })
  return render(
    <H402Provider config={{ wagmiConfig, queryClient: new QueryClient() }}>
      {children}
    </H402Provider>,
  )
}

const status = () => screen.getByTestId('status').textContent

test('the wallet is locked while its signature prompt is open: the paywall does not hang, and the late answer is never sent', async () => {
  const { wallet, prompt, prompts, address } = promptingWallet(0, 'Locking Dev Wallet')
  const url = uniqueUrl('/x402v2/evm/usdc')
  const before = await usdcBalance(address)
  renderWithDiscovery(<HeadlessPaywall url={url} />)
  fireEvent.click(
    await screen.findByRole('button', { name: 'Connect Locking Dev Wallet' }, { timeout: 10_000 }),
  )
  await screen.findByText(/balance/, undefined, { timeout: 10_000 })
  fireEvent.click(screen.getByRole('button', { name: 'Pay' }))
  const first = await prompt(1)
  expect(status()).toBe('signing')

  // The person locks the wallet ("disconnect this site"); the prompt stays unanswered.
  act(() => wallet.lock())
  await waitFor(() => expect(status()).not.toBe('signing'), { timeout: 10_000 })
  expect(screen.queryByTestId('address')).toBeNull()

  // Connected again, the person pays; the old prompt's late "yes" is dropped.
  fireEvent.click(
    await screen.findByRole('button', { name: 'Connect Locking Dev Wallet' }, { timeout: 10_000 }),
  )
  await screen.findByTestId('address', {}, { timeout: 10_000 })
  await act(async () => first.answer(true))
  await waitFor(
    () => expect(screen.getByRole('button', { name: 'Pay' })).toHaveProperty('disabled', false),
    { timeout: 10_000 },
  )
  fireEvent.click(screen.getByRole('button', { name: 'Pay' }))
  const second = await prompt(2)
  await act(async () => second.answer(true))
  await waitFor(() => expect(status()).toBe('settled'), { timeout: 30_000 })

  expect(prompts).toHaveLength(2)
  expect(before - (await usdcBalance(address))).toBe(PRICE.usdc)
  // The intent was ended and the price fetched again (a second unpaid request); one payment.
  expect(await requestCounts(url)).toEqual({ unpaid: 2, paid: 1 })
})

test('switching to another wallet before paying: its balance is shown, and it pays, not the first', async () => {
  const a = promptingWallet(1, 'First Dev Wallet')
  const b = promptingWallet(2, 'Second Dev Wallet')
  // devAccounts[2] is Hardhat account 5: more USDC, so the balance shown tells whose it is.
  await fundedHardhatAccount(5, 123_456n)
  const url = uniqueUrl('/x402v2/evm/usdc')
  const beforeA = await usdcBalance(a.address)
  const beforeB = await usdcBalance(b.address)
  expect(beforeA).not.toBe(beforeB)
  renderWithDiscovery(<HeadlessPaywall url={url} />)
  fireEvent.click(
    await screen.findByRole('button', { name: 'Connect First Dev Wallet' }, { timeout: 10_000 }),
  )
  await screen.findByText(`(balance ${beforeA})`, { exact: false }, { timeout: 10_000 })

  // The app's own "switch wallet": disconnect, then the other one.
  await act(async () => {
    a.wallet.lock()
  })
  fireEvent.click(
    await screen.findByRole('button', { name: 'Connect Second Dev Wallet' }, { timeout: 10_000 }),
  )
  await waitFor(() => expect(screen.getByTestId('address').textContent).toBe(b.address), {
    timeout: 10_000,
  })
  await screen.findByText(`(balance ${beforeB})`, { exact: false }, { timeout: 10_000 })

  fireEvent.click(screen.getByRole('button', { name: 'Pay' }))
  await act(async () => (await b.prompt(1)).answer(true))
  await waitFor(() => expect(status()).toBe('settled'), { timeout: 30_000 })
  expect(a.prompts).toHaveLength(0)
  expect(beforeB - (await usdcBalance(b.address))).toBe(PRICE.usdc)
  expect(await usdcBalance(a.address)).toBe(beforeA)
  expect(await requestCounts(url)).toEqual({ unpaid: 1, paid: 1 })
})

test('a wallet on another network: "Switch network", the switch is asked before the signature, and a refused switch signs nothing', async () => {
  const { prompt, prompts, address } = promptingWallet(3, 'Mainnet Dev Wallet', 1)
  const url = uniqueUrl('/x402v2/evm/usdc')
  const before = await usdcBalance(address)
  const user = userEvent.setup()
  renderWithDiscovery(<H402Paywall url={url} />)
  await user.click(
    await screen.findByRole('button', { name: /Mainnet Dev Wallet/ }, { timeout: 10_000 }),
  )
  const pay = await screen.findByRole('button', { name: /^Pay 0\.01/ }, { timeout: 10_000 })
  await waitFor(() => expect(pay.getAttribute('data-network')).toBe('switch'), {
    timeout: 10_000,
  })
  expect(pay.getAttribute('aria-describedby')).toBeTruthy()
  expect(document.getElementById(pay.getAttribute('aria-describedby')!)?.textContent).toMatch(
    /^Switch network/,
  )

  // Refused: nothing signed, back at the choice with "Switch network" as the next action.
  await user.click(pay)
  const refused = await prompt(1)
  expect(refused.request.method).toBe('wallet_switchEthereumChain')
  await act(async () => refused.answer(false))
  const error = await screen.findByText(/rejected|declined|refused/i, undefined, {
    timeout: 10_000,
  })
  expect(error).toBeTruthy()
  expect(prompts).toHaveLength(1)

  // Accepted: the switch, then one signature, then the content.
  await user.click(await screen.findByRole('button', { name: /^Pay 0\.01|Switch network/ }))
  await act(async () => (await prompt(2)).answer(true))
  const signature = await prompt(3)
  expect(signature.request.method).toBe('eth_signTypedData_v4')
  await act(async () => signature.answer(true))
  await waitFor(() => expect(document.querySelector('[data-status="settled"]')).toBeTruthy(), {
    timeout: 30_000,
  })
  expect(prompts.map((entry) => entry.request.method)).toEqual([
    'wallet_switchEthereumChain',
    'wallet_switchEthereumChain',
    'eth_signTypedData_v4',
  ])
  expect(before - (await usdcBalance(address))).toBe(PRICE.usdc)
  expect(await requestCounts(url)).toEqual({ unpaid: 1, paid: 1 })
})
