'use client'
import type { HTMLAttributes, ReactNode } from 'react'
import { type H402InsufficientFundsProps, useH402Paywall } from './H402PaywallContext.js'
import { cx } from './internal/cx.js'
import { InsufficientFunds } from './internal/InsufficientFunds.js'
import { choosingStatuses } from './internal/statuses.js'

/** Props of {@link H402PaywallBalance}. */
export interface H402PaywallBalanceProps extends HTMLAttributes<HTMLDivElement> {
  /** Renders the insufficient-funds slot; default: the Root's `renderInsufficientFunds`, else the shortfall and, on test networks, a faucet hint. */
  renderInsufficientFunds?: (props: H402InsufficientFundsProps) => ReactNode
}

/**
 * The connected wallet's balance of the selected option's token, once read, and, when it is
 * short, the insufficient-funds slot with the exact shortfall. `data-state`: `sufficient` |
 * `insufficient`.
 */
export function H402PaywallBalance({
  className,
  renderInsufficientFunds,
  ...props
}: H402PaywallBalanceProps) {
  const context = useH402Paywall()
  const { payment, t, formatAmount, signed } = context
  const { selected, status } = payment
  if (!selected || selected.balance === undefined || signed) return null
  if (!choosingStatuses.includes(status)) return null
  const { option, balance } = selected
  const insufficient = selected.affordable === false || balance < option.amount
  return (
    <div
      {...props}
      className={cx('h402-balance', className)}
      data-state={insufficient ? 'insufficient' : 'sufficient'}
      data-status={status}
    >
      <p className="h402-balance-amount">
        {t('balance.label', formatAmount(balance, option.asset, selected.decimals))}
      </p>
      {insufficient ? (
        <InsufficientFunds
          context={context}
          props={{ option, balance, shortfall: option.amount - balance }}
          render={renderInsufficientFunds ?? context.renderInsufficientFunds}
        />
      ) : null}
    </div>
  )
}
