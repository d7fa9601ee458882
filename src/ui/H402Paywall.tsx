'use client'
import type { ReactNode } from 'react'
import { H402PaywallBalance } from './H402PaywallBalance.js'
import { H402PaywallConnect } from './H402PaywallConnect.js'
import { H402PaywallConsent } from './H402PaywallConsent.js'
import { H402PaywallContent } from './H402PaywallContent.js'
import { H402PaywallError } from './H402PaywallError.js'
import { H402PaywallModal } from './H402PaywallModal.js'
import { H402PaywallOptions } from './H402PaywallOptions.js'
import { H402PaywallPayButton } from './H402PaywallPayButton.js'
import { H402PaywallReceipt } from './H402PaywallReceipt.js'
import { H402PaywallRoot, type H402PaywallRootProps } from './H402PaywallRoot.js'
import { H402PaywallStatus } from './H402PaywallStatus.js'
import { H402PaywallSummary } from './H402PaywallSummary.js'

/** Props of {@link H402Paywall}. */
export interface H402PaywallProps extends Omit<H402PaywallRootProps, 'children' | 'asChild'> {
  /** `'inline'` (default): the paywall in the page. `'modal'`: a button opening it in a dialog. */
  variant?: 'inline' | 'modal'
  /**
   * The paid content, or a function of the paid `Response` (its body unread). Shown once paid,
   * in place of the paywall.
   */
  children?: ReactNode | ((response: Response) => ReactNode)
}

/**
 * The whole paywall in one element: what is sold and its price, the option chooser, wallet
 * connection, balance and funding, the consent summary with its expiry, the Pay button, progress,
 * errors with their next action, and once paid the receipt and the paid content.
 *
 * @example
 * <H402Paywall url="/api/report" onSettled={(receipt) => track(receipt.transaction)}>
 *   {(response) => <Report response={response} />}
 * </H402Paywall>
 *
 * Rearrange or restyle it with the parts: `H402Paywall.Root`, `.Summary`, `.Options`,
 * `.Connect`, `.Balance`, `.Consent`, `.PayButton`, `.Status`, `.Error`, `.Receipt`, `.Content`
 * and `.Modal`.
 */
function H402PaywallComponent({
  variant = 'inline',
  children,
  className,
  ...props
}: H402PaywallProps) {
  const panel = (
    <div className="h402-panel">
      <H402PaywallSummary />
      <H402PaywallOptions />
      <H402PaywallConnect />
      <H402PaywallBalance />
      <H402PaywallConsent />
      <H402PaywallPayButton />
      <H402PaywallStatus />
      <H402PaywallError />
      <H402PaywallReceipt />
    </div>
  )
  return (
    <H402PaywallRoot {...props} className={className} data-variant={variant}>
      {variant === 'modal' ? <H402PaywallModal>{panel}</H402PaywallModal> : panel}
      <H402PaywallContent>{children}</H402PaywallContent>
    </H402PaywallRoot>
  )
}

/** The paywall, with its parts as properties (`H402Paywall.Root`, `H402Paywall.PayButton`…). */
export const H402Paywall = Object.assign(H402PaywallComponent, {
  /** Holds the payment and gives it to the parts. */
  Root: H402PaywallRoot,
  /** The description and exact price. */
  Summary: H402PaywallSummary,
  /** The option chooser (a radio group). */
  Options: H402PaywallOptions,
  /** Wallet connection. */
  Connect: H402PaywallConnect,
  /** Balance and the insufficient-funds slot. */
  Balance: H402PaywallBalance,
  /** The consent summary with the expiry countdown. */
  Consent: H402PaywallConsent,
  /** "Pay 0.01 USDC". */
  PayButton: H402PaywallPayButton,
  /** Step-by-step progress in a live region. */
  Status: H402PaywallStatus,
  /** Typed errors with their next action. */
  Error: H402PaywallError,
  /** The receipt with its explorer link. */
  Receipt: H402PaywallReceipt,
  /** The paid content. */
  Content: H402PaywallContent,
  /** The modal variant's dialog. */
  Modal: H402PaywallModal,
})
