// @vitest-environment jsdom
/**
 * CORS: a server set up for x402 allows the app's own headers and the payment header, nothing
 * else. So the request the paywall sends first must be exactly the app's request (the same
 * headers as a plain `fetch` with the same `init`), and the paid one that request plus the
 * dialect's payment header, with the same method and body. A POST with the app's headers, paid
 * from each chain family.
 */
import { QueryClient } from '@tanstack/react-query'
import { cleanup, render, screen } from '@testing-library/react'
import { registerWallet } from '@wallet-standard/wallet'
import { StrictMode } from 'react'
import { afterEach, beforeAll, describe, expect, test } from 'vitest'
import { createDevSolanaWallet } from '../../demo/wallets/createDevSolanaWallet.js'
import { H402Provider } from '../../src/react/index.js'
import { H402SolanaProvider } from '../../src/react-solana/index.js'
import {
  connectAndPay,
  devnet,
  fundedHardhatAccount,
  HeadlessPaywall,
  loggedRequests,
  renderWithProvider,
  uniqueUrl,
} from './harness.js'

afterEach(cleanup)
beforeAll(() => {
  registerWallet(
    createDevSolanaWallet({
      rpcUrl: devnet.solana.rpcUrl,
      secretKey: devnet.solana.devAccounts[0]!.secretKey,
      name: 'Headers Dev Wallet',
    }),
  )
})

const body = JSON.stringify({ city: 'Lisbon', days: 3 })
/** The app's request: a POST with its own headers. */
const init = (): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', 'x-app-version': '7' },
  body,
})

function renderEvm(url: string, account: `0x${string}`) {
  renderWithProvider(<HeadlessPaywall url={url} init={init()} />, account)
}

function renderSolana(url: string) {
  render(
    <StrictMode>
      <H402Provider config={{ queryClient: new QueryClient() }}>
        <H402SolanaProvider endpoint={devnet.solana.rpcUrl} autoConnect={false}>
          <HeadlessPaywall url={url} init={init()} />
        </H402SolanaProvider>
      </H402Provider>
    </StrictMode>,
  )
}

describe('the requests to the resource carry only what the app passed, plus the payment header', () => {
  test.each([
    ['x402 v2 on EVM', '/x402v2/evm/usdc', 'payment-signature'],
    ['x402 v1 on Solana', '/x402v1/solana/usdc', 'x-payment'],
    ['h402 on Solana', '/h402/solana/usdc', 'x-payment'],
  ])('%s', async (name, path, paymentHeader) => {
    // What a plain fetch of the same request sends, to another URL of the same route.
    const control = uniqueUrl(path)
    expect((await fetch(control, init())).status).toBe(402)
    const [plain] = await loggedRequests(control)

    const url = uniqueUrl(path)
    if (name.endsWith('EVM')) renderEvm(url, await fundedHardhatAccount(10))
    else renderSolana(url)
    await connectAndPay()

    const [first, paid, ...more] = await loggedRequests(url)
    expect(more).toEqual([])
    expect(first!.method).toBe('POST')
    expect(first!.headers).toEqual(plain!.headers)
    expect(paid!.method).toBe('POST')
    const { [paymentHeader]: payment, ...rest } = paid!.headers
    expect(payment).toBeTruthy()
    expect(rest).toEqual(first!.headers)
    // The body reached the server with the paid request, as the app wrote it.
    const shown = await screen.findByTestId('content', {}, { timeout: 10_000 })
    const content = JSON.parse(shown.textContent!) as {
      paid: boolean
      method: string
      body: string
      contentType: string
    }
    expect(content).toMatchObject({
      paid: true,
      method: 'POST',
      body,
      contentType: 'application/json',
    })
  })
})
