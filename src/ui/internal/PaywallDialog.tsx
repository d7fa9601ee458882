'use client'
import * as Dialog from '@radix-ui/react-dialog'
import type { ReactNode, RefObject } from 'react'

/**
 * Props of {@link PaywallDialog}: the modal's, resolved by `H402PaywallModal` (given, not read
 * from the paywall's context, so that this chunk shares no module with the up-front code).
 */
export interface PaywallDialogProps {
  open: boolean
  onOpenChange: (open: boolean) => void
  /** The trigger, rendered by the modal itself (before this chunk loads) and given focus back. */
  triggerRef: RefObject<HTMLButtonElement | null>
  /** The id the trigger's `aria-controls` names. */
  contentId: string
  /** The element that takes focus on close once paid (the trigger is gone then). */
  paidContentId: string
  status: string
  inFlight: boolean
  theme: 'light' | 'dark' | undefined
  title: ReactNode
  closeLabel: string
  className?: string
  container?: HTMLElement | null
  children?: ReactNode
}

/**
 * The Radix dialog of the modal variant, in a chunk of its own: `H402PaywallModal` renders the
 * trigger at once and loads this on first open (or when the trigger is hovered or focused).
 */
export function PaywallDialog({
  open,
  onOpenChange,
  triggerRef,
  contentId,
  paidContentId,
  status,
  inFlight,
  theme,
  title,
  closeLabel,
  className,
  container,
  children,
}: PaywallDialogProps) {
  const settled = status === 'settled'
  const keepOpen = (event: Event) => {
    if (inFlight) event.preventDefault()
  }
  return (
    <Dialog.Root open={open} onOpenChange={onOpenChange}>
      <Dialog.Portal container={container}>
        <div className="h402-root h402-modal" data-h402-theme={theme} data-status={status}>
          <Dialog.Overlay className="h402-overlay" />
          <Dialog.Content
            id={contentId}
            className={className ? `h402-dialog ${className}` : 'h402-dialog'}
            data-status={status}
            aria-describedby={undefined}
            onEscapeKeyDown={keepOpen}
            onPointerDownOutside={keepOpen}
            onInteractOutside={keepOpen}
            onCloseAutoFocus={(event) => {
              // Radix gives focus back to its own trigger; this one is the modal's. Once paid the
              // trigger is gone: focus goes to what was bought instead.
              const target = settled ? document.getElementById(paidContentId) : triggerRef.current
              if (target) {
                event.preventDefault()
                target.focus()
              }
            }}
          >
            <div className="h402-dialog-header">
              <Dialog.Title className="h402-dialog-title">{title}</Dialog.Title>
              <Dialog.Close asChild>
                <button
                  type="button"
                  className="h402-button h402-close"
                  data-variant="ghost"
                  disabled={inFlight}
                >
                  {closeLabel}
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
