'use client'
import type { HTMLAttributes } from 'react'
import type { H402OptionView } from '../react/types.js'
import { type H402PaywallContextValue, useH402Paywall } from './H402PaywallContext.js'
import { cx } from './internal/cx.js'
import { extraCostText } from './internal/extraCostText.js'
import { choosingStatuses } from './internal/statuses.js'

/** Props of {@link H402PaywallOptions}. */
export interface H402PaywallOptionsProps extends HTMLAttributes<HTMLDivElement> {
  /** Leaves out the options that cannot be paid instead of showing them disabled with their reason. */
  hideUnavailable?: boolean
}

/**
 * The option chooser: a radio group of every way to pay (amount, token, network), in the
 * engine's ranking (payable and affordable first), the best one already selected. Options that
 * cannot be paid are disabled with their reason; a token outside the kit's registry is marked
 * "unverified" with its address. Each radio is named "0.01 USDC on Base". A 402 given up front
 * (server rendering) shows before the fetch, disabled until it can be chosen.
 * `data-state`: `enabled` | `disabled`.
 */
export function H402PaywallOptions({
  className,
  hideUnavailable,
  ...props
}: H402PaywallOptionsProps) {
  const context = useH402Paywall()
  const { payment, t, signed, id } = context
  const { options, status } = payment
  if (!payment.paymentRequired || options.length === 0 || signed) return null
  const shownStatuses = [...choosingStatuses, 'connecting', 'idle', 'fetching']
  if (!shownStatuses.includes(status)) return null
  const disabled = !choosingStatuses.includes(status)
  const shown = hideUnavailable ? options.filter((view) => view.eligible) : options
  const labelId = `${id}-options`
  return (
    <div
      role="radiogroup"
      aria-labelledby={labelId}
      aria-disabled={disabled || undefined}
      {...props}
      className={cx('h402-options', className)}
      data-state={disabled ? 'disabled' : 'enabled'}
      data-status={status}
    >
      <p id={labelId} className="h402-options-label">
        {t('options.label')}
      </p>
      {shown.map((view, index) => (
        <OptionRow key={view.id} view={view} index={index} context={context} disabled={disabled} />
      ))}
    </div>
  )
}

function OptionRow({
  view,
  index,
  context,
  disabled,
}: {
  view: H402OptionView
  index: number
  context: H402PaywallContextValue
  disabled: boolean
}) {
  const { payment, t, formatAmount, id } = context
  const { option } = view
  const checked = payment.selected?.id === view.id
  const price = formatAmount(option.amount, option.asset, view.decimals)
  const titleId = `${id}-option-${index}`
  const notesId = `${titleId}-notes`
  const notes: { key: string; text: string; tone?: 'warning' }[] = []
  if (option.network.testnet) notes.push({ key: 'testnet', text: t('options.testnet') })
  if (!view.verified) {
    notes.push({ key: 'unverified', text: t('options.unverified'), tone: 'warning' })
    notes.push({
      key: 'unverifiedHint',
      text: t('options.unverifiedHint', { address: option.asset.address }),
    })
  }
  if (view.balance !== undefined) {
    const balance = formatAmount(view.balance, option.asset, view.decimals)
    notes.push({ key: 'balance', text: t('options.balance', balance) })
  }
  if (view.affordable === false)
    notes.push({
      key: 'insufficient',
      text: t('options.insufficient', { token: price.token }),
      tone: 'warning',
    })
  for (const [index, cost] of (view.extraCosts ?? []).entries())
    notes.push({ key: `cost-${index}`, text: extraCostText(context, cost) })
  if (!view.eligible && view.reason)
    notes.push({ key: 'reason', text: t('options.unavailable', { reason: view.reason }) })
  const state = !view.eligible ? 'unavailable' : checked ? 'checked' : 'unchecked'
  return (
    <label
      className="h402-option"
      data-state={state}
      data-affordable={view.affordable === undefined ? undefined : String(view.affordable)}
      data-verified={String(view.verified)}
      data-protocol={option.protocol}
    >
      <input
        type="radio"
        className="h402-option-input"
        name={`${id}-option`}
        value={view.id}
        checked={checked}
        disabled={disabled || !view.eligible}
        aria-labelledby={titleId}
        aria-describedby={notes.length > 0 ? notesId : undefined}
        onChange={() => payment.select(view.id)}
      />
      <span className="h402-option-body">
        <span id={titleId} className="h402-option-title">
          {t('options.option', { ...price, network: option.network.name })}
        </span>
        {notes.length > 0 ? (
          <span id={notesId} className="h402-option-notes">
            {notes.map((note) => (
              <span key={note.key} className="h402-option-note" data-tone={note.tone}>
                {note.text}
              </span>
            ))}
          </span>
        ) : null}
      </span>
    </label>
  )
}
