'use client'
import { type HTMLAttributes, useRef, useState } from 'react'
import { useH402Paywall } from './H402PaywallContext.js'
import type { H402MessageKey } from './i18n/en.js'
import { cx } from './internal/cx.js'
import { errorText } from './internal/errorText.js'
import { inFlightStatuses } from './internal/statuses.js'
import { useFocusWhenLost } from './internal/useFocusWhenLost.js'

/** Props of {@link H402PaywallStatus}. */
export interface H402PaywallStatusProps extends HTMLAttributes<HTMLDivElement> {}

type Step = 'switchNetwork' | 'confirm' | 'broadcasting' | 'confirming' | 'verifying'

const stepNames: Record<Step, H402MessageKey> = {
  switchNetwork: 'step.switchNetwork',
  confirm: 'step.confirm',
  broadcasting: 'step.broadcasting',
  confirming: 'step.confirming',
  verifying: 'step.verifying',
}

const stepNow: Record<Step, H402MessageKey> = {
  switchNetwork: 'step.switchingNow',
  confirm: 'step.confirmNow',
  broadcasting: 'step.broadcastingNow',
  confirming: 'step.confirmingNow',
  verifying: 'step.verifyingNow',
}

/**
 * Step-by-step progress while paying (switch network, confirm in wallet, broadcasting,
 * confirming, verifying), with the current step announced in an `aria-live="polite"` region
 * that is always mounted, so every change is read out. Outside a payment it announces the
 * status (loading, paid, failed) without showing it twice. Until anything is on its way (while
 * connecting, switching network or waiting for the signature) "Cancel payment" ends the attempt
 * and starts over, so a wallet that never answers is not a dead end; a signature that arrives
 * after it is dropped, never sent. `data-status`: the session's status; `data-step`: the
 * current step.
 */
export function H402PaywallStatus({ className, ...props }: H402PaywallStatusProps) {
  const { payment, t, id } = useH402Paywall()
  const { status, step, selected, wallets, error } = payment
  const option = selected?.option
  const wallet = wallets.evm
  const mismatch =
    option?.network.namespace === 'evm' &&
    wallet?.status === 'connected' &&
    wallet.chainId !== undefined &&
    option.network.chainId !== undefined &&
    wallet.chainId !== option.network.chainId
  // Once a switch is needed or seen, its step stays in the list until the payment ends.
  const [switched, setSwitched] = useState(false)
  const stepsRef = useRef<HTMLOListElement>(null)
  const switching = status === 'switching-network' || step === 'switching-network'
  const paying = inFlightStatuses.includes(status) && status !== 'connecting'
  if (paying && (switching || mismatch) && !switched) setSwitched(true)
  if (!paying && switched && !mismatch) setSwitched(false)

  const current: Step | undefined = !paying
    ? undefined
    : switching
      ? 'switchNetwork'
      : status === 'submitting'
        ? 'verifying'
        : step === 'broadcasting'
          ? 'broadcasting'
          : step === 'confirming'
            ? 'confirming'
            : 'confirm'
  const broadcast =
    option?.protocol === 'h402-v1' || step === 'broadcasting' || step === 'confirming'
  const steps: Step[] = [
    ...(switched || mismatch || switching ? (['switchNetwork'] as const) : []),
    'confirm',
    ...(broadcast ? (['broadcasting', 'confirming'] as const) : []),
    'verifying',
  ]
  const currentIndex = current ? steps.indexOf(current) : -1

  let message = ''
  if (current) message = t(stepNow[current], { network: option?.network.name ?? '' })
  else if (status === 'connecting') message = t('status.connecting')
  else if ((status === 'failed' || status === 'outcome-unknown') && error)
    message = errorText(t, error)
  else if (status !== 'payment-required' && status !== 'selecting')
    message = t(`status.${status}` as const)
  const visible = paying || status === 'connecting'
  // What the engine can still end (PaymentSession.reset): nothing signed is on its way yet.
  const cancellable =
    (status === 'connecting' || status === 'switching-network' || status === 'signing') &&
    step !== 'broadcasting' &&
    step !== 'confirming'
  const hintId = `${id}-cancel-hint`
  // Pay is disabled once pressed: keyboard focus moves on to the progress it started.
  useFocusWhenLost(stepsRef, paying)

  return (
    <div
      {...props}
      className={cx('h402-status', className)}
      data-status={status}
      data-step={current}
      data-state={visible ? 'active' : 'idle'}
    >
      {paying ? (
        <ol ref={stepsRef} tabIndex={-1} className="h402-steps" aria-label={t('status.label')}>
          {steps.map((name, index) => {
            const state =
              index < currentIndex ? 'done' : index === currentIndex ? 'current' : 'pending'
            return (
              <li
                key={name}
                className="h402-step"
                data-state={state}
                aria-current={state === 'current' ? 'step' : undefined}
              >
                <span className="h402-step-marker" aria-hidden="true" />
                <span className="h402-step-name">{t(stepNames[name])}</span>
                {state === 'done' ? (
                  <span className="h402-sr-only"> ({t('step.done')})</span>
                ) : null}
              </li>
            )
          })}
        </ol>
      ) : null}
      <p
        className={cx('h402-status-message', !visible && 'h402-sr-only')}
        role="status"
        aria-live="polite"
        aria-atomic="true"
      >
        {message}
      </p>
      {cancellable ? (
        <div className="h402-actions">
          <button
            type="button"
            className="h402-button"
            data-variant="ghost"
            data-action="cancel"
            aria-describedby={hintId}
            onClick={() => payment.reset()}
          >
            {t('status.cancel')}
          </button>
          <p id={hintId} className="h402-status-hint">
            {t('status.cancelHint')}
          </p>
        </div>
      ) : null}
    </div>
  )
}
