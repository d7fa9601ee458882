'use client'
import type { HTMLAttributes } from 'react'
import { useH402Paywall } from './H402PaywallContext.js'
import { cx } from './internal/cx.js'

/** Props of {@link H402PaywallSummary}. */
export interface H402PaywallSummaryProps extends HTMLAttributes<HTMLDivElement> {}

/**
 * What is being bought and its exact price: the server's description (as text), the resource,
 * and the amount of the selected option (or the best one) with its token and network. Renders
 * on the server from the 402 alone. `data-state`: `loading` | `ready`.
 */
export function H402PaywallSummary({ className, ...props }: H402PaywallSummaryProps) {
  const { payment, t, formatAmount } = useH402Paywall()
  const { paymentRequired, options, selected, status } = payment
  if (status === 'settled') return null
  if (!paymentRequired) {
    if (status !== 'idle' && status !== 'fetching') return null
    return (
      <div
        {...props}
        className={cx('h402-summary', className)}
        data-state="loading"
        data-status={status}
        aria-busy="true"
      >
        <p className="h402-summary-loading">{t('summary.loading')}</p>
      </div>
    )
  }
  const view = selected ?? options.find((entry) => entry.eligible) ?? options[0]
  const option = view?.option
  const description =
    paymentRequired.resource?.description ??
    option?.description ??
    paymentRequired.options.find((entry) => entry.description)?.description
  const resource = paymentRequired.resource?.url ?? option?.resource
  const price = option ? formatAmount(option.amount, option.asset, view?.decimals) : undefined
  return (
    <div
      {...props}
      className={cx('h402-summary', className)}
      data-state="ready"
      data-status={status}
    >
      <p className="h402-summary-label">{t('summary.label')}</p>
      {description ? <p className="h402-summary-description">{description}</p> : null}
      {resource ? <p className="h402-summary-resource">{resource}</p> : null}
      {price && option ? (
        <p className="h402-summary-price">
          <span className="h402-sr-only">{t('summary.price')}: </span>
          <span className="h402-price">{t('summary.priceValue', price)}</span>{' '}
          <span className="h402-summary-network">
            {t('summary.on', { network: option.network.name })}
          </span>
        </p>
      ) : null}
    </div>
  )
}
