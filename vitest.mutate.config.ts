import { defineConfig } from 'vitest/config'

// The tests StrykerJS runs against each mutant (`npm run mutate`, stryker.config.mjs): the fast
// node tests beside the sources, the `unit` project of vitest.config.ts without test/unit.
// test/unit's files import dist/ or spawn child processes, neither of which Stryker mutates, so
// they can kill nothing (and the sandbox has no dist/). The devnet, wallets and storybook
// projects start Hardhat, a Solana validator and Chromium: far too slow to run per mutant.
export default defineConfig({
  test: {
    environment: 'node',
    // One module graph for all files of a run, instead of a fresh import per file: mutants that
    // run when a module loads (defaultPaymentPolicy calls parseAmount) are tested against every
    // test, and re-importing viem, web3.js and spl-token per file made those runs 3× slower.
    // Stryker still starts a fresh run per mutant, so static mutants are evaluated each time.
    isolate: false,
    include: ['src/**/*.test.ts'],
    // Counts calls through `vi.mock`, which a shared module graph cannot honour (the module is
    // already loaded, unmocked, by another file). Its other assertions are also made elsewhere:
    // holdsKeyInProcess.test.ts decides the same routing without a mock.
    exclude: ['src/evm/signTransferAuthorization.signers.test.ts'],
    // A mutant that leaves a promise pending fails its test here (killed) rather than hitting
    // Stryker's timeout, which restarts the test runner. The slowest test waits 2 s on purpose.
    testTimeout: 4_000,
  },
})
