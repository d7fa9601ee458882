// @vitest-environment jsdom
/**
 * `useH402Payment` under `H402Provider` + `H402SolanaProvider`, paying the devnet's Solana routes
 * from a wallet-standard wallet (the development wallet over a devnet key) that wallet-adapter's
 * own `WalletProvider` discovers, in StrictMode. Checks what a person sees and what the chain
 * and the server saw: one request before the payment, one paid request, the price moved once.
 */
import { getAssociatedTokenAddressSync } from '@solana/spl-token'
import { Connection, PublicKey } from '@solana/web3.js'
import { QueryClient } from '@tanstack/react-query'
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react'
import { registerWallet } from '@wallet-standard/wallet'
import { StrictMode, useState, useSyncExternalStore } from 'react'
import { afterEach, beforeAll, describe, expect, test } from 'vitest'
import { createDevSolanaWallet } from '../../demo/wallets/createDevSolanaWallet.js'
import { H402Provider, useH402Context } from '../../src/react/index.js'
import { H402SolanaProvider } from '../../src/react-solana/index.js'
import { connectAndPay, devnet, HeadlessPaywall, requestCounts, uniqueUrl } from './harness.js'

const { solana } = devnet
const connection = new Connection(solana.rpcUrl, 'confirmed')
const account = solana.devAccounts[4]!
const owner = new PublicKey(account.address)

afterEach(cleanup)
beforeAll(() => {
  registerWallet(createDevSolanaWallet({ rpcUrl: solana.rpcUrl, secretKey: account.secretKey }))
})

async function usdcBalance(): Promise<bigint> {
  const ata = getAssociatedTokenAddressSync(new PublicKey(solana.usdcMint), owner)
  return BigInt((await connection.getTokenAccountBalance(ata)).value.amount)
}

function renderPaywall(url: string, endpoints?: Record<string, string>) {
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } })
  const rpc = endpoints ? { endpoints } : { endpoint: solana.rpcUrl }
  render(
    <StrictMode>
      <H402Provider config={{ queryClient }}>
        <H402SolanaProvider {...rpc} autoConnect={false}>
          <HeadlessPaywall url={url} />
        </H402SolanaProvider>
      </H402Provider>
    </StrictMode>,
  )
}

describe('useH402Payment with a wallet-standard Solana wallet', () => {
  test.each([
    ['x402 v2', '/x402v2/solana/usdc'],
    ['x402 v1', '/x402v1/solana/usdc'],
    ['h402', '/h402/solana/usdc'],
  ])('pays %s USDC once and shows the content and receipt', async (_name, path) => {
    const url = uniqueUrl(path)
    const before = await usdcBalance()
    renderPaywall(url)
    expect(await screen.findByText(/on Solana Devnet/, undefined, { timeout: 10_000 })).toBeTruthy()
    await connectAndPay()
    // An unknown mint's decimals come from the chain once a wallet is connected: 10000 atomic = 0.01.
    expect(screen.getByText(/^0\.01 /)).toBeTruthy()

    expect(screen.getByTestId('receipt').textContent).toMatch(/^[1-9A-HJ-NP-Za-km-z]{64,88}$/)
    expect((await screen.findByTestId('content')).textContent).toContain('"paid":true')
    expect(before - (await usdcBalance())).toBe(10_000n)
    expect(await requestCounts(url)).toEqual({ unpaid: 1, paid: 1 })
  })

  test("endpoints per cluster: pays through the endpoint of the quote's cluster", async () => {
    const url = uniqueUrl('/x402v2/solana/usdc')
    const before = await usdcBalance()
    // A cluster name for the key: the devnet's bankrun poses as Solana Devnet.
    renderPaywall(url, { devnet: solana.rpcUrl })
    await connectAndPay()
    expect(before - (await usdcBalance())).toBe(10_000n)
    expect(await requestCounts(url)).toEqual({ unpaid: 1, paid: 1 })
  })

  test('endpoints per cluster: a quote on a cluster with no endpoint cannot be paid', async () => {
    const url = uniqueUrl('/x402v2/solana/usdc')
    renderPaywall(url, { mainnet: solana.rpcUrl })
    const radio = await screen.findByRole('radio', undefined, { timeout: 10_000 })
    expect(radio).toHaveProperty('disabled', false)
    fireEvent.click(await screen.findByRole('button', { name: /^Connect / }))
    // Once the wallet's payer is there, the devnet option has no endpoint to be paid through.
    await waitFor(() => expect(screen.getByRole('radio')).toHaveProperty('disabled', true), {
      timeout: 10_000,
    })
    expect(screen.getByRole('button', { name: 'Pay' })).toHaveProperty('disabled', true)
    expect(await requestCounts(url)).toEqual({ unpaid: 1, paid: 0 })
  })

  test('an app re-rendering with inline endpoints keeps one connection and one payer', async () => {
    const url = uniqueUrl('/x402v2/solana/usdc')
    const payers = new Set<unknown>()
    render(<InlineEndpointsApp url={url} payers={payers} />)
    fireEvent.click(await screen.findByRole('button', { name: /^Connect / }))
    await screen.findByTestId('address')
    await waitFor(() => expect(payers.size).toBe(1), { timeout: 10_000 })
    for (let i = 1; i <= 3; i++) {
      fireEvent.click(screen.getByRole('button', { name: /^Render / }))
      await screen.findByRole('button', { name: `Render ${i}` })
    }
    expect(payers.size).toBe(1)
  })
})

/** An app that passes `endpoints` inline: a new object on each of its renders. */
function InlineEndpointsApp({ url, payers }: { url: string; payers: Set<unknown> }) {
  const [renders, setRenders] = useState(0)
  const [queryClient] = useState(() => new QueryClient())
  return (
    <H402Provider config={{ queryClient }}>
      <H402SolanaProvider endpoints={{ devnet: solana.rpcUrl }} autoConnect={false}>
        <button type="button" onClick={() => setRenders(renders + 1)}>
          Render {renders}
        </button>
        <SolanaPayerProbe payers={payers} />
        <HeadlessPaywall url={url} />
      </H402SolanaProvider>
    </H402Provider>
  )
}

/** Collects every Solana payer the bridge hands out. */
function SolanaPayerProbe({ payers }: { payers: Set<unknown> }) {
  const { wallets } = useH402Context()
  const payer = useSyncExternalStore(wallets.subscribe, wallets.getSnapshot).solana?.payer
  if (payer) payers.add(payer)
  return null
}
