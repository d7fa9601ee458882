// @vitest-environment jsdom
/**
 * The Solana wallet's signature prompt under what React and people do: StrictMode (one prompt,
 * one payment), the paywall unmounted and mounted again while the prompt is open (the same
 * payment), and the wallet disconnected while it is open (the paywall does not wait forever, and
 * the prompt's late "yes" is never sent). The wallet is the wallet-standard development wallet
 * over a devnet key, found by wallet-adapter's own `WalletProvider`; its prompts wait for the test.
 */
import { getAssociatedTokenAddressSync } from '@solana/spl-token'
import { useWallet } from '@solana/wallet-adapter-react'
import { Connection, PublicKey } from '@solana/web3.js'
import { QueryClient } from '@tanstack/react-query'
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react'
import { userEvent } from '@testing-library/user-event'
import { registerWallet } from '@wallet-standard/wallet'
import { type ReactNode, StrictMode, useState } from 'react'
import { afterEach, beforeAll, beforeEach, expect, test } from 'vitest'
import {
  createDevSolanaWallet,
  type DevSolanaRequest,
} from '../../demo/wallets/createDevSolanaWallet.js'
import { H402Paywall, H402Provider } from '../../src/index.js'
import { H402SolanaProvider } from '../../src/react-solana/index.js'
import { devnet, HeadlessPaywall, PRICE, requestCounts, uniqueUrl } from './harness.js'

const { solana } = devnet
const account = solana.devAccounts[1]!
const connection = new Connection(solana.rpcUrl, 'confirmed')

interface Prompt {
  request: DevSolanaRequest
  answer: (ok: boolean) => void
}
const prompts: Prompt[] = []
let notify: () => void = () => {}

/** Resolves with the `n`th signature prompt (1-based) once the wallet shows it. */
function prompt(n: number): Promise<Prompt> {
  return new Promise((resolve) => {
    const check = () => {
      if (prompts.length >= n) resolve(prompts[n - 1]!)
    }
    notify = check
    check()
  })
}

beforeAll(() => {
  registerWallet(
    createDevSolanaWallet({
      rpcUrl: solana.rpcUrl,
      secretKey: account.secretKey,
      name: 'Prompt Dev Wallet',
      approve: (request) => {
        if (request.feature === 'standard:connect') return true
        return new Promise<boolean>((resolve) => {
          prompts.push({ request, answer: resolve })
          notify()
        })
      },
    }),
  )
})
beforeEach(() => {
  prompts.length = 0
})
afterEach(cleanup)

async function usdcBalance(): Promise<bigint> {
  const ata = getAssociatedTokenAddressSync(
    new PublicKey(solana.usdcMint),
    new PublicKey(account.address),
  )
  return BigInt((await connection.getTokenAccountBalance(ata)).value.amount)
}

function renderApp(children: ReactNode) {
  return render(
    <StrictMode>
      <H402Provider config={{ queryClient: new QueryClient() }}>
        <H402SolanaProvider endpoint={solana.rpcUrl} autoConnect={false}>
          {children}
        </H402SolanaProvider>
      </H402Provider>
    </StrictMode>,
  )
}

const status = () => screen.getByTestId('status').textContent

/** Connects the development wallet from the headless paywall and waits for its balance. */
async function connect() {
  fireEvent.click(
    await screen.findByRole('button', { name: 'Connect Prompt Dev Wallet' }, { timeout: 10_000 }),
  )
  await screen.findByTestId('address', {}, { timeout: 10_000 })
  await screen.findByText(/balance/, undefined, { timeout: 10_000 })
}

/** Renders the real paywall, connects the prompting wallet and presses Pay. */
async function payWithRealPaywall(url: string) {
  const user = userEvent.setup()
  renderApp(
    <H402Paywall url={url}>
      <p data-testid="content">paid content</p>
    </H402Paywall>,
  )
  await user.click(
    await screen.findByRole('button', { name: /Prompt Dev Wallet/ }, { timeout: 10_000 }),
  )
  const pay = await screen.findByRole('button', { name: /^Pay 0\.01/ }, { timeout: 10_000 })
  await waitFor(() => expect((pay as HTMLButtonElement).disabled).toBe(false), { timeout: 10_000 })
  await user.click(pay)
  return user
}

