import type { Meta, StoryObj } from '@storybook/react-vite'
import { expect, within } from 'storybook/test'
import '../src/styles/styles.css'
import { loadFixture, PinnedPaywall } from './support/PinnedPaywall.js'

/**
 * Every catalog of the paywall (`locale` on the provider or the paywall): English, Spanish and
 * Chinese, with the amount in the locale's number format. Pinned in the "confirming" state on
 * h402 (0.01 USDC on Base).
 */
const meta = {
  title: 'Paywall/Locales',
  component: PinnedPaywall,
  parameters: { layout: 'padded' },
  loaders: [loadFixture],
  args: {
    fixture: 'h402-evm',
    pin: { status: 'selecting', balances: { 0: 1_234_567_890n }, expiresInSeconds: 55 },
  },
  argTypes: { paymentRequired: { table: { disable: true } } },
  render: (args, { loaded }) => (
    <div lang={args.locale}>
      <PinnedPaywall
        {...args}
        paymentRequired={(loaded as Awaited<ReturnType<typeof loadFixture>>).paymentRequired}
      />
    </div>
  ),
} satisfies Meta<typeof PinnedPaywall>

export default meta
type Story = StoryObj<typeof meta>

export const English: Story = {
  args: { locale: 'en' },
  play: async ({ canvas }) => {
    await expect(canvas.getByRole('button', { name: 'Pay 0.01 USDC' })).toBeEnabled()
    const consent = canvas.getByRole('region', { name: 'You are about to pay' })
    await expect(within(consent).getByRole('timer')).toHaveTextContent(/Price valid for/)
    await expect(canvas.getByText('Your balance: 1,234.56789 USDC')).toBeVisible()
  },
}

export const Spanish: Story = {
  name: 'Español',
  args: { locale: 'es' },
  play: async ({ canvas }) => {
    // The catalog loads on demand; the paywall waits for it rather than showing English.
    await expect(await canvas.findByRole('button', { name: 'Pagar 0,01 USDC' })).toBeEnabled()
    await expect(canvas.getByRole('region', { name: 'Vas a pagar' })).toBeVisible()
    await expect(canvas.getByRole('radiogroup', { name: 'Pagar con' })).toBeVisible()
  },
}

export const Chinese: Story = {
  name: '中文',
  args: { locale: 'zh' },
  play: async ({ canvas }) => {
    await expect(await canvas.findByRole('button', { name: '支付 0.01 USDC' })).toBeEnabled()
    await expect(canvas.getByRole('region', { name: '你将支付' })).toBeVisible()
    await expect(canvas.getByRole('radiogroup', { name: '付款方式' })).toBeVisible()
  },
}
