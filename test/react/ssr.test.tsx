// @vitest-environment node
/**
 * Server rendering with the whole kit as an app sets it up: `H402Provider` making its own wagmi
 * config (chains and RPC URLs), `H402SolanaProvider` making wallet-adapter's providers, the
 * paywall given the 402 up front, and the drop-in page. On a server there is no `window`: the HTML
 * must have the price, description and options, no wallet state, and nothing may be fetched.
 */
import { renderToString } from 'react-dom/server'
import { expect, test } from 'vitest'
import { parsePaymentRequired } from '../../src/core/index.js'
import { H402Paywall, H402Provider } from '../../src/index.js'
import { H402PaywallPage } from '../../src/page/index.js'
import { H402SolanaProvider } from '../../src/react-solana/index.js'
import { chain, devnet, evm, requestCounts, uniqueUrl } from './harness.js'

test('the kit with its own wagmi config and Solana providers renders on a server with no window', async () => {
  expect(typeof window).toBe('undefined')
  expect(typeof document).toBe('undefined')
  // A 402 offering EVM USDC or Solana USDC, read on the server as an app's loader would.
  const paymentRequired = await parsePaymentRequired(await fetch(uniqueUrl('/x402v1/multi')))
  const url = uniqueUrl('/x402v1/multi')
  const app = (
    <H402Provider config={{ chains: [chain], rpcUrls: { [chain.id]: evm.rpcUrl } }}>
      <H402SolanaProvider endpoint={devnet.solana.rpcUrl}>
        <H402Paywall url={url} paymentRequired={paymentRequired}>
          <p>the paid report</p>
        </H402Paywall>
      </H402SolanaProvider>
    </H402Provider>
  )
  const html = renderToString(app)
  expect(html).toContain('x402 v1, EVM USDC or Solana USDC')
  expect(html).toMatch(/on Hardhat/)
  expect(html).toMatch(/on Solana Devnet/)
  // Wallets are the browser's: a placeholder, neither "No wallet found" nor the paid content.
  expect(html).toContain('Connect wallet')
  expect(html).not.toContain('No wallet found')
  expect(html).not.toContain('the paid report')
  // Rendering fetched nothing: the 402 is requested by the browser, once, after hydration.
  expect(await requestCounts(url)).toEqual({ unpaid: 0, paid: 0 })
  // Nothing of one render leaks into the next (no module-level state keyed to a visitor).
  expect(renderToString(app)).toBe(html)
})

test('the drop-in page renders its shell on a server and reads window only in the browser', () => {
  const html = renderToString(
    <H402Provider>
      <H402PaywallPage url={uniqueUrl('/x402v1/evm/usdc')} />
    </H402Provider>,
  )
  expect(html).toContain('aria-busy="true"')
  expect(html).toContain('h402-page')
})
