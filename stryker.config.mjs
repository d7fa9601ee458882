// @ts-check
// Mutation testing of the modules that decide whether money moves (`npm run mutate`; README
// "Mutation testing"). Each mutant is run against the fast node tests only (vitest.mutate.config.ts).
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.mutate.config.ts' },
  coverageAnalysis: 'perTest',
  // Two cores, shared with other work.
  concurrency: 2,
  // A static mutant (code run while a module loads: constants, regexes, defaultPaymentPolicy's
  // parseAmount call) cannot be traced to the tests that cover it, so Stryker runs every test
  // for each one: ~10 s apiece on two shared cores, most of a full run. They are reported as
  // Ignored; `npm run mutate -- --ignoreStatic false` includes them.
  ignoreStatic: true,
  // Beyond a test's own time, and longer than vitest.mutate.config.ts's testTimeout, so that a
  // mutant that leaves a promise pending fails its test instead of restarting the runner. Only
  // a mutant that loops synchronously forever is a Stryker timeout.
  timeoutMS: 6_000,
  mutate: [
    // The state machine: one signature per intent, resends, outcome-unknown, cancel (SPEC §5.2–§5.7).
    'src/core/session/**/*.ts',
    '!src/core/session/**/*.test.ts',
    '!src/core/session/test/**',
    // Consent of agents: caps, allowlists, which option is paid (§5.1).
    'src/core/policy/paymentPolicy.ts',
    'src/core/policy/selectPaymentOption.ts',
    // The amount shown is the amount signed: decimal ↔ atomic conversion (§5.1).
    'src/core/amount/parseAmount.ts',
    'src/core/amount/formatAmount.ts',
    // What goes on the wire: header size limits, the echoed envelope, which header is sent.
    'src/core/codec/base64Json.ts',
    'src/core/codec/headers.ts',
    'src/core/codec/paymentPayload.ts',
    // Whether a paid response says it settled, and where its receipt links.
    'src/core/decodeSettlement.ts',
    // EVM: refuses a transfer the payer cannot fund (token and gas).
    'src/evm/assertCanAfford.ts',
    // EVM: the only free text personal_signed is a URL of the paid origin (§5.5).
    'src/evm/assertSignableResource.ts',
    // EVM: a server's decimals claim is checked against the token before its amount is shown.
    'src/evm/verifyTokenDecimals.ts',
    // EVM: no signature prompt for an authorization the balance cannot cover.
    'src/evm/precheckBalance.ts',
    // EVM: the EIP-712 domain, refused when the token names another chain or contract.
    'src/evm/resolveEip712Domain.ts',
    // EVM: the validBefore window, stamped before the prompt, 6 s margin after it.
    'src/evm/signTransferAuthorization.ts',
    // EVM: which accounts sign a raw digest (a key viem holds) and which are shown typed data.
    'src/evm/holdsKeyInProcess.ts',
    // EVM: the digest those accounts sign, its domain separator cached per whole domain.
    'src/evm/transferAuthorizationDigest.ts',
    // EVM: an expired x402 quote is not signed; the validity cap.
    'src/evm/createX402Payment.ts',
    // EVM: h402 needs a resource; the validity window (60 s floor, maxValiditySeconds cap).
    'src/evm/createH402Payment.ts',
    // EVM: after an h402 broadcast, the receipt wait ends on an abort or at its timeout.
    'src/evm/waitForReceipt.ts',
    // Solana: the quote and blockhash window, and a signature that came back too late.
    'src/solana/quoteWindow.ts',
    // Solana: what a signer can never pay (scheme, network, fee payer, wallet abilities).
    'src/solana/solanaPaymentRefusal.ts',
    // Solana x402: fee payer is not the payer, memo ≤ 256 bytes, payee can receive, balance.
    'src/solana/createX402Payment.ts',
    // Solana h402: Token-2022 transfer fee, payee and payer rent reserves, fees, account rent.
    'src/solana/createH402Payment.ts',
    // Solana: the mint, its program, transfer hooks and transfer fees, decimals vs the option.
    'src/solana/readMint.ts',
    // Solana: the exact instruction layouts the facilitators verify.
    'src/solana/buildX402Transaction.ts',
    'src/solana/buildH402Transaction.ts',
    'src/solana/memoInstruction.ts',
  ],
  // The sandbox gets a copy of the project: leave out build output and caches it never reads.
  ignorePatterns: [
    'dist',
    'storybook-static',
    'coverage',
    'reports',
    'test/devnet/.cache',
    '.vitest-attachments',
  ],
  // `npm run mutate` passes --incremental: a run redoes only mutants whose code or tests changed.
  incrementalFile: 'reports/stryker-incremental.json',
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/mutation.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  thresholds: { high: 90, low: 85, break: 85 },
}
