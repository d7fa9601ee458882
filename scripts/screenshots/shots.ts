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
 * The pictures the README shows. The paywall stories (light and dark, EVM and Solana) are added
 * here as they land.
 */
export const SHOTS: Shot[] = [
  {
    name: 'dev-wallets-static',
    storyId: 'demo-dev-wallets--discovered',
    waitForText: 'No devnet is running',
  },
]