test('StrictMode, the real paywall: one signature prompt, one paid request, the price moved once', async () => {
  const url = uniqueUrl('/x402v2/solana/usdc')
  const before = await usdcBalance()
  await payWithRealPaywall(url)
  const signature = await prompt(1)
  expect(signature.request.feature).toBe('solana:signTransaction')
  await act(async () => signature.answer(true))
  await screen.findByTestId('content', {}, { timeout: 30_000 })
  expect(prompts).toHaveLength(1)
  expect(before - (await usdcBalance())).toBe(PRICE.usdc)
  expect(await requestCounts(url)).toEqual({ unpaid: 1, paid: 1 })
})

/** A page whose paywall can be unmounted and mounted again, like a route change. */
function TogglePage({ url }: { url: string }) {
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

test('unmounted while the prompt is open and mounted again: the same payment, signed once', async () => {
  const url = uniqueUrl('/x402v2/solana/usdc')
  const before = await usdcBalance()
  renderApp(<TogglePage url={url} />)
  await connect()
  fireEvent.click(screen.getByRole('button', { name: 'Pay' }))
  const signature = await prompt(1)

  fireEvent.click(screen.getByRole('button', { name: 'Toggle' }))
  expect(screen.queryByTestId('status')).toBeNull()
  fireEvent.click(screen.getByRole('button', { name: 'Toggle' }))
  expect(status()).toBe('signing')

  await act(async () => signature.answer(true))
  await waitFor(() => expect(status()).toBe('settled'), { timeout: 30_000 })
  expect(prompts).toHaveLength(1)
  expect(before - (await usdcBalance())).toBe(PRICE.usdc)
  expect(await requestCounts(url)).toEqual({ unpaid: 1, paid: 1 })
})

/** The app's own "Disconnect", through wallet-adapter. */
function AppDisconnect() {
  const { disconnect } = useWallet()
  return (
    <button type="button" onClick={() => void disconnect()}>
      App disconnect
    </button>
  )
}

test('the wallet disconnected while its prompt is open: the paywall does not hang, and the late answer is never sent', async () => {
  const url = uniqueUrl('/x402v2/solana/usdc')
  const before = await usdcBalance()
  renderApp(
    <>
      <AppDisconnect />
      <HeadlessPaywall url={url} />
    </>,
  )
  await connect()
  fireEvent.click(screen.getByRole('button', { name: 'Pay' }))
  const first = await prompt(1)
  expect(status()).toBe('signing')

  fireEvent.click(screen.getByRole('button', { name: 'App disconnect' }))
  await waitFor(() => expect(status()).not.toBe('signing'), { timeout: 10_000 })

  await connect()
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
  expect(before - (await usdcBalance())).toBe(PRICE.usdc)
  // The intent was ended and the price fetched again (a second unpaid request); one payment.
  expect(await requestCounts(url)).toEqual({ unpaid: 2, paid: 1 })
})

test('the real paywall: "Cancel payment" while the prompt is open ends it; the late answer is never sent', async () => {
  const url = uniqueUrl('/x402v2/solana/usdc')
  const before = await usdcBalance()
  const user = await payWithRealPaywall(url)
  const first = await prompt(1)

  // A wallet that never answers: the person gives up here.
  await user.click(await screen.findByRole('button', { name: 'Cancel payment' }))
  const again = await screen.findByRole('button', { name: /^Pay 0\.01/ }, { timeout: 10_000 })
  await waitFor(() => expect((again as HTMLButtonElement).disabled).toBe(false), {
    timeout: 10_000,
  })
  expect(screen.queryByRole('button', { name: 'Cancel payment' })).toBeNull()
  await act(async () => first.answer(true))

  await user.click(again)
  const second = await prompt(2)
  await act(async () => second.answer(true))
  await screen.findByTestId('content', {}, { timeout: 30_000 })
  expect(prompts).toHaveLength(2)
  expect(before - (await usdcBalance())).toBe(PRICE.usdc)
  // The cancel fetched the price again (a second unpaid request); one payment, the second one.
  expect(await requestCounts(url)).toEqual({ unpaid: 2, paid: 1 })
})
