'use client'
import type { HTMLAttributes, ReactNode } from 'react'
import { useH402Paywall } from './H402PaywallContext.js'
import { cx } from './internal/cx.js'

/** Props of {@link H402PaywallContent}. */
export interface H402PaywallContentProps extends Omit<HTMLAttributes<HTMLDivElement>, 'children'> {
  /**
   * The paid content, or a function of the paid `Response` (its body left unread, so you read it
   * as you need: `response.json()`, `response.blob()`…).
   */
  children?: ReactNode | ((response: Response) => ReactNode)
}

/**
 * The paid content, once the resource has been delivered: `children`, or the render function
 * called with the paid response. Nothing before. Rendered through React, never as HTML.
 * `data-state`: `paid`.
 */
export function H402PaywallContent({ className, children, ...props }: H402PaywallContentProps) {
  const { payment, id } = useH402Paywall()
  const { status, response } = payment
  if (status !== 'settled' || !response) return null
  if (typeof children !== 'function' && !response.ok) return null
  return (
    <div
      id={`${id}-content`}
      tabIndex={-1}
      {...props}
      className={cx('h402-content', className)}
      data-state="paid"
      data-status={status}
    >
      {typeof children === 'function' ? children(response) : children}
    </div>
  )
}
