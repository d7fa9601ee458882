'use client'
import { render } from '@testing-library/react'
import type { ReactNode } from 'react'
import { H402Paywall, type H402PaywallProps } from '../H402Paywall.js'
import type { PinnedPayment } from './buildPayment.js'

/** Renders the all-in-one paywall around a pinned payment. */
export function renderPaywall(
  payment: PinnedPayment,
  props: Omit<H402PaywallProps, 'payment'> & {
    children?: ReactNode | ((r: Response) => ReactNode)
  } = {},
) {
  return render(<H402Paywall payment={payment} {...props} />)
}
