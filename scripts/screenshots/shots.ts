/** One picture of a story. */
export interface Shot {
  /** File name, without `.png`, under docs/screenshots/. */
  name: string
  /** Storybook story id (`demo-dev-wallets--discovered`). */
  storyId: string
  /** Text that is on screen once the story (and its play function) has settled. */
  waitForText: string
  /** Storybook `globals` query value (`theme:dark`), if the story reads globals. */
  globals?: string
  /** Element to capture; default the story root. */
  selector?: string
  viewport?: { width: number; height: number }
  colorScheme?: 'light' | 'dark'
}

/**
 * The pictures the README shows: the paywall light and dark, EVM and Solana, in the "confirming"
 * state (connected, the consent and its countdown), pinned so that no devnet is needed.
 */
/** The paywall's width (28rem) and the story's 32px padding on each side. */
const PANEL = { width: 512, height: 640 }

export const SHOTS: Shot[] = [
  {
    name: 'paywall-evm-light',
    viewport: PANEL,
    storyId: 'paywall-themes--light',
    waitForText: 'Pay 0.001 USDC',
  },
  {
    name: 'paywall-evm-dark',
    viewport: PANEL,
    storyId: 'paywall-themes--dark',
    waitForText: 'Pay 0.001 USDC',
    colorScheme: 'dark',
  },
  {
    name: 'paywall-solana-light',
    viewport: PANEL,
    storyId: 'paywall-themes--light-solana',
    waitForText: 'Pay 0.005 USDC',
  },
  {
    name: 'paywall-solana-dark',
    viewport: PANEL,
    storyId: 'paywall-themes--dark-solana',
    waitForText: 'Pay 0.005 USDC',
    colorScheme: 'dark',
  },
  {
    name: 'paywall-paid-solana-dark',
    storyId: 'paywall-themes--paid-solana-dark',
    waitForText: 'Today’s weather report',
    colorScheme: 'dark',
    viewport: PANEL,
  },
  {
    name: 'paywall-host-page',
    storyId: 'paywall-themes--host-page',
    waitForText: 'Pay 0.001 USDC',
    viewport: { width: 1100, height: 720 },
  },
  {
    // A static build answers the route with MSW, so the page shows what the server injected.
    name: 'paywall-page',
    storyId: 'demo-paywall-page--x-402-v-1-page',
    waitForText: 'Devnet News',
    viewport: { width: 900, height: 720 },
  },
  {
    name: 'dev-wallets-static',
    storyId: 'demo-dev-wallets--discovered',
    waitForText: 'No devnet is running',
  },
]
