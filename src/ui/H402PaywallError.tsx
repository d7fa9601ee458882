'use client'
import { type HTMLAttributes, useEffect, useRef, useState } from 'react'
import type { H402Error } from '../core/errors/base.js'
import { type H402PaywallContextValue, useH402Paywall } from './H402PaywallContext.js'
import type { H402MessageKey } from './i18n/en.js'
import { cx } from './internal/cx.js'
import { errorText } from './internal/errorText.js'
import { explorerLink } from './internal/explorerLink.js'
import { InsufficientFunds } from './internal/InsufficientFunds.js'
import { isWalletNamespace } from './internal/isWalletNamespace.js'
import { shortenAddress } from './internal/shortenAddress.js'
import { maybePaidCodes } from './internal/statuses.js'
import { useFocusWhenLost } from './internal/useFocusWhenLost.js'

/** Props of {@link H402PaywallError}. */
export interface H402PaywallErrorProps extends HTMLAttributes<HTMLDivElement> {}

/**
 * What went wrong, by `error.code` in the person's language, the server's reason as text, and
 * the one next action its `userAction` calls for: "Try again", "Switch network", "Choose another
 * option", "Reconnect wallet", or the funding slot. When money may have moved
 * (`outcome-unknown`, `paid_not_delivered`) it says so, links the transaction when known and
 * offers "Check payment"; it never offers to pay again, and starting a new payment takes an
 * explicit confirmation. `data-state`: `failed` | `unknown`; `data-code`: the error's code.
 */
export function H402PaywallError({ className, ...props }: H402PaywallErrorProps) {
  const context = useH402Paywall()
  const { payment } = context
  const { error, status } = payment
  const ref = useRef<HTMLDivElement>(null)
  const shown = error !== undefined || status === 'outcome-unknown'
  useFocusWhenLost(ref, shown)
  if (!shown) return null
  const maybePaid =
    status === 'outcome-unknown' || (error !== undefined && maybePaidCodes.includes(error.code))
  return (
    <div
      ref={ref}
      tabIndex={-1}
      {...props}
      className={cx('h402-error', className)}
      data-state={maybePaid ? 'unknown' : 'failed'}
      data-status={status}
      data-code={error?.code}
    >
      {maybePaid ? (
        <MaybePaid context={context} error={error} />
      ) : error ? (
        <Failure context={context} error={error} />
      ) : null}
    </div>
  )
}

function Failure({ context, error }: { context: H402PaywallContextValue; error: H402Error }) {
  const { payment, t, signed } = context
  const { status, selected } = payment
  const reason = serverReason(error)
  // Before anything terminal (a declined prompt back at the choice) the Pay button is the action.
  const actionable = status === 'failed'
  const again = () => (signed ? payment.reset() : void payment.retry().catch(() => {}))
  const network = selected?.option.network.name ?? ''
  let action: { label: H402MessageKey; run: () => void; hint?: string } | undefined
  switch (error.userAction) {
    case 'retry':
      action = { label: 'action.retry', run: again }
      break
    case 'fund':
      action = { label: 'action.fund', run: again }
      break
    case 'chooseOther':
      action = { label: 'action.chooseOther', run: again }
      break
    case 'switchNetwork':
      action = signed
        ? { label: 'action.startOver', run: () => payment.reset() }
        : {
            label: 'action.switchNetwork',
            run: () => void payment.pay().catch(() => {}),
            hint: t('action.switchNetworkHint', { network }),
          }
      break
    case 'reconnect':
      action = {
        label: 'action.reconnect',
        run: () => {
          const namespace = selected?.option.network.namespace
          const disconnect = isWalletNamespace(namespace)
            ? payment.disconnect(namespace)
            : Promise.resolve()
          disconnect.then(() => payment.retry()).catch(() => {})
        },
      }
      break
    default:
      action = { label: 'action.startOver', run: () => payment.reset() }
  }
  const hintId = `${context.id}-error-hint`
  return (
    <>
      <p className="h402-error-message">{errorText(t, error)}</p>
      {reason ? <p className="h402-error-reason">{t('error.serverSaid', { reason })}</p> : null}
      {error.userAction === 'fund' && selected?.balance !== undefined ? (
        <InsufficientFunds
          context={context}
          props={{
            option: selected.option,
            balance: selected.balance,
            shortfall: selected.option.amount - selected.balance,
          }}
          render={context.renderInsufficientFunds}
        />
      ) : null}
      {actionable ? (
        <div className="h402-actions">
          <button
            type="button"
            className="h402-button"
            data-variant="outline"
            data-action={error.userAction}
            aria-describedby={action.hint ? hintId : undefined}
            onClick={action.run}
          >
            {t(action.label)}
          </button>
          {action.hint ? (
            <p id={hintId} className="h402-error-hint">
              {action.hint}
            </p>
          ) : null}
        </div>
      ) : null}
    </>
  )
}

