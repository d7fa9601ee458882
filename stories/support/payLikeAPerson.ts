/**
 * The play of a live demo story, run by the story tests only: what a person does on the page.
 * Connect the development wallet by its name, pay, and see the receipt and the paid content.
 * Waits are generous (two busy cores run the chains, the facilitator and the browser) and nothing
 * is timed.
 */
import { expect, userEvent, waitFor, within } from 'storybook/test'
import { devnetRequired } from '../../demo/devnet/devnetInfo.js'
import { DEV_WALLET_NAME } from '../../demo/wallets/index.js'
import type { LiveLoaded } from './liveLoaders.js'

const SLOW = { timeout: 30_000 }
const SETTLE = { timeout: 50_000 }

export interface PayLikeAPersonOptions {
  /** Choose this option first (its radio's accessible name). */
  option?: RegExp
  /** The modal variant: open the dialog with its trigger first. */
  modal?: boolean
  /** The wallet to connect. Default: the devnet's development wallet. */
  walletName?: string
}

type PlayContext = {
  canvasElement: HTMLElement
  loaded: Record<string, unknown>
  step: (label: string, play: () => Promise<void>) => Promise<void> | void
}

export function payLikeAPerson(options: PayLikeAPersonOptions = {}) {
  return async (context: PlayContext) => {
    try {
      await play(context)
    } catch (error) {
      // What the person saw, rather than Storybook's whole document.
      const dialog = context.canvasElement.ownerDocument.querySelector('[role="dialog"]')
      const seen = [context.canvasElement, dialog]
        .map((element) => element?.textContent)
        .join(' | ')
      throw new Error(`${(error as Error).message.split('\n')[0]}\nOn screen: ${seen}`, {
        cause: error,
      })
    }
  }

  async function play({ canvasElement, loaded, step }: PlayContext) {
    // In Storybook itself the visitor pays: a play would pay for them as soon as the story opens.
    // Story tests (where the devnet is required) pay like a person instead.
    if (!devnetRequired()) return
    const { devnet } = loaded as unknown as LiveLoaded
    if (!devnet) throw new Error('The devnet of the story tests does not answer')
    // The dialog of the modal variant is portalled to the body.
    const page = within(canvasElement.ownerDocument.body)
    if (options.modal)
      await step('open the paywall', async () => {
        await userEvent.click(await page.findByRole('button', { name: /^Unlock/ }, SLOW))
        await page.findByRole('dialog', {}, SLOW)
      })
    await step('see the price and the options', async () => {
      await page.findByRole('button', { name: /^Pay / }, SLOW)
      await expect(page.getByRole('radiogroup', { name: 'Pay with' })).toBeVisible()
    })
    const { option } = options
    if (option)
      await step('choose an option', async () => {
        const radio = page.getAllByRole('radio', { name: option })[0]
        if (!radio) throw new Error(`No option ${option}`)
        await userEvent.click(radio)
        await waitFor(() => expect(radio).toBeChecked())
      })
    const walletName = options.walletName ?? DEV_WALLET_NAME
    await step(`connect "${walletName}"`, async () => {
      const connect = await page.findByRole('group', { name: 'Connect wallet' }, SLOW)
      await userEvent.click(within(connect).getByRole('button', { name: walletName }))
      await page.findByText(new RegExp(`Connected with ${escapeRegExp(walletName)}`), {}, SLOW)
    })
    await step('pay', async () => {
      await waitFor(() => expect(page.getByRole('button', { name: /^Pay / })).toBeEnabled(), SLOW)
      await userEvent.click(page.getByRole('button', { name: /^Pay / }))
    })
    await step('see the receipt and the paid content', async () => {
      const receipt = await page.findByRole('region', { name: /^Paid / }, SETTLE)
      await expect(within(receipt).getByText('Transaction')).toBeVisible()
      // The dialog hides the page from assistive technology until it is closed.
      if (options.modal) await userEvent.click(page.getByRole('button', { name: 'Close' }))
      const content = await page.findByRole('article', { name: 'Paid content' }, SLOW)
      await waitFor(() => expect(content).toHaveTextContent(': paid.'), SLOW)
    })
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}
