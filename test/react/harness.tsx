/**
 * The React kit's end-to-end harness: the real provider over a real wagmi config whose `mock`
 * connector is a Hardhat account unlocked in the devnet's node (the node signs, as a browser
 * wallet would), and a headless paywall built on `useH402Payment`, the way an app builds its own
 * UI. Nothing here stands in for the kit: the sessions, payers and chains are the real ones.
 */
import { QueryClient } from '@tanstack/react-query'
import { fireEvent, render, screen, waitFor } from '@testing-library/react'
import { type ReactNode, StrictMode } from 'react'
import {
  type Address,
  createPublicClient,
  createWalletClient,
  defineChain,
  erc20Abi,
  http,
} from 'viem'
import { mnemonicToAccount, privateKeyToAccount } from 'viem/accounts'
import { expect, inject } from 'vitest'
import { createConfig, mock } from 'wagmi'
import { formatAmount } from '../../src/core/amount/formatAmount.js'
import {
  H402Provider,
  type UseH402PaymentParameters,
  useH402Payment,
} from '../../src/react/index.js'
import { mintAbi } from '../devnet/evm/abi.js'
import type { RequestLogEntry } from '../devnet/server/index.js'

// jsdom runs modules as a browser would (import.meta.url is not a file), so this harness imports
// nothing that touches the file system: the devnet's helpers stay in Node.
export const devnet = inject('devnet')
export const { evm } = devnet
export const PRICE = { usdc: 10_000n } as const

export const chain = defineChain({
  id: evm.chainId,
  name: 'Hardhat devnet',
  nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
  rpcUrls: { default: { http: [evm.rpcUrl] } },
  testnet: true,
})
const publicClient = createPublicClient({ chain, transport: http(evm.rpcUrl), pollingInterval: 50 })

/** The USDC balance of an address, on chain. */
export function usdcBalance(owner: Address): Promise<bigint> {
  return publicClient.readContract({
    address: evm.usdc,
    abi: erc20Abi,
    functionName: 'balanceOf',
    args: [owner],
  })
}

/** A demo-server URL no other test uses, so its request log is this test's alone. */
export function uniqueUrl(path: string): string {
  return `${devnet.serverUrl}${path}?run=${Math.random().toString(16).slice(2)}`
}

/** The demo server's log of the requests to `url`, oldest first. */
export async function loggedRequests(url: string): Promise<RequestLogEntry[]> {
  const marker = new URL(url).search
  const log = (await (await fetch(`${devnet.serverUrl}/_requests`)).json()) as RequestLogEntry[]
  return log.filter((entry) => entry.path.includes(marker))
}

/** The demo server's log of the requests to `url`: `[unpaid, paid]` counts. */
export async function requestCounts(url: string): Promise<{ unpaid: number; paid: number }> {
  const marker = new URL(url).search
  const log = (await (await fetch(`${devnet.serverUrl}/_requests`)).json()) as RequestLogEntry[]
  const mine = log.filter((entry) => entry.path.includes(marker))
  const paid = mine.filter(
    (entry) => entry.headers['payment-signature'] ?? entry.headers['x-payment'],
  )
  return { unpaid: mine.length - paid.length, paid: paid.length }
}

// Hardhat's well-known development mnemonic: its accounts are unlocked in the node.
const hardhatMnemonic = 'test test test test test test test test test test test junk'

/** A wagmi config like an app's, with the devnet chain and a mock wallet for `account`. */
export function wagmiConfigFor(account: Address) {
  return createConfig({
    chains: [chain],
    connectors: [mock({ accounts: [account], features: { reconnect: false } })],
    transports: { [chain.id]: http(evm.rpcUrl) },
    multiInjectedProviderDiscovery: false,
  })
}

/** Hardhat account `index` (unlocked in the node), funded with `usdc` atomic units. */
export async function fundedHardhatAccount(index: number, usdc = 1_000_000n): Promise<Address> {
  const { address } = mnemonicToAccount(hardhatMnemonic, { addressIndex: index })
  const deployer = createWalletClient({
    account: privateKeyToAccount(evm.deployerKey),
    chain,
    transport: http(evm.rpcUrl),
  })
  await deployer.writeContract({
    address: evm.usdc,
    abi: mintAbi,
    functionName: 'mint',
    args: [address, usdc],
  })
  return address
}

/** Renders `children` under the kit's provider and the app's wagmi config, in StrictMode. */
export function renderWithProvider(children: ReactNode, account: Address) {
  const wagmiConfig = wagmiConfigFor(account)
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } })
  return render(
    <StrictMode>
      <H402Provider config={{ wagmiConfig, queryClient }}>{children}</H402Provider>
    </StrictMode>,
  )
}

/**
 * Renders `children` under the kit's provider with its own wagmi config (made from `chains` and
 * `rpcUrls`, wallets found as a browser's are: EIP-6963, `window.ethereum`), as an app without
 * wagmi of its own has it.
 */
export function renderWithKitWagmi(children: ReactNode) {
  return render(
    <H402Provider
      config={{
        chains: [chain],
        rpcUrls: { [chain.id]: evm.rpcUrl },
        queryClient: new QueryClient(),
      }}
    >
      {children}
    </H402Provider>,
  )
}

/**
 * A headless paywall: what an app writes on `useH402Payment` when it wants its own UI. It reads the
 * paid body as text unless given its own `parse`.
 */
export function HeadlessPaywall(props: UseH402PaymentParameters<string>) {
  const payment = useH402Payment({ parse: (response) => response.text(), ...props })
  const { status, selected, wallet, receipt, error } = payment
  return (
    <div>
      <p data-testid="status">{status}</p>
      {error && (
        <p role="alert">
          {error.shortMessage} {error.details}
        </p>
      )}
      <ul>
        {payment.options.map((entry) => (
          <li key={entry.id}>
            <label>
              <input
                type="radio"
                name="option"
                checked={selected?.id === entry.id}
                disabled={!entry.eligible}
                onChange={() => payment.select(entry.id)}
              />
              {entry.decimals === undefined
                ? `${entry.option.amount} units`
                : `${formatAmount(entry.option.amount, entry.decimals)} ${entry.option.asset.symbol ?? 'tokens'}`}{' '}
              on {entry.option.network.name}
              {entry.balance !== undefined && ` (balance ${entry.balance})`}
            </label>
          </li>
        ))}
      </ul>
      {wallet?.status === 'connected' ? (
        <p data-testid="address">{wallet.address}</p>
      ) : (
        wallet?.wallets.map((choice) => (
          <button key={choice.id} type="button" onClick={() => payment.connect(choice.id)}>
            Connect {choice.name}
          </button>
        ))
      )}
      <button
        type="button"
        disabled={!selected || status === 'settled'}
        onClick={() => payment.pay()}
      >
        Pay
      </button>
      {receipt && <p data-testid="receipt">{receipt.transaction}</p>}
      {payment.data !== undefined && <p data-testid="content">{payment.data}</p>}
      {payment.dataError !== undefined && (
        <p data-testid="data-error">{String(payment.dataError)}</p>
      )}
    </div>
  )
}

/** Connects the mock wallet, waits for the balance, pays, and waits for the content. */
export async function connectAndPay() {
  fireEvent.click(await screen.findByRole('button', { name: /^Connect / }))
  await screen.findByTestId('address')
  await screen.findByText(/balance/, undefined, { timeout: 10_000 })
  fireEvent.click(screen.getByRole('button', { name: 'Pay' }))
  await waitFor(() => expect(screen.getByTestId('status').textContent).toBe('settled'), {
    timeout: 30_000,
  })
}
