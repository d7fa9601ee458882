/**
 * The live demo: the real `<H402Paywall>` under `H402Provider` + `H402SolanaProvider`, paying the
 * devnet's demo server with the development wallets. The wagmi config discovers wallets by
 * EIP-6963 only, so the EVM dev wallet is listed under its own name, as a real one would be.
 */
import { QueryClient } from '@tanstack/react-query'
import { type ReactNode, useEffect, useState } from 'react'
import { createConfig, http } from 'wagmi'
import { devnetEvmChain } from '../../demo/devnet/devnetEvmChain.js'
import type { DevnetInfo } from '../../demo/devnet/devnetInfo.js'
import type { TokenInfo } from '../../src/core/networks/tokens.js'
import { H402Provider } from '../../src/react/index.js'
import { H402SolanaProvider } from '../../src/react-solana/index.js'
import { H402Paywall } from '../../src/ui/index.js'

export interface LiveDemoProps {
  /** The running devnet, or none (a static build): then a message says how to start one. */
  devnet: DevnetInfo | undefined
  /** A demo route, e.g. `/x402v2/evm/usdc`. */
  path: string
  variant?: 'inline' | 'modal'
  theme?: 'light' | 'dark' | 'system'
  locale?: string
  /** MSW answers instead of a devnet: say so above the paywall. */
  mocked?: boolean
}

/**
 * The devnet's tokens, as an app declares the tokens it sells in (`parseOptions.tokens`): their
 * symbols and decimals show at once. (They are still marked "Unverified token": chain 31337's
 * contracts are in no registry, and `verified` reads the kit's registry only.)
 */
function devnetTokens(devnet: DevnetInfo): TokenInfo[] {
  const evm = `eip155:${devnet.evm.chainId}`
  const usdc = { symbol: 'USDC', decimals: 6, usd: true }
  return [
    { ...usdc, network: evm, address: devnet.evm.usdc, eip712: { name: 'USD Coin', version: '2' } },
    { network: evm, address: devnet.evm.usdt, symbol: 'USDT', decimals: 18, usd: true },
    { ...usdc, network: devnet.solana.network, address: devnet.solana.usdcMint },
    {
      network: devnet.solana.network,
      address: devnet.solana.token2022Mint,
      symbol: 'T22',
      decimals: 6,
      usd: false,
    },
  ]
}

function makeConfig(devnet: DevnetInfo) {
  const chain = devnetEvmChain(devnet)
  return {
    parseOptions: { tokens: devnetTokens(devnet) },
    wagmiConfig: createConfig({
      chains: [chain],
      connectors: [],
      multiInjectedProviderDiscovery: true,
      transports: { [chain.id]: http(devnet.evm.rpcUrl) },
      // Each story starts disconnected: the visitor connects the dev wallet, as on a real site.
      storage: null,
    }),
    queryClient: new QueryClient({ defaultOptions: { queries: { retry: false } } }),
  }
}

/** The paywall of one demo route, paid for real on the devnet. */
export function LiveDemo({
  devnet,
  path,
  variant = 'inline',
  theme,
  locale,
  mocked,
}: LiveDemoProps) {
  if (!devnet) return <NoDevnet path={path} />
  return (
    <LiveProviders devnet={devnet}>
      {mocked ? <MockedNote /> : null}
      <H402Paywall
        url={`${devnet.serverUrl}${path}`}
        variant={variant}
        {...(theme ? { theme } : {})}
        {...(locale ? { locale } : {})}
      >
        {(response) => <PaidContent response={response} />}
      </H402Paywall>
    </LiveProviders>
  )
}

/** The kit's providers for the devnet, as an app would set them up. */
export function LiveProviders({ devnet, children }: { devnet: DevnetInfo; children: ReactNode }) {
  const [config] = useState(() => makeConfig(devnet))
  return (
    <H402Provider config={config}>
      <H402SolanaProvider endpoint={devnet.solana.rpcUrl} autoConnect={false}>
        {children}
      </H402SolanaProvider>
    </H402Provider>
  )
}

/** What the demo server delivers once paid (its JSON body, read once). */
export function PaidContent({ response }: { response: Response }) {
  const [body, setBody] = useState<{ paid?: boolean; route?: string; dialect?: string }>()
  useEffect(() => {
    let live = true
    response
      .clone()
      .json()
      .then(
        (json: { paid?: boolean; route?: string; dialect?: string }) => live && setBody(json),
        () => live && setBody({}),
      )
    return () => {
      live = false
    }
  }, [response])
  return (
    <article
      aria-label="Paid content"
      className="mt-4 max-w-md rounded-lg border border-emerald-600 bg-emerald-50 p-4 font-sans text-sm text-emerald-950"
    >
      <p className="font-semibold">Paid content delivered</p>
      {body ? (
        <p>
          The demo server answered {response.status}
          {body.route ? ` for ${body.route}` : ''}
          {body.dialect ? ` (${body.dialect})` : ''}
          {body.paid ? ': paid.' : '.'}
        </p>
      ) : (
        <p>Reading the response…</p>
      )}
    </article>
  )
}

/** Above the paywall when MSW answers instead of a devnet. */
function MockedNote() {
  return (
    <p className="mb-4 max-w-md rounded-lg border border-sky-600 bg-sky-50 p-3 font-sans text-sm text-sky-950">
      <strong>No devnet: mocked.</strong> This page's service worker plays the server and checks the
      wallet's signature, but nothing moves on any chain. Run <code>npm start</code> to pay for
      real.
    </p>
  )
}

/** Shown instead of the paywall when no devnet answers (a static Storybook build). */
export function NoDevnet({ path }: { path: string }) {
  return (
    <div
      role="status"
      className="max-w-md rounded-lg border border-amber-500 bg-amber-50 p-4 font-sans text-sm text-amber-950"
    >
      <p className="font-semibold">No devnet is running</p>
      <p className="mt-1">
        This live demo pays <code className="font-mono">{path}</code> for real on the local chains.
        Start the devnet with <code className="font-mono">npm start</code> and open the Storybook
        URL it prints. The <strong>Paywall / States</strong> stories work without it.
      </p>
    </div>
  )
}
