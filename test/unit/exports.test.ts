import { expect, test } from 'vitest'

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
