import type { Meta, StoryObj } from '@storybook/react-vite'
import { expect } from 'storybook/test'
import { DiscoveredWallets } from '../demo/components/DiscoveredWallets.js'
import { devnetRequired, findDevnet } from '../demo/devnet/devnetInfo.js'
import { DEV_WALLET_NAME, type DevWallets, installDevWallets } from '../demo/wallets/index.js'

/**
 * The development wallets of the live demo, as a dapp on the page discovers them. They exist only
 * with a devnet (`npm start`), sign with its funded keys, and say DEV in their name and icon.
 */
const meta = {
  title: 'Demo/Dev wallets',
  component: DiscoveredWallets,
  parameters: { layout: 'padded' },
  loaders: [
    async (): Promise<{ devWallets: DevWallets | undefined }> => {
      const devnet = await findDevnet()
      return { devWallets: devnet ? installDevWallets(devnet) : undefined }
    },
  ],
  render: (_args, { loaded }) => (
    <DiscoveredWallets devWallets={(loaded as { devWallets?: DevWallets }).devWallets} />
  ),
} satisfies Meta<typeof DiscoveredWallets>

export default meta
type Story = StoryObj<typeof meta>

/** Both wallets are discovered: one by EIP-6963, one by the wallet standard. */
export const Discovered: Story = {
  play: async ({ canvas, loaded, step }) => {
    const { devWallets } = loaded as { devWallets?: DevWallets }
    if (!devWallets) {
      if (devnetRequired()) throw new Error('The devnet of the story tests does not answer')
      await expect(await canvas.findByRole('status')).toHaveTextContent('No devnet is running')
      return
    }
    await step('the EVM wallet is announced by EIP-6963', async () => {
      const evm = canvas.getByRole('region', { name: 'EVM wallets (EIP-6963)' })
      await expect(evm).toHaveTextContent(DEV_WALLET_NAME)
      await expect(evm).toHaveTextContent('dev.h402.devwallet')
      await expect(evm).toHaveTextContent(`devnet account ${devWallets.evm.address}`)
    })
    await step('the Solana wallet is registered as a standard wallet', async () => {
      const solana = canvas.getByRole('region', { name: 'Solana wallets (wallet standard)' })
      await expect(solana).toHaveTextContent(DEV_WALLET_NAME)
      await expect(solana).toHaveTextContent('solana:devnet')
      await expect(solana).toHaveTextContent(`devnet account ${devWallets.solana.address}`)
    })
  },
}
