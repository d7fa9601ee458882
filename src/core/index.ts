// biome-ignore-all lint/performance/noBarrelFile: entry point of @h402/paywall/core

////////////////////////////////////////////////////////////////////////////////
// Amounts
export { assertDecimals, formatAmount } from './amount/formatAmount.js'
export { parseAmount } from './amount/parseAmount.js'

////////////////////////////////////////////////////////////////////////////////
// Codecs
export {
  decodeBase64Json,
  decodeBase64Text,
  encodeBase64Json,
  maxHeaderLength,
} from './codec/base64Json.js'
export {
  encodePaymentHeader,
  headerNames,
  paymentHeaderName,
  paymentRequestHeaderNames,
} from './codec/headers.js'
////////////////////////////////////////////////////////////////////////////////
// Payment engine
export { buildPaymentPayload } from './codec/paymentPayload.js'
export {
  type CreateH402FetchOptions,
  createH402Fetch,
  getPaymentResult,
  type PaymentResult,
} from './createH402Fetch.js'
export { type DecodeSettlementOptions, decodeSettlement } from './decodeSettlement.js'
////////////////////////////////////////////////////////////////////////////////
// Errors
export {
  H402Error,
  type H402ErrorOptions,
  isH402Error,
  type UserAction,
  walk,
} from './errors/base.js'
export {
  InvalidAmountError,
  InvalidHeaderError,
  InvalidPaymentRequiredError,
  NoPaymentOptionsError,
  NotPaymentRequiredError,
} from './errors/parse.js'
export {
  CrossOriginRedirectError,
  NetworkRequestError,
  OutcomeUnknownError,
  PaidNotDeliveredError,
  PaymentAlreadyAttemptedError,
  PaymentNotSettledError,
  PaymentRejectedError,
  QuoteExpiredError,
  RequestAbortedError,
  RequestTimeoutError,
  SettlementFailedError,
  TransactionRevertedError,
  UnexpectedError,
} from './errors/payment.js'
export {
  NoPayableOptionError,
  PolicyViolationError,
  UnsupportedOptionError,
} from './errors/policy.js'
export {
  ChainRequestError,
  InsufficientFundsError,
  UnsupportedWalletError,
  UserRejectedError,
  WalletNotConnectedError,
  WrongNetworkError,
} from './errors/wallet.js'
////////////////////////////////////////////////////////////////////////////////
// Networks and tokens
export {
  getExplorerUrl,
  getNetwork,
  getNetworkByChainId,
  getNetworkByH402Id,
  getNetworkByX402Name,
  type NetworkLookupOptions,
} from './networks/getNetwork.js'
export { type NetworkInfo, networks, solanaNetworkIds } from './networks/networks.js'
export {
  getToken,
  nativeAssetAddresses,
  sameAddress,
  type TokenInfo,
  type TokenLookupOptions,
  tokens,
} from './networks/tokens.js'
////////////////////////////////////////////////////////////////////////////////
// Requirements
export { maxBodyBytes } from './parse/readBodyText.js'
export {
  maxPaymentOptions,
  type ParseOptions,
  parsePaymentRequired,
} from './parsePaymentRequired.js'
////////////////////////////////////////////////////////////////////////////////
// Chain adapters
export type {
  ExtraCost,
  OptionFacts,
  Payer,
  PaymentCheck,
  PaymentCheckContext,
  PaymentContext,
  PaymentStep,
  PreparedPayment,
} from './payer.js'
export { payerByNetwork } from './payerByNetwork.js'
////////////////////////////////////////////////////////////////////////////////
// Policy and selection
export {
  checkPolicy,
  defaultPaymentPolicy,
  type PaymentPolicy,
  type PolicyVerdict,
  type SpendCap,
  stablecoinCaps,
} from './policy/paymentPolicy.js'
export {
  type RankedOption,
  rankPaymentOptions,
  type SelectionContext,
  selectPaymentOption,
} from './policy/selectPaymentOption.js'
export { PaymentSession, type PaymentSessionConfig } from './session/paymentSession.js'
export type {
  PaymentEvent,
  PaymentReconciliation,
  PaymentSessionState,
  PaymentStatus,
} from './session/types.js'

////////////////////////////////////////////////////////////////////////////////
// Types
export type {
  Namespace,
  PaymentAsset,
  PaymentNetwork,
  PaymentOption,
  PaymentRequired,
  Protocol,
  ResourceInfo,
  Settlement,
} from './types.js'
