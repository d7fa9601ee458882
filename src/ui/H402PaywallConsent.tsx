'use client'
import type { HTMLAttributes } from 'react'
import { type H402PaywallContextValue, useH402Paywall } from './H402PaywallContext.js'
import { CopyButton } from './internal/CopyButton.js'
import { cx } from './internal/cx.js'
import { extraCostText } from './internal/extraCostText.js'
import { shortenAddress } from './internal/shortenAddress.js'
import { choosingStatuses, inFlightStatuses } from './internal/statuses.js'
import { useRemainingSeconds } from './internal/useRemainingSeconds.js'

/** Props of {@link H402PaywallConsent}. */
export interface H402PaywallConsentProps extends HTMLAttributes<HTMLElement> {}

/**
 * The consent summary of what the Pay button signs: amount, token, network and payee (shortened,
 * with a copy button), all from the selected option, and the quote's expiry countdown. An
 * expired quote is never signed: the Pay button turns off and "Get a new price" fetches the 402
 * again. `data-state`: `valid` | `expired`.
 */
export function H402PaywallConsent({ className, ...props }: H402PaywallConsentProps) {
  const context = useH402Paywall()
  const { payment, t, formatAmount, expired, id, signed } = context
  const { selected, status } = payment
  if (!selected) return null
  if (!choosingStatuses.includes(status) && !inFlightStatuses.includes(status)) return null
  // Once a payment exists and is no longer under way (e.g. paid but not delivered), "You are
  // about to pay" is no longer true.
  if (signed && !inFlightStatuses.includes(status)) return null
  const { option } = selected
  const { amount, token } = formatAmount(option.amount, option.asset, selected.decimals)
  const titleId = `${id}-consent`
  return (
    <section
      aria-labelledby={titleId}
      {...props}
      className={cx('h402-consent', className)}
      data-state={expired ? 'expired' : 'valid'}
      data-status={status}
    >
      <p id={titleId} className="h402-consent-title">
        {t('consent.label')}
      </p>
      <dl className="h402-consent-list">
        <div className="h402-consent-row">
          <dt>{t('consent.amount')}</dt>
          <dd className="h402-consent-amount">{t('summary.priceValue', { amount, token })}</dd>
        </div>
        <div className="h402-consent-row">
          <dt>{t('consent.token')}</dt>
          <dd>
            {token}{' '}
            <span className="h402-mono" title={option.asset.address}>
              {shortenAddress(option.asset.address)}
            </span>
            {selected.verified ? null : (
              <span className="h402-badge" data-tone="warning">
                {t('options.unverified')}
              </span>
            )}
          </dd>
        </div>
        <div className="h402-consent-row">
          <dt>{t('consent.network')}</dt>
          <dd>{option.network.name}</dd>
        </div>
        <div className="h402-consent-row">
          <dt>{t('consent.payee')}</dt>
          <dd>
            <span className="h402-mono" title={option.payTo}>
              {shortenAddress(option.payTo)}
            </span>
            <CopyButton
              value={option.payTo}
              label={t('consent.copy')}
              copiedLabel={t('consent.copied')}
            />
          </dd>
        </div>
      </dl>
      {(selected.extraCosts ?? []).map((cost) => (
        <p key={cost.kind} className="h402-consent-fee" data-cost={cost.kind}>
          {extraCostText(context, cost)}
        </p>
      ))}
      {option.protocol === 'h402-v1' ? (
        <p className="h402-consent-fee">{t('consent.fee')}</p>
      ) : null}
      {context.signed ? null : <Countdown context={context} />}
    </section>
  )
}

function Countdown({ context }: { context: H402PaywallContextValue }) {
  const { payment, t, expired } = context
  const remaining = useRemainingSeconds(
    payment.expiresAt,
    payment.selected?.option.maxTimeoutSeconds,
  )
  if (expired)
    return (
      <div className="h402-expiry" data-state="expired">
        <p className="h402-expiry-text">{t('consent.expired')}</p>
        {choosingStatuses.includes(payment.status) ? (
          <button
            type="button"
            className="h402-button"
            data-variant="outline"
            onClick={() => {
              payment.start().catch(() => {})
            }}
          >
            {t('consent.refresh')}
          </button>
        ) : null}
      </div>
    )
  if (payment.expiresAt === undefined || remaining === undefined) return null
  const minutes = Math.floor(remaining / 60)
  const seconds = String(remaining % 60).padStart(2, '0')
  return (
    <p className="h402-expiry" data-state="valid">
      <span role="timer" className="h402-expiry-text">
        {t('consent.expiresIn', { time: t('time.minutesSeconds', { minutes, seconds }) })}
      </span>
    </p>
  )
}
