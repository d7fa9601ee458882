import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { storybookTest } from '@storybook/addon-vitest/vitest-plugin'
import react from '@vitejs/plugin-react'
import { playwright } from '@vitest/browser-playwright'
import { defineConfig } from 'vitest/config'
import { mswWorkerPlugin } from './demo/msw/mswWorkerPlugin.js'

const dirname = path.dirname(fileURLToPath(import.meta.url))
// Debian's Chromium (toolchain.md §3): Playwright's own browsers cannot be downloaded here.
// `||`, not `??`: an empty CHROMIUM_PATH must not select the missing bundled browser.
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium'
// A factory: vitest refuses one browser object shared by two projects.
const browser = () => ({
  enabled: true,
  headless: true,
  provider: playwright({ launchOptions: { executablePath: CHROMIUM } }),
  instances: [{ browser: 'chromium' as const }],
  // A failure's message and stack say enough; screenshots would land next to the sources.
  screenshotFailures: false,
})
// Pre-bundled up front: discovering them mid-run makes Vite reload the page under a running test.
const browserDeps = [
  'react',
  'react-dom',
  'react-dom/client',
  'react/jsx-dev-runtime',
  'viem',
  'viem/accounts',
  'wagmi',
  'wagmi/actions',
  '@tanstack/react-query',
  '@radix-ui/react-dialog',
  '@solana/web3.js',
  '@solana/kit',
  '@solana/wallet-adapter-react',
  '@solana/wallet-adapter-base',
  '@wallet-standard/app',
  '@wallet-standard/wallet',
  'bs58',
  'msw',
  'msw/browser',
  'vitest-browser-react',
  // Found mid-run on a cold cache otherwise (Vite then reloads the page under a running story).
  '@solana/spl-token',
  'buffer',
  'lossless-json',
  'viem/actions',
  'zod/mini',
]

export default defineConfig({
  test: {
    reporters: ['default', './test/reporters/summaryLine.ts'],
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          environment: 'node',
          include: ['src/**/*.test.ts', 'test/unit/**/*.test.ts'],
        },
      },
      {
        // The paywall components (src/ui) in jsdom, with pinned payments.
        extends: true,
        test: {
          name: 'ui',
          environment: 'jsdom',
          include: ['src/ui/**/*.test.tsx'],
          setupFiles: ['./src/ui/test/setup.ts'],
          // axe over the whole document, twice (light, dark), on two cores shared with others.
          testTimeout: 30_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'devnet',
          environment: 'node',
          include: [
            'test/devnet/**/*.test.ts',
            'test/e2e/**/*.test.ts',
            'test/react/**/*.test.tsx',
          ],
          globalSetup: ['./test/devnet/globalSetup.ts'],
          setupFiles: ['./test/react/setup.ts'],
          env: { RUST_LOG: 'error' },
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // The devnet is shared by every file; two cores are better spent on one file at a time.
          fileParallelism: false,
        },
      },
      {
        // Development wallets (demo/wallets) against the devnet, in Chromium.
        extends: true,
        plugins: [react(), mswWorkerPlugin()],
        optimizeDeps: { include: browserDeps },
        test: {
          name: 'wallets',
          include: ['demo/**/*.browser.test.{ts,tsx}'],
          globalSetup: ['./demo/devnet/sharedDevnetGlobalSetup.ts'],
          browser: browser(),
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
          // After `unit`, and never together with `devnet` or `storybook`: two cores.
          sequence: { groupOrder: 1 },
        },
      },
      {
        // Every story's play function, with a11y violations as errors (.storybook/preview.tsx).
        extends: true,
        plugins: [storybookTest({ configDir: path.join(dirname, '.storybook') })],
        optimizeDeps: { include: browserDeps },
        test: {
          name: 'storybook',
          setupFiles: ['./.storybook/vitest.setup.ts'],
          globalSetup: ['./demo/devnet/sharedDevnetGlobalSetup.ts'],
          browser: browser(),
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
          sequence: { groupOrder: 2 },
        },
      },
    ],
  },
})
