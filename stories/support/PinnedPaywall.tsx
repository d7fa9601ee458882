/**
 * `<H402Paywall>` around a pinned payment (see pinPayment.ts): any status, without a devnet or
 * a wallet. What the story tests and the README's screenshots show.
 */
import { useMemo } from 'react'
import type { PaymentRequired } from '../../src/core/types.js'
import { H402Paywall } from '../../src/ui/index.js'
import { type FixtureName, loadPaymentRequired } from './fixtures.js'
import { type PinOptions, pinPayment } from './pinnedPayment.js'

export interface PinnedPaywallProps {
  /** The recorded 402 the options come from. */
  fixture: FixtureName
  /** The pinned state. */
  pin: Omit<PinOptions, 'paymentRequired'>
  variant?: 'inline' | 'modal'
  theme?: 'light' | 'dark' | 'system'
  locale?: string
  className?: string
  /** Set by the stories' loader: the fixture, parsed. */
  paymentRequired?: PaymentRequired
}

/** Loads the story's fixture (Storybook loaders run before render and may be async). */
export async function loadFixture({
  args,
}: {
  args: Partial<PinnedPaywallProps>
}): Promise<{ paymentRequired: PaymentRequired | undefined }> {
  return { paymentRequired: args.fixture ? await loadPaymentRequired(args.fixture) : undefined }
}

export function PinnedPaywall({
  fixture: _fixture,
  pin,
  paymentRequired,
  variant = 'inline',
  theme,
  locale,
  className,
}: PinnedPaywallProps) {
  // Idle and loading have no 402 yet.
  const loading = pin.status === 'idle' || pin.status === 'fetching'
  const payment = useMemo(
    () => pinPayment({ ...pin, ...(loading ? {} : { paymentRequired }) }),
    [pin, paymentRequired, loading],
  )
  return (
    <H402Paywall
      payment={payment}
      variant={variant}
      {...(theme ? { theme } : {})}
      {...(locale ? { locale } : {})}
      {...(className ? { className } : {})}
    >
      {(response) => <PinnedContent response={response} />}
    </H402Paywall>
  )
}

function PinnedContent({ response }: { response: Response }) {
  return (
    <article
      aria-label="Paid content"
      className="mt-4 max-w-md rounded-lg border border-emerald-600 bg-emerald-50 p-4 font-sans text-sm text-emerald-950"
    >
      <p className="font-semibold">Today’s weather report</p>
      <p>
        Sunny, 24 °C. (Delivered with status {response.status}; the paywall leaves the body for the
        page to read.)
      </p>
    </article>
  )
}
