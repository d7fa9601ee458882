// @vitest-environment jsdom
/**
 * The real `<H402Paywall>` paying the devnet with the keyboard alone: Tab to the wallet, Enter,
 * Tab to "Pay 0.01 …", Enter, then the paid content and the receipt, with exactly the price moved
 * once. EVM through the app's wagmi wallet; Solana through a wallet-standard wallet.
 */
import { getAssociatedTokenAddressSync } from '@solana/spl-token'
import { Connection, PublicKey } from '@solana/web3.js'
import { QueryClient } from '@tanstack/react-query'
import { cleanup, render, screen, waitFor } from '@testing-library/react'
import { userEvent } from '@testing-library/user-event'
import { registerWallet } from '@wallet-standard/wallet'
import { afterEach, describe, expect, test, vi } from 'vitest'
import { createDevSolanaWallet } from '../../demo/wallets/createDevSolanaWallet.js'
import { H402Paywall, H402Provider } from '../../src/index.js'
import { H402SolanaProvider } from '../../src/react-solana/index.js'
import {
  devnet,
  fundedHardhatAccount,
  PRICE,
  renderWithProvider,
  requestCounts,
  uniqueUrl,
  usdcBalance,
} from './harness.js'

afterEach(cleanup)

/** Presses Tab until the focused element's accessible text matches, as a keyboard user would. */
async function tabTo(user: ReturnType<typeof userEvent.setup>, name: RegExp) {
  for (let presses = 0; presses < 40; presses++) {
    await user.tab()
    const focused = document.activeElement as HTMLElement | null
    const text = `${focused?.getAttribute('aria-label') ?? ''} ${focused?.textContent ?? ''}`
    if (name.test(text)) return focused!
  }
  throw new Error(`Nothing matching ${name} is reachable with Tab.`)
}

function Content({ response }: { response: Response }) {
  return <p data-testid="content">paid with status {response.status}</p>
}

describe('<H402Paywall> with the keyboard alone', () => {
  test('pays an x402 v2 route from a wagmi wallet and shows the content and the receipt', async () => {
    const account = await fundedHardhatAccount(19)
    const url = uniqueUrl('/x402v2/evm/usdc')
    const before = await usdcBalance(account)
    const user = userEvent.setup()
    const onSettled = vi.fn()
    renderWithProvider(
      <H402Paywall url={url} onSettled={onSettled}>
        {(response) => <Content response={response} />}
      </H402Paywall>,
      account,
    )
    await screen.findByRole('button', { name: /Mock Connector/ }, { timeout: 10_000 })
    await tabTo(user, /Mock Connector/)
    await user.keyboard('{Enter}')
    const pay = await screen.findByRole('button', { name: /^Pay 0\.01/ }, { timeout: 10_000 })
    await waitFor(() => expect((pay as HTMLButtonElement).disabled).toBe(false), {
      timeout: 10_000,
    })
    await tabTo(user, /^\s*Pay 0\.01/)
    await user.keyboard('{Enter}')

    expect((await screen.findByTestId('content', {}, { timeout: 30_000 })).textContent).toBe(
      'paid with status 200',
    )
    expect(onSettled).toHaveBeenCalledTimes(1)
    const receipt = onSettled.mock.calls[0]![0]
    expect(receipt.amount).toBe(PRICE.usdc)
    expect(screen.getByText(new RegExp(receipt.transaction.slice(0, 6)))).toBeTruthy()
    expect(before - (await usdcBalance(account))).toBe(PRICE.usdc)
    expect(await requestCounts(url)).toEqual({ unpaid: 1, paid: 1 })
  })

  test('pays an h402 USDC route from a wallet-standard Solana wallet', async () => {
    const { solana } = devnet
    const account = solana.devAccounts[3]!
    registerWallet(
      createDevSolanaWallet({
        rpcUrl: solana.rpcUrl,
        secretKey: account.secretKey,
        name: 'Keyboard Dev Wallet',
      }),
    )
    const connection = new Connection(solana.rpcUrl, 'confirmed')
    const owner = new PublicKey(account.address)
    const url = uniqueUrl('/h402/solana/usdc')
    const ata = getAssociatedTokenAddressSync(new PublicKey(solana.usdcMint), owner)
    const balance = async () => BigInt((await connection.getTokenAccountBalance(ata)).value.amount)
    const before = await balance()
    const user = userEvent.setup()
    render(
      <H402Provider config={{ queryClient: new QueryClient() }}>
        <H402SolanaProvider endpoint={solana.rpcUrl} autoConnect={false}>
          <H402Paywall url={url}>{(response) => <Content response={response} />}</H402Paywall>
        </H402SolanaProvider>
      </H402Provider>,
    )
    await screen.findByRole('button', { name: /Keyboard Dev Wallet/ }, { timeout: 10_000 })
    await tabTo(user, /Keyboard Dev Wallet/)
    await user.keyboard('{Enter}')
    const pay = await screen.findByRole('button', { name: /^Pay 0\.01/ }, { timeout: 10_000 })
    await waitFor(() => expect((pay as HTMLButtonElement).disabled).toBe(false), {
      timeout: 10_000,
    })
    await tabTo(user, /^\s*Pay 0\.01/)
    await user.keyboard('{Enter}')

    expect((await screen.findByTestId('content', {}, { timeout: 30_000 })).textContent).toBe(
      'paid with status 200',
    )
    expect(before - (await balance())).toBe(PRICE.usdc)
    expect(await requestCounts(url)).toEqual({ unpaid: 1, paid: 1 })
  })
})
