import { readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { expect, test } from 'vitest'
import { distModules } from '../../scripts/distModules.js'

const root = join(import.meta.dirname, '../..')

// The public API of each entry point, imported the way users import it (through the package's
// `exports` map, from the build). A change here must be deliberate: update the list with it.
test('@h402/paywall/core', async () => {
  const core = await import('@h402/paywall/core')
  expect(Object.keys(core).sort()).toMatchInlineSnapshot(`
    [
      "ChainRequestError",
      "CrossOriginRedirectError",
      "H402Error",
      "InsufficientFundsError",
      "InvalidAmountError",
      "InvalidHeaderError",
      "InvalidPaymentRequiredError",
      "NetworkRequestError",
      "NoPayableOptionError",
      "NoPaymentOptionsError",
      "NotPaymentRequiredError",
      "OutcomeUnknownError",
      "PaidNotDeliveredError",
      "PaymentAlreadyAttemptedError",
      "PaymentNotSettledError",
      "PaymentRejectedError",
      "PaymentSession",
      "PolicyViolationError",
      "QuoteExpiredError",
      "RequestAbortedError",
      "RequestTimeoutError",
      "SettlementFailedError",
      "TransactionRevertedError",
      "UnexpectedError",
      "UnsupportedOptionError",
      "UnsupportedWalletError",
      "UserRejectedError",
      "WalletNotConnectedError",
      "WrongNetworkError",
      "assertDecimals",
      "buildPaymentPayload",
      "checkPolicy",
      "createH402Fetch",
      "decodeBase64Json",
      "decodeBase64Text",
      "decodeSettlement",
      "defaultPaymentPolicy",
      "encodeBase64Json",
      "encodePaymentHeader",
      "formatAmount",
      "getExplorerUrl",
      "getNetwork",
      "getNetworkByChainId",
      "getNetworkByH402Id",
      "getNetworkByX402Name",
      "getPaymentResult",
      "getToken",
      "headerNames",
      "isH402Error",
      "maxBodyBytes",
      "maxHeaderLength",
      "maxPaymentOptions",
      "nativeAssetAddresses",
      "networks",
      "parseAmount",
      "parsePaymentRequired",
      "payerByNetwork",
      "paymentHeaderName",
      "paymentRequestHeaderNames",
      "rankPaymentOptions",
      "sameAddress",
      "selectPaymentOption",
      "solanaNetworkIds",
      "stablecoinCaps",
      "tokens",
      "walk",
    ]
  `)
})

test('@h402/paywall/testing', async () => {
  const testing = await import('@h402/paywall/testing')
  expect(Object.keys(testing).sort()).toMatchInlineSnapshot(`
    [
      "mockAccepts",
      "mockPayer",
      "mockServer",
    ]
  `)
})

test('@h402/paywall/evm', async () => {
  const evm = await import('@h402/paywall/evm')
  expect(Object.keys(evm).sort()).toMatchInlineSnapshot(`
    [
      "evmPayer",
      "isUserRejection",
      "readTokenDecimals",
      "toH402Error",
    ]
  `)
})

test('@h402/paywall/solana', async () => {
  const solana = await import('@h402/paywall/solana')
  expect(Object.keys(solana).sort()).toMatchInlineSnapshot(`
    [
      "RecipientCannotReceiveError",
      "TransactionModifiedError",
      "isUserRejection",
      "solanaPayer",
      "toH402Error",
    ]
  `)
})

// dist/ is bundled per entry with the shared code in chunks: each module must exist once, or an app
// importing two entries would load two copies (two `H402Error` classes, two sets of state).
test('every module of src/ is in one file of dist/ at most', async () => {
  const files = (await readdir(join(root, 'dist'), { recursive: true })).filter((name) =>
    name.endsWith('.js'),
  )
  const holders = new Map<string, string[]>()
  for (const file of files)
    for (const module of await distModules(root, join(root, 'dist', file)))
      holders.set(module, [...(holders.get(module) ?? []), file])
  expect(holders.size).toBeGreaterThan(100)
  expect([...holders].filter(([, holding]) => holding.length > 1)).toEqual([])
})

test('the entries share one H402Error: the adapters’ errors are instances of the core’s', async () => {
  const { H402Error } = await import('@h402/paywall/core')
  const evm = await import('@h402/paywall/evm')
  const solana = await import('@h402/paywall/solana')
  expect(evm.toH402Error(new Error('boom'))).toBeInstanceOf(H402Error)
  expect(solana.toH402Error(new Error('boom'))).toBeInstanceOf(H402Error)
})
