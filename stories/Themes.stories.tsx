import type { Meta, StoryObj } from '@storybook/react-vite'
import { expect, within } from 'storybook/test'
import '../src/styles/styles.css'
import './support/themes.css'
import { loadFixture, PinnedPaywall } from './support/PinnedPaywall.js'

/**
 * The paywall's look: light, dark, a brand made only with `--h402-*` variables, and a host page
 * with its own Tailwind and global CSS around it. Pinned in the "confirming" state (connected,
 * the consent and its countdown shown).
 */
const meta = {
  title: 'Paywall/Themes',
  component: PinnedPaywall,
  parameters: { layout: 'fullscreen' },
  loaders: [loadFixture],
  args: {
    fixture: 'x402v2-evm',
    pin: { status: 'selecting', balances: { 0: 25_000_000n }, expiresInSeconds: 55 },
  },
  argTypes: { paymentRequired: { table: { disable: true } } },
  render: (args, { loaded }) => (
    <PinnedPaywall
      {...args}
      paymentRequired={(loaded as Awaited<ReturnType<typeof loadFixture>>).paymentRequired}
    />
  ),
} satisfies Meta<typeof PinnedPaywall>

export default meta
type Story = StoryObj<typeof meta>

function panelOf(canvasElement: HTMLElement): HTMLElement {
  const panel = canvasElement.querySelector<HTMLElement>('.h402-panel')
  if (!panel) throw new Error('No paywall panel')
  return panel
}

export const Light: Story = {
  args: { theme: 'light' },
  decorators: [
    (Story) => (
      <div className="bg-white p-8">
        <Story />
      </div>
    ),
  ],
  play: async ({ canvas, canvasElement }) => {
    await expect(getComputedStyle(panelOf(canvasElement)).backgroundColor).toBe(
      'rgb(255, 255, 255)',
    )
    await expect(canvas.getByRole('button', { name: 'Pay 0.001 USDC' })).toBeEnabled()
  },
}

export const Dark: Story = {
  args: { theme: 'dark' },
  decorators: [
    (Story) => (
      <div className="bg-zinc-950 p-8">
        <Story />
      </div>
    ),
  ],
  play: async ({ canvas, canvasElement }) => {
    await expect(getComputedStyle(panelOf(canvasElement)).backgroundColor).toBe('rgb(24, 24, 27)')
    await expect(canvas.getByRole('button', { name: 'Pay 0.001 USDC' })).toBeEnabled()
  },
}

const SOLANA = {
  fixture: 'x402v1-solana',
  pin: { status: 'selecting', balances: { 0: 12_500_000n }, expiresInSeconds: 55 },
} as const

export const LightSolana: Story = {
  name: 'Light · Solana',
  args: { ...SOLANA, theme: 'light' },
  decorators: Light.decorators,
  play: async ({ canvas }) => {
    await expect(canvas.getByRole('button', { name: 'Pay 0.005 USDC' })).toBeEnabled()
    await expect(canvas.getByText(/Connected with Phantom/)).toBeVisible()
  },
}

export const DarkSolana: Story = {
  name: 'Dark · Solana',
  args: { ...SOLANA, theme: 'dark' },
  decorators: Dark.decorators,
  play: async ({ canvas, canvasElement }) => {
    await expect(getComputedStyle(panelOf(canvasElement)).backgroundColor).toBe('rgb(24, 24, 27)')
    await expect(canvas.getByRole('button', { name: 'Pay 0.005 USDC' })).toBeEnabled()
  },
}

/** Paid, dark: the receipt and the page's paid content. */
export const PaidSolanaDark: Story = {
  name: 'Paid · Solana · dark',
  args: { fixture: 'x402v1-solana', pin: { status: 'settled' }, theme: 'dark' },
  decorators: Dark.decorators,
  play: async ({ canvas }) => {
    await expect(
      canvas.getByRole('region', { name: 'Paid 0.005 USDC on Solana Devnet' }),
    ).toBeVisible()
    await expect(canvas.getByRole('article', { name: 'Paid content' })).toBeVisible()
  },
}

/** A brand with variables only (stories/support/themes.css): serif, square, violet. */
export const CustomBrand: Story = {
  name: 'Custom brand (CSS variables only)',
  args: { theme: 'light', className: 'acme-brand' },
  decorators: [
    (Story) => (
      <div className="bg-[#f5ead9] p-8">
        <Story />
      </div>
    ),
  ],
  play: async ({ canvas, canvasElement }) => {
    const pay = canvas.getByRole('button', { name: 'Pay 0.001 USDC' })
    await expect(getComputedStyle(pay).backgroundColor).toBe('rgb(109, 40, 217)')
    await expect(getComputedStyle(panelOf(canvasElement)).borderRadius).toBe('2px')
  },
}

/**
 * A page with its own Tailwind layout and aggressive global rules (uppercase pill buttons, big
 * paragraph margins, content-box sizing, bordered fieldsets). Neither side restyles the other.
 */
export const HostPage: Story = {
  name: 'Inside a host page with its own CSS',
  args: { theme: 'light' },
  decorators: [
    (Story) => (
      <div className="host-page bg-slate-100 font-serif text-slate-900">
        <header className="flex items-center justify-between bg-slate-900 px-8 py-4 text-white">
          <p className="m-0 text-xl font-bold">The Daily Ledger</p>
          <button type="button">Subscribe</button>
        </header>
        <main className="mx-auto grid max-w-5xl gap-8 p-8 md:grid-cols-[1fr_28rem]">
          <article>
            <h1 className="mb-4 text-3xl font-bold">Markets close higher</h1>
            <p>
              The first paragraph of the article is free. The rest of the report is behind the
              paywall on the right.
            </p>
            <ul>
              <li>Global rules on this page: uppercase pill buttons,</li>
              <li>big paragraph margins, content-box sizing, bordered fieldsets.</li>
            </ul>
          </article>
          <aside>
            <Story />
          </aside>
        </main>
      </div>
    ),
  ],
  play: async ({ canvas, canvasElement }) => {
    const host = canvas.getByRole('button', { name: 'Subscribe' })
    const pay = canvas.getByRole('button', { name: 'Pay 0.001 USDC' })
    // The host's rules still apply to the host…
    await expect(getComputedStyle(host).textTransform).toBe('uppercase')
    await expect(getComputedStyle(host).backgroundColor).toBe('rgb(190, 18, 60)')
    // …and not inside the paywall.
    await expect(getComputedStyle(pay).textTransform).toBe('none')
    await expect(getComputedStyle(pay).backgroundColor).toBe('rgb(29, 78, 216)')
    await expect(getComputedStyle(pay).boxSizing).toBe('border-box')
    const consent = within(panelOf(canvasElement)).getByRole('region', {
      name: 'You are about to pay',
    })
    const paragraph = consent.querySelector('p')
    await expect(paragraph && getComputedStyle(paragraph).marginBottom).toBe('0px')
  },
}
