import type { Meta, StoryObj } from '@storybook/react-vite'
import { useState } from 'react'
import '../src/styles/styles.css'
import { H402PaywallPage } from '../src/page/index.js'
import { LiveProviders, NoDevnet, PaidContent } from './support/LiveDemo.js'
import { type LiveLoaded, loadLive } from './support/liveLoaders.js'
import { payLikeAPerson } from './support/payLikeAPerson.js'

type PageLoaded = LiveLoaded & { injected?: { x402: Record<string, unknown> } }

interface PagePreviewProps extends Partial<PageLoaded> {
  /** A demo route, e.g. `/x402v1/evm/usdc`. */
  path: string
}

/**
 * What an x402 v1 server's paywall page is given: its requirements in `window.x402` (here passed
 * as `injected`, since the story is not the server's page), with an app name.
 */
async function loadPage(context: Parameters<typeof loadLive>[0]): Promise<PageLoaded> {
  const live = await loadLive(context)
  if (!live.devnet) return live
  const response = await fetch(`${live.devnet.serverUrl}${context.args.path}`)
  const { accepts } = (await response.json()) as { accepts: unknown[] }
  return { ...live, injected: { x402: { paymentRequirements: accepts, appName: 'Devnet News' } } }
}

/**
 * `<H402PaywallPage>`, the drop-in page a server answers a browser's visit to a paywalled URL
 * with: the injected requirements show at once, then the page reads the 402 of its URL and pays
 * it. On a real page the paid response replaces the document; here `onPaid` shows it below.
 */
const meta = {
  title: 'Demo/Paywall page',
  component: PagePreview,
  parameters: { layout: 'fullscreen' },
  loaders: [loadPage],
  args: { path: '/x402v1/evm/usdc' },
  argTypes: {
    devnet: { table: { disable: true } },
    devWallets: { table: { disable: true } },
    mocked: { table: { disable: true } },
    injected: { table: { disable: true } },
  },
  render: (args, { loaded }) => <PagePreview {...args} {...(loaded as PageLoaded)} />,
} satisfies Meta<typeof PagePreview>

export default meta
type Story = StoryObj<typeof meta>

function PagePreview({ path, devnet, injected }: PagePreviewProps) {
  const [paid, setPaid] = useState<Response>()
  if (!devnet) return <NoDevnet path={path} />
  return (
    <LiveProviders devnet={devnet}>
      <H402PaywallPage
        url={`${devnet.serverUrl}${path}`}
        {...(injected ? { injected } : {})}
        onPaid={setPaid}
      />
      {paid && <PaidContent response={paid} />}
    </LiveProviders>
  )
}

/** x402 v1, EVM USDC: the page of a server that injects `window.x402`. */
export const X402v1Page: Story = {
  name: 'x402 v1 page · EVM · USDC',
  play: payLikeAPerson(),
}
