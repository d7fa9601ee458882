'use client'
import type { ButtonHTMLAttributes, MouseEvent } from 'react'
import { useH402Paywall } from './H402PaywallContext.js'
import type { H402MessageKey } from './i18n/en.js'
import { cx } from './internal/cx.js'
import { isWalletNamespace } from './internal/isWalletNamespace.js'
import { Slot } from './internal/Slot.js'
import { choosingStatuses, inFlightStatuses } from './internal/statuses.js'

/** Props of {@link H402PaywallPayButton}. */
export interface H402PaywallPayButtonProps extends ButtonHTMLAttributes<HTMLButtonElement> {
  /** Renders its one child element (e.g. your own button) with the Pay button's props merged in. */
  asChild?: boolean
}

/**
 * The person's consent: "Pay 0.01 USDC", the amount of the option that is signed. Enabled only
 * when that option is payable, its wallet is connected, it is affordable (when known) and the
 * quote has not expired; the reason otherwise is given as its description. When the EVM wallet
 * is on another chain it says so ("Switch network"): the engine switches when paying. Never
 * rendered once a payment is signed or its outcome is unknown. `data-state`: `ready` |
 * `disabled` | `pending`.
 */
export function H402PaywallPayButton({
  className,
  asChild,
  onClick,
  children,
  disabled: disabledProp,
  ...props
}: H402PaywallPayButtonProps) {
  const { payment, t, formatAmount, expired, signed, id } = useH402Paywall()
  const { selected, status, wallets } = payment
  if (!selected || signed) return null
  const pending = inFlightStatuses.includes(status)
  if (!pending && !choosingStatuses.includes(status)) return null

  const { option } = selected
  const { amount, token } = formatAmount(option.amount, option.asset, selected.decimals)
  const namespace = option.network.namespace
  const wallet = isWalletNamespace(namespace) ? wallets[namespace] : undefined
  const connected = wallet?.status === 'connected'
  const switchNeeded =
    connected &&
    namespace === 'evm' &&
    wallet.chainId !== undefined &&
    option.network.chainId !== undefined &&
    wallet.chainId !== option.network.chainId

  let reason: H402MessageKey | undefined
  if (pending) reason = 'pay.busy'
  else if (!selected.eligible) reason = 'pay.unavailable'
  else if (!connected) reason = 'pay.connectFirst'
  else if (selected.affordable === false) reason = 'pay.insufficient'
  else if (expired) reason = 'pay.expired'
  const disabled = Boolean(disabledProp) || reason !== undefined
  const hint = reason ?? (switchNeeded ? 'pay.switchNetwork' : undefined)
  const hintId = `${id}-pay-hint`

  const Component = asChild ? Slot : 'button'
  return (
    <>
      <Component
        type={asChild ? undefined : 'button'}
        id={`${id}-pay`}
        {...props}
        className={cx('h402-button h402-pay', className)}
        data-variant="primary"
        data-state={pending ? 'pending' : disabled ? 'disabled' : 'ready'}
        data-network={switchNeeded ? 'switch' : undefined}
        data-status={status}
        disabled={disabled}
        aria-busy={pending || undefined}
        aria-describedby={hint ? hintId : undefined}
        onClick={(event: MouseEvent<HTMLButtonElement>) => {
          onClick?.(event)
          if (event.defaultPrevented || disabled) return
          payment.pay().catch(() => {})
        }}
      >
        {children ?? t('pay.label', { amount, token })}
      </Component>
      {hint ? (
        <p id={hintId} className="h402-pay-hint" data-reason={hint}>
          {t(hint, { token, network: option.network.name })}
        </p>
      ) : null}
    </>
  )
}