function MaybePaid({
  context,
  error,
}: {
  context: H402PaywallContextValue
  error: H402Error | undefined
}) {
  const { payment, t, id } = context
  const [checking, setChecking] = useState(false)
  const [confirming, setConfirming] = useState(false)
  const cancelRef = useRef<HTMLButtonElement>(null)
  const startRef = useRef<HTMLButtonElement>(null)
  const moved = useRef(false)
  useEffect(() => {
    // Keep keyboard focus where the person is: on Cancel when asked, back on the opener after.
    if (!moved.current) {
      moved.current = true
      return
    }
    ;(confirming ? cancelRef : startRef).current?.focus()
  }, [confirming])

  const reconciliation = payment.reconciliation
  const unknown = payment.status === 'outcome-unknown'
  const transaction =
    reconciliation?.transaction ??
    (error as { transaction?: unknown } | undefined)?.transaction ??
    undefined
  const link =
    typeof transaction === 'string' && transaction
      ? explorerLink(
          payment.selected?.option.network.id ?? payment.receipt?.network.id,
          transaction,
        )
      : undefined
  const check = () => {
    if (checking) return
    setChecking(true)
    payment
      .check()
      .catch(() => {})
      .finally(() => setChecking(false))
  }
  const confirmId = `${id}-new-payment`
  const result: H402MessageKey | undefined =
    reconciliation?.status === 'paid'
      ? 'unknown.paid'
      : reconciliation?.status === 'not-paid'
        ? 'unknown.notPaid'
        : reconciliation?.status === 'unknown'
          ? 'unknown.stillUnknown'
          : undefined
  return (
    <>
      <p className="h402-error-title">
        {unknown || !error ? t('unknown.title') : errorText(t, error)}
      </p>
      {unknown || !error ? <p className="h402-error-message">{t('unknown.body')}</p> : null}
      {typeof transaction === 'string' && transaction ? (
        <p className="h402-error-transaction">
          {link ? (
            <a
              className="h402-link h402-mono"
              href={link}
              target="_blank"
              rel="noopener noreferrer"
              title={transaction}
            >
              {t('unknown.transaction', { transaction: shortenAddress(transaction) })}
            </a>
          ) : (
            <span className="h402-mono" title={transaction}>
              {shortenAddress(transaction)}
            </span>
          )}
        </p>
      ) : null}
      <p className="h402-error-check" role="status">
        {checking ? t('unknown.checking') : result ? t(result) : ''}
        {!checking && reconciliation?.reason ? ` ${reconciliation.reason}` : ''}
      </p>
      <div className="h402-actions">
        {unknown ? (
          <button
            type="button"
            className="h402-button"
            data-variant="primary"
            data-action="check"
            aria-disabled={checking || undefined}
            onClick={check}
          >
            {t('unknown.check')}
          </button>
        ) : null}
        {confirming ? null : (
          <button
            ref={startRef}
            type="button"
            className="h402-button"
            data-variant="ghost"
            data-action="new-payment"
            onClick={() => setConfirming(true)}
          >
            {t('unknown.newPayment')}
          </button>
        )}
      </div>
      {confirming ? (
        <fieldset className="h402-confirm" aria-describedby={`${confirmId}-body`}>
          <legend className="h402-confirm-title">{t('unknown.confirmTitle')}</legend>
          <p id={`${confirmId}-body`} className="h402-confirm-body">
            {t('unknown.confirmBody')}
          </p>
          <div className="h402-actions">
            <button
              ref={cancelRef}
              type="button"
              className="h402-button"
              data-variant="outline"
              onClick={() => setConfirming(false)}
            >
              {t('unknown.cancel')}
            </button>
            <button
              type="button"
              className="h402-button"
              data-variant="danger"
              data-action="confirm-new-payment"
              onClick={() => {
                payment.reset()
                setConfirming(false)
              }}
            >
              {t('unknown.confirm')}
            </button>
          </div>
        </fieldset>
      ) : null}
    </>
  )
}

/** The server's reason of a refusal (a server string: shown as text, never as HTML). */
function serverReason(error: H402Error): string | undefined {
  const reason = (error as { reason?: unknown }).reason
  return typeof reason === 'string' && reason ? reason : undefined
}
