// biome-ignore-all lint/performance/noBarrelFile: entry point of the paywall components
'use client'

export { H402Paywall, type H402PaywallProps } from './H402Paywall.js'
export { H402PaywallBalance, type H402PaywallBalanceProps } from './H402PaywallBalance.js'
export { H402PaywallConnect, type H402PaywallConnectProps } from './H402PaywallConnect.js'
export { H402PaywallConsent, type H402PaywallConsentProps } from './H402PaywallConsent.js'
export { H402PaywallContent, type H402PaywallContentProps } from './H402PaywallContent.js'
export {
  type H402DisplayAmount,
  type H402InsufficientFundsProps,
  type H402PaywallContextValue,
  useH402Paywall,
} from './H402PaywallContext.js'
export { H402PaywallError, type H402PaywallErrorProps } from './H402PaywallError.js'
export { H402PaywallModal, type H402PaywallModalProps } from './H402PaywallModal.js'
export { H402PaywallOptions, type H402PaywallOptionsProps } from './H402PaywallOptions.js'
export { H402PaywallPayButton, type H402PaywallPayButtonProps } from './H402PaywallPayButton.js'
export { H402PaywallReceipt, type H402PaywallReceiptProps } from './H402PaywallReceipt.js'
export { H402PaywallRoot, type H402PaywallRootProps } from './H402PaywallRoot.js'
export { H402PaywallStatus, type H402PaywallStatusProps } from './H402PaywallStatus.js'
export { H402PaywallSummary, type H402PaywallSummaryProps } from './H402PaywallSummary.js'
export {
  createTranslator,
  en,
  formatLocalizedAmount,
  type H402MessageKey,
  type H402MessageOverrides,
  type H402Messages,
  type H402Translate,
  loadCatalog,
} from './i18n/index.js'
export type { H402PaywallState } from './internal/statuses.js'
