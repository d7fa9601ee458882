// @vitest-environment jsdom
/**
 * Apps re-render, and they write props inline: a new object on every render. None of that may
 * make a new payer (new connections, balances read again) or a new payment session (a new 402
 * request, a payment forgotten). Each test re-renders an app with inline props after its wallet is
 * connected and counts the payers the bridges hand out and the requests the server saw.
 */

import { QueryClient } from '@tanstack/react-query'
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react'
import { registerWallet } from '@wallet-standard/wallet'
import { useState, useSyncExternalStore } from 'react'
import type { Address } from 'viem'
import { afterEach, beforeAll, expect, test } from 'vitest'
import { createDevSolanaWallet } from '../../demo/wallets/createDevSolanaWallet.js'
import { solanaNetworkIds } from '../../src/core/networks/solanaNetworkIds.js'
import { H402Provider, useH402Context, type WalletNamespace } from '../../src/react/index.js'
import { H402SolanaProvider } from '../../src/react-solana/index.js'
import {
  devnet,
  fundedHardhatAccount,
  HeadlessPaywall,
  PRICE,
  requestCounts,
  uniqueUrl,
  usdcBalance,
  wagmiConfigFor,
} from './harness.js'

const { solana } = devnet

afterEach(cleanup)
beforeAll(() => {
  registerWallet(
    createDevSolanaWallet({
      rpcUrl: solana.rpcUrl,
      secretKey: solana.devAccounts[1]!.secretKey,
      name: 'Rerender Dev Wallet',
    }),
  )
})

/** Collects every payer the bridge of `namespace` hands out. */
function PayerProbe({ namespace, payers }: { namespace: WalletNamespace; payers: Set<unknown> }) {
  const { wallets } = useH402Context()
  const payer = useSyncExternalStore(wallets.subscribe, wallets.getSnapshot)[namespace]?.payer
  if (payer) payers.add(payer)
  return null
}

/** Clicks the app's "Render n" button three times, waiting for each render. */
async function renderAppThreeTimes() {
  for (let i = 1; i <= 3; i++) {
    fireEvent.click(screen.getByRole('button', { name: /^Render / }))
    await screen.findByRole('button', { name: `Render ${i}` })
  }
}

/** An app passing `networks` inline to H402SolanaProvider: a new array on each of its renders. */
function InlineNetworksApp({ url, payers }: { url: string; payers: Set<unknown> }) {
  const [renders, setRenders] = useState(0)
  const [queryClient] = useState(() => new QueryClient())
  return (
    <H402Provider config={{ queryClient }}>
      <H402SolanaProvider
        endpoint={solana.rpcUrl}
        networks={[solanaNetworkIds.devnet]}
        autoConnect={false}
      >
        <button type="button" onClick={() => setRenders(renders + 1)}>
          Render {renders}
        </button>
        <PayerProbe namespace="solana" payers={payers} />
        <HeadlessPaywall url={url} />
      </H402SolanaProvider>
    </H402Provider>
  )
}

/** An app passing the provider's config, the request and the callbacks inline. */
function InlineEvmApp(props: {
  url: string
  wagmiConfig: ReturnType<typeof wagmiConfigFor>
  queryClient: QueryClient
  payers: Set<unknown>
  events: string[]
}) {
  const [renders, setRenders] = useState(0)
  return (
    <H402Provider
      config={{
        wagmiConfig: props.wagmiConfig,
        queryClient: props.queryClient,
        policy: { caps: [{ asset: devnet.evm.usdc, max: 1_000_000n }] },
        messages: { 'pay.label': 'Pay {amount} {token} now' },
      }}
    >
      <button type="button" onClick={() => setRenders(renders + 1)}>
        Render {renders}
      </button>
      <PayerProbe namespace="evm" payers={props.payers} />
      <HeadlessPaywall
        url={props.url}
        init={{ headers: { 'x-app': 'rerender' } }}
        onEvent={(event) => props.events.push(event.type)}
      />
    </H402Provider>
  )
}

test('Solana: an app re-rendering with an inline `networks` list keeps one payer', async () => {
  const url = uniqueUrl('/x402v2/solana/usdc')
  const payers = new Set<unknown>()
  render(<InlineNetworksApp url={url} payers={payers} />)
  fireEvent.click(
    await screen.findByRole('button', { name: 'Connect Rerender Dev Wallet' }, { timeout: 10_000 }),
  )
  await screen.findByTestId('address', {}, { timeout: 10_000 })
  await waitFor(() => expect(payers.size).toBe(1), { timeout: 10_000 })
  await renderAppThreeTimes()
  expect(payers.size).toBe(1)
  expect(await requestCounts(url)).toEqual({ unpaid: 1, paid: 0 })
})

test('EVM: an app re-rendering with inline config, init and callbacks keeps one payer and one session, then pays once', async () => {
  const account: Address = await fundedHardhatAccount(15)
  const url = uniqueUrl('/x402v2/evm/usdc')
  const before = await usdcBalance(account)
  const payers = new Set<unknown>()
  const events: string[] = []
  const queryClient = new QueryClient()
  render(
    <InlineEvmApp
      url={url}
      wagmiConfig={wagmiConfigFor(account)}
      queryClient={queryClient}
      payers={payers}
      events={events}
    />,
  )
  fireEvent.click(await screen.findByRole('button', { name: /^Connect / }, { timeout: 10_000 }))
  await screen.findByTestId('address', {}, { timeout: 10_000 })
  await screen.findByText(/balance/, undefined, { timeout: 10_000 })
  await waitFor(() => expect(payers.size).toBe(1), { timeout: 10_000 })
  const balanceReads = () =>
    queryClient
      .getQueryCache()
      .findAll({ queryKey: ['h402', 'balance'] })
      .reduce((sum, query) => sum + query.state.dataUpdateCount, 0)
  const readsBefore = balanceReads()
  const statusBefore = screen.getByTestId('status').textContent

  await renderAppThreeTimes()
  expect(payers.size).toBe(1)
  expect(balanceReads()).toBe(readsBefore)
  // The same session: no second 402 request, and the events of that one session only.
  expect(await requestCounts(url)).toEqual({ unpaid: 1, paid: 0 })
  expect(screen.getByTestId('status').textContent).toBe(statusBefore)

  fireEvent.click(screen.getByRole('button', { name: 'Pay' }))
  await waitFor(() => expect(screen.getByTestId('status').textContent).toBe('settled'), {
    timeout: 30_000,
  })
  expect(before - (await usdcBalance(account))).toBe(PRICE.usdc)
  expect(await requestCounts(url)).toEqual({ unpaid: 1, paid: 1 })
  expect(events.filter((type) => type === 'settled')).toHaveLength(1)
  expect(events.filter((type) => type === 'payment-required')).toHaveLength(1)
})
