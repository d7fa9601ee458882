'use client'
import { type HTMLAttributes, useRef } from 'react'
import { useH402Paywall } from './H402PaywallContext.js'
import { CopyButton } from './internal/CopyButton.js'
import { cx } from './internal/cx.js'
import { explorerLink } from './internal/explorerLink.js'
import { safeHref } from './internal/safeHref.js'
import { shortenAddress } from './internal/shortenAddress.js'
import { useFocusWhenLost } from './internal/useFocusWhenLost.js'

/** Props of {@link H402PaywallReceipt}. */
export interface H402PaywallReceiptProps extends HTMLAttributes<HTMLElement> {}

/**
 * The receipt once paid: the amount and network paid, and the transaction, shortened, linking to
 * the block explorer (only ever an http(s) link). `data-state`: `paid`.
 */
export function H402PaywallReceipt({ className, ...props }: H402PaywallReceiptProps) {
  const { payment, t, formatAmount, id } = useH402Paywall()
  const { receipt, status } = payment
  const ref = useRef<HTMLElement>(null)
  const shown = status === 'settled' && receipt !== undefined
  useFocusWhenLost(ref, shown)
  if (!shown || !receipt) return null
  const { amount, token } = formatAmount(receipt.amount, receipt.asset)
  const href =
    safeHref(receipt.explorerUrl) ??
    (receipt.transaction ? explorerLink(receipt.network.id, receipt.transaction) : undefined)
  const transaction = receipt.transaction ? shortenAddress(receipt.transaction) : ''
  const titleId = `${id}-receipt`
  return (
    <section
      ref={ref}
      tabIndex={-1}
      aria-labelledby={titleId}
      {...props}
      className={cx('h402-receipt', className)}
      data-state="paid"
      data-status={status}
    >
      <p id={titleId} className="h402-receipt-title">
        {t('receipt.paid', { amount, token, network: receipt.network.name })}
      </p>
      <dl className="h402-consent-list">
        <div className="h402-consent-row">
          <dt>{t('receipt.amount')}</dt>
          <dd>{t('summary.priceValue', { amount, token })}</dd>
        </div>
        <div className="h402-consent-row">
          <dt>{t('receipt.network')}</dt>
          <dd>{receipt.network.name}</dd>
        </div>
        <div className="h402-consent-row">
          <dt>{t('receipt.transaction')}</dt>
          <dd>
            {!receipt.transaction ? (
              t('receipt.noTransaction')
            ) : href ? (
              <a
                className="h402-link h402-mono"
                href={href}
                target="_blank"
                rel="noopener noreferrer"
                aria-label={t('receipt.explorer', { transaction })}
                title={receipt.transaction}
              >
                {transaction}
              </a>
            ) : (
              <span className="h402-mono" title={receipt.transaction}>
                {transaction}
              </span>
            )}
            {receipt.transaction ? (
              <CopyButton
                value={receipt.transaction}
                label={t('receipt.copy')}
                copiedLabel={t('consent.copied')}
              />
            ) : null}
          </dd>
        </div>
      </dl>
    </section>
  )
}
