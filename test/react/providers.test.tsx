// @vitest-environment jsdom
/**
 * `H402Provider` and `H402SolanaProvider` reuse the app's providers: one wagmi connection, one
 * TanStack cache, the app's Solana `Connection` (its RPC), never a second context.
 */
import { ConnectionProvider, WalletProvider } from '@solana/wallet-adapter-react'
import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react'
import { registerWallet } from '@wallet-standard/wallet'
import { afterEach, expect, test } from 'vitest'
import { useConnection, WagmiProvider } from 'wagmi'
import { createDevSolanaWallet } from '../../demo/wallets/createDevSolanaWallet.js'
import { H402Provider } from '../../src/react/index.js'
import { H402SolanaProvider } from '../../src/react-solana/index.js'
import {
  chain,
  devnet,
  evm,
  fundedHardhatAccount,
  HeadlessPaywall,
  uniqueUrl,
  wagmiConfigFor,
} from './harness.js'

afterEach(cleanup)

function AppWalletStatus() {
  const connection = useConnection()
  return <p data-testid="app-wallet">{connection.status}</p>
}

test("the app's WagmiProvider and QueryClientProvider are the paywall's", async () => {
  const account = await fundedHardhatAccount(16)
  const queryClient = new QueryClient()
  render(
    <WagmiProvider config={wagmiConfigFor(account)} reconnectOnMount={false}>
      <QueryClientProvider client={queryClient}>
        <AppWalletStatus />
        <H402Provider>
          <HeadlessPaywall url={uniqueUrl('/x402v2/evm/usdc')} />
        </H402Provider>
      </QueryClientProvider>
    </WagmiProvider>,
  )
  fireEvent.click(await screen.findByRole('button', { name: /^Connect / }, { timeout: 10_000 }))
  // Connected through the paywall, seen by the app's own wagmi hooks: one connection.
  await waitFor(() => expect(screen.getByTestId('app-wallet').textContent).toBe('connected'))
  await screen.findByText(/balance/, undefined, { timeout: 10_000 })
  // The balance was read into the app's cache.
  expect(queryClient.getQueryCache().findAll({ queryKey: ['h402', 'balance'] }).length).toBe(1)
})

test("H402SolanaProvider reads through the app's Connection", async () => {
  const { solana } = devnet
  registerWallet(
    createDevSolanaWallet({
      rpcUrl: solana.rpcUrl,
      secretKey: solana.devAccounts[2]!.secretKey,
      name: 'Provider Dev Wallet',
    }),
  )
  const methods: string[] = []
  const counted: typeof fetch = async (input, init) => {
    methods.push((JSON.parse(String(init?.body)) as { method: string }).method)
    return fetch(input, init)
  }
  render(
    <ConnectionProvider
      endpoint={solana.rpcUrl}
      config={{ commitment: 'confirmed', fetch: counted }}
    >
      <WalletProvider wallets={[]}>
        <H402Provider>
          {/* No endpoint: it must not need one, since the app has a ConnectionProvider. */}
          <H402SolanaProvider>
            <HeadlessPaywall url={uniqueUrl('/x402v2/solana/usdc')} />
          </H402SolanaProvider>
        </H402Provider>
      </WalletProvider>
    </ConnectionProvider>,
  )
  fireEvent.click(
    await screen.findByRole('button', { name: 'Connect Provider Dev Wallet' }, { timeout: 10_000 }),
  )
  await screen.findByText(/balance/, undefined, { timeout: 10_000 })
  // The mint and the token account were read through the app's connection (its fetch).
  expect(methods).toContain('getAccountInfo')
})

test('walletConnectProjectId offers WalletConnect in the default config, and only then', async () => {
  const config = { chains: [chain] as const, rpcUrls: { [chain.id]: evm.rpcUrl } }
  const { unmount } = render(
    <H402Provider config={{ ...config, walletConnectProjectId: 'h402-test-project' }}>
      <HeadlessPaywall url={uniqueUrl('/x402v2/evm/usdc')} />
    </H402Provider>,
  )
  await screen.findByRole('button', { name: 'Connect WalletConnect' }, { timeout: 10_000 })
  unmount()

  render(
    <H402Provider config={config}>
      <HeadlessPaywall url={uniqueUrl('/x402v2/evm/usdc')} />
    </H402Provider>,
  )
  // The generic browser wallet is listed; WalletConnect is not.
  await screen.findAllByRole('button', { name: /^Connect / }, { timeout: 10_000 })
  expect(screen.queryByRole('button', { name: 'Connect WalletConnect' })).toBeNull()
})
