'use client'
import * as Dialog from '@radix-ui/react-dialog'
import { type ReactNode, useState } from 'react'
import { useH402Paywall } from './H402PaywallContext.js'
import { cx } from './internal/cx.js'

/** Props of {@link H402PaywallModal}. */
export interface H402PaywallModalProps {
  /** The parts to show in the dialog. */
  children?: ReactNode
  /** Whether the dialog is open, controlled. */
  open?: boolean
  /** Whether the dialog starts open, uncontrolled. Default `false`. */
  defaultOpen?: boolean
  /** Called when the dialog opens or closes (never asked to close while a payment is in flight). */
  onOpenChange?: (open: boolean) => void
  /** The trigger's content. Default: "Unlock for 0.01 USDC". */
  trigger?: ReactNode
  /** The dialog's title. Default: "Payment required". */
  title?: ReactNode
  /** Class of the dialog's content panel. */
  className?: string
  /** Class of the trigger button. */
  triggerClassName?: string
  /** Where the dialog is portalled to. Default: `document.body`. */
  container?: HTMLElement | null
}

/**
 * The modal variant: a trigger button and a Radix dialog holding the parts, focus trapped inside
 * and given back on close. While the wallet or the server is working, Esc, a click outside and
 * Close do nothing, so a payment is never abandoned half-way. After payment, closing moves focus
 * to the paid content. `data-state` on the dialog: `open` | `closed`; `data-status`: the status.
 */
export function H402PaywallModal({
  children,
  open: openProp,
  defaultOpen = false,
  onOpenChange,
  trigger,
  title,
  className,
  triggerClassName,
  container,
}: H402PaywallModalProps) {
  const { payment, t, formatAmount, inFlight, theme, id } = useH402Paywall()
  const [openState, setOpenState] = useState(defaultOpen)
  const open = openProp ?? openState
  const setOpen = (next: boolean) => {
    if (!next && inFlight) return
    if (openProp === undefined) setOpenState(next)
    onOpenChange?.(next)
  }
  const { status, selected, options } = payment
  const view = selected ?? options.find((entry) => entry.eligible) ?? options[0]
  const price = view
    ? formatAmount(view.option.amount, view.option.asset, view.decimals)
    : undefined
  const settled = status === 'settled'
  const keepOpen = (event: Event) => {
    if (inFlight) event.preventDefault()
  }
  return (
    <Dialog.Root open={open} onOpenChange={setOpen}>
      {!settled || open ? (
        <Dialog.Trigger asChild>
          <button
            type="button"
            className={cx('h402-button h402-trigger', triggerClassName)}
            data-variant="primary"
            data-status={status}
          >
            {trigger ?? (price ? t('modal.open', price) : t('modal.openNoPrice'))}
          </button>
        </Dialog.Trigger>
      ) : null}
      <Dialog.Portal container={container}>
        <div className="h402-root h402-modal" data-h402-theme={theme} data-status={status}>
          <Dialog.Overlay className="h402-overlay" />
          <Dialog.Content
            className={cx('h402-dialog', className)}
            data-status={status}
            aria-describedby={undefined}
            onEscapeKeyDown={keepOpen}
            onPointerDownOutside={keepOpen}
            onInteractOutside={keepOpen}
            onCloseAutoFocus={(event) => {
              // The trigger is gone once paid: take focus to what was bought instead.
              if (!settled) return
              const content = document.getElementById(`${id}-content`)
              if (content) {
                event.preventDefault()
                content.focus()
              }
            }}
          >
            <div className="h402-dialog-header">
              <Dialog.Title className="h402-dialog-title">{title ?? t('modal.title')}</Dialog.Title>
              <Dialog.Close asChild>
                <button
                  type="button"
                  className="h402-button h402-close"
                  data-variant="ghost"
                  disabled={inFlight}
                >
                  {t('modal.close')}
                </button>
              </Dialog.Close>
            </div>
            {children}
          </Dialog.Content>
        </div>
      </Dialog.Portal>
    </Dialog.Root>
  )
}
