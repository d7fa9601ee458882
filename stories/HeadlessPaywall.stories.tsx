import type { Meta, StoryObj } from '@storybook/react-vite'
import { expect, userEvent, waitFor } from 'storybook/test'
import { devnetRequired } from '../demo/devnet/devnetInfo.js'
import { DEV_WALLET_NAME } from '../demo/wallets/index.js'
import { HeadlessPaywall } from './support/HeadlessPaywall.js'
import { LiveProviders, NoDevnet } from './support/LiveDemo.js'
import { type LiveLoaded, loadLive } from './support/liveLoaders.js'

/**
 * A paywall with its own UI, built on `useH402Payment` alone (stories/support/HeadlessPaywall.tsx),
 * paying the devnet for real. See Guides / Hook API.
 */
const meta = {
  title: 'Guides/Headless paywall',
  component: HeadlessPaywall,
  parameters: { layout: 'padded' },
  loaders: [loadLive],
  args: { url: '/x402v2/evm/usdc' },
  render: ({ url }, { loaded }) => {
    const { devnet } = loaded as LiveLoaded
    if (!devnet) return <NoDevnet path={url} />
    return (
      <LiveProviders devnet={devnet}>
        <HeadlessPaywall url={`${devnet.serverUrl}${url}`} />
      </LiveProviders>
    )
  },
} satisfies Meta<typeof HeadlessPaywall>

export default meta
type Story = StoryObj<typeof meta>

const SLOW = { timeout: 30_000 }

export const OnUseH402Payment: Story = {
  name: 'On useH402Payment',
  play: async ({ canvas, loaded }) => {
    // In Storybook itself the visitor pays; story tests (devnet required) pay like a person.
    if (!devnetRequired()) return
    if (!(loaded as LiveLoaded).devnet)
      throw new Error('The devnet of the story tests does not answer')
    await userEvent.click(
      await canvas.findByRole('button', { name: `Use ${DEV_WALLET_NAME}` }, SLOW),
    )
    const unlock = await canvas.findByRole('button', { name: /^Unlock for 0\.01 / }, SLOW)
    await waitFor(() => expect(unlock).toBeEnabled(), SLOW)
    await userEvent.click(unlock)
    await expect(
      await canvas.findByText('Server says paid: true', {}, { timeout: 50_000 }),
    ).toBeVisible()
  },
}
