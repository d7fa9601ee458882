import { defineConfig } from 'vitest/config'

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
        extends: true,
        test: {
          name: 'devnet',
          environment: 'node',
          include: ['test/devnet/**/*.test.ts', 'test/e2e/**/*.test.ts'],
          globalSetup: ['./test/devnet/globalSetup.ts'],
          env: { RUST_LOG: 'error' },
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // The devnet is shared by every file; two cores are better spent on one file at a time.
          fileParallelism: false,
        },
      },
    ],
  },
})
