'use client'
import { type ReactNode, useEffect, useRef, useState } from 'react'
import { useH402Paywall } from './H402PaywallContext.js'
import { cx } from './internal/cx.js'
import { loadPaywallDialog } from './internal/loadPaywallDialog.js'
import type { PaywallDialog } from './internal/PaywallDialog.js'

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
 * to the paid content. `data-state` on the trigger and the dialog: `open` | `closed`;
 * `data-status`: the status.
 *
 * The trigger renders at once (on the server too); the dialog is a chunk of its own, loaded when
 * the trigger is hovered or focused, or on the first open.
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
  const Dialog = useDialog(open, () => setOpen(false))
  const triggerRef = useRef<HTMLButtonElement>(null)
  const contentId = `${id}-dialog`
  const { status, selected, options } = payment
  const view = selected ?? options.find((entry) => entry.eligible) ?? options[0]
  const price = view
    ? formatAmount(view.option.amount, view.option.asset, view.decimals)
    : undefined
  const settled = status === 'settled'
  const prefetch = () => void loadPaywallDialog().catch(() => undefined)
  return (
    <>
      {!settled || open ? (
        // What Radix's Dialog.Trigger renders, so that it exists before the dialog's chunk.
        <button
          ref={triggerRef}
          type="button"
          className={cx('h402-button h402-trigger', triggerClassName)}
          data-variant="primary"
          data-status={status}
          data-state={open ? 'open' : 'closed'}
          aria-haspopup="dialog"
          aria-expanded={open}
          aria-controls={open && Dialog ? contentId : undefined}
          onPointerEnter={prefetch}
          onFocus={prefetch}
          onClick={() => setOpen(!open)}
        >
          {trigger ?? (price ? t('modal.open', price) : t('modal.openNoPrice'))}
        </button>
      ) : null}
      {Dialog ? (
        <Dialog
          open={open}
          onOpenChange={setOpen}
          triggerRef={triggerRef}
          contentId={contentId}
          paidContentId={`${id}-content`}
          status={status}
          inFlight={inFlight}
          theme={theme}
          title={title ?? t('modal.title')}
          closeLabel={t('modal.close')}
          className={className}
          container={container}
        >
          {children}
        </Dialog>
      ) : null}
    </>
  )
}

/**
 * The dialog component once its chunk is loaded, from the first open on (before that nothing is
 * rendered: the server's HTML and the first client render are the trigger alone). A failed load
 * closes the modal, so that the next open tries again.
 */
function useDialog(open: boolean, close: () => void): typeof PaywallDialog | undefined {
  const [dialog, setDialog] = useState<{ component: typeof PaywallDialog }>()
  const closeRef = useRef(close)
  closeRef.current = close
  useEffect(() => {
    if (!open || dialog) return
    let live = true
    loadPaywallDialog().then(
      (component) => {
        if (live) setDialog({ component })
      },
      () => {
        if (live) closeRef.current()
      },
    )
    return () => {
      live = false
    }
  }, [open, dialog])
  return dialog?.component
}
