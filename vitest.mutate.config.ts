import { defineConfig } from 'vitest/config'

// The tests StrykerJS runs against each mutant (`npm run mutate`, stryker.config.mjs): the fast
// node tests beside the sources, the `unit` project of vitest.config.ts without test/unit.
// test/unit's files import dist/ or spawn child processes, neither of which Stryker mutates, so
// they can kill nothing (and the sandbox has no dist/). The devnet, wallets and storybook
// projects start Hardhat, a Solana validator and Chromium: far too slow to run per mutant.
export default defineConfig({
  test: {
    environment: 'node',
    include: ['src/**/*.test.ts'],
  },
})
