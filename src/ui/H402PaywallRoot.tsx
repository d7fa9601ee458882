'use client'
import {
  type HTMLAttributes,
  type ReactNode,
  Suspense,
  useContext,
  useEffect,
  useId,
  useMemo,
  useRef,
} from 'react'
import { formatAmount as formatExactAmount } from '../core/amount/formatAmount.js'
import type { PaymentPolicy } from '../core/policy/paymentPolicy.js'
import type { PaymentEvent, PaymentSessionState } from '../core/session/types.js'
import type { PaymentAsset, PaymentRequired } from '../core/types.js'
import { H402Context } from '../react/H402Context.js'
import type { H402Payment, H402Receipt } from '../react/types.js'
import { useH402Payment } from '../react/useH402Payment.js'
import {
  type H402DisplayAmount,
  type H402InsufficientFundsProps,
  H402PaywallContext,
  type H402PaywallContextValue,
} from './H402PaywallContext.js'
import { createTranslator, type H402MessageOverrides } from './i18n/createTranslator.js'
import { formatLocalizedAmount } from './i18n/formatLocalizedAmount.js'
import { isCatalogOnDemand } from './i18n/loadCatalog.js'
import { CatalogGate } from './internal/CatalogGate.js'
import { cx } from './internal/cx.js'
import { Slot } from './internal/Slot.js'
import { shortenAddress } from './internal/shortenAddress.js'
import { inFlightStatuses, paywallState } from './internal/statuses.js'
import { useExpired } from './internal/useExpired.js'

/** Props of {@link H402PaywallRoot}. */
export interface H402PaywallRootProps
  extends Omit<HTMLAttributes<HTMLDivElement>, 'children' | 'onError'> {
  /**
   * A payment to show, controlled: from your own `useH402Payment`, or a pinned state in a story
   * or a test. Without it the Root calls `useH402Payment({ url, init, policy })` itself.
   */
  payment?: H402Payment
  /** The paywalled resource (when `payment` is not given). */
  url?: string | URL
  /** The request, as for `fetch` (when `payment` is not given). */
  init?: RequestInit
  /** What may be paid without asking; default: the provider's (when `payment` is not given). */
  policy?: PaymentPolicy
  /** Fetch on mount. Default `true` (when `payment` is not given). */
  enabled?: boolean
  /** A 402 already at hand, e.g. parsed on the server: its price and options render at once. */
  paymentRequired?: PaymentRequired
  /** Locale of the texts, e.g. `'es'`. Default: the provider's, else English. */
  locale?: string
  /** Text overrides by message key, on top of the provider's. */
  messages?: H402MessageOverrides
  /** Color scheme. Default: the provider's, else the system's. */
  theme?: 'light' | 'dark' | 'system'
  /** Renders the insufficient-funds slot. Default: the shortfall and, on test networks, a faucet hint. */
  renderInsufficientFunds?: (props: H402InsufficientFundsProps) => ReactNode
  /** Called once with the receipt when the payment settles. */
  onSettled?: (receipt: H402Receipt) => void
  /** Called on every status change, with timing. */
  onEvent?: (event: PaymentEvent) => void
  /** Renders its one child element instead of a `div`, with the Root's props merged in. */
  asChild?: boolean
  /** The parts. */
  children?: ReactNode
}

/**
 * The paywall's root: holds the payment (given, or made with `useH402Payment`) and gives it to
 * the parts with the locale, texts and theme. It renders a `div.h402-root` that carries the
 * `--h402-*` tokens, `data-h402-theme`, `data-status` (the session's status) and `data-state`.
 */
export function H402PaywallRoot(props: H402PaywallRootProps) {
  if (props.payment) return <PaywallFrame {...props} payment={props.payment} />
  return <PaywallWithHook {...props} />
}

function PaywallWithHook(props: H402PaywallRootProps) {
  const { url, init, policy, enabled, paymentRequired, onEvent, ...rest } = props
  if (url === undefined)
    throw new Error('@h402/paywall: <H402Paywall.Root> needs a `payment` or a `url`.')
  const payment = useH402Payment({
    url,
    ...(init ? { init } : {}),
    ...(policy ? { policy } : {}),
    ...(enabled === undefined ? {} : { enabled }),
    ...(paymentRequired ? { paymentRequired } : {}),
    ...(onEvent ? { onEvent } : {}),
  })
  return <PaywallFrame {...rest} payment={payment} eventsFromHook />
}

type PaywallFrameProps = H402PaywallRootProps & { payment: H402Payment; eventsFromHook?: boolean }

function PaywallFrame({
  payment,
  locale: localeProp,
  messages: messagesProp,
  theme: themeProp,
  onSettled,
  onEvent,
  eventsFromHook,
  className,
  url: _url,
  init: _init,
  policy: _policy,
  enabled: _enabled,
  paymentRequired: _paymentRequired,
  ...rest
}: PaywallFrameProps) {
  // Outside an H402Provider (stories, tests, a headless hook of your own) there are no settings.
  const settings = useContext(H402Context)?.settings
  const locale = localeProp ?? settings?.locale ?? 'en'
  const providerMessages = settings?.messages
  const messages = useMemo(
    () => ({ ...providerMessages, ...messagesProp }) as Record<string, string>,
    [providerMessages, messagesProp],
  )
  const themeSetting = themeProp ?? settings?.theme ?? 'system'
  const theme = themeSetting === 'system' ? undefined : themeSetting
  const { status, receipt } = payment

  useSettled(status === 'settled' ? receipt : undefined, onSettled)
  useSessionEvents(eventsFromHook ? undefined : payment, onEvent)

  const body = (
    <PaywallBody
      {...rest}
      payment={payment}
      locale={locale}
      messages={messages}
      theme={theme}
      className={className}
    />
  )
  // English renders at once, as before. Another language waits for its catalog (a chunk of its
  // own) rather than flashing English: a streaming server render waits for it, and hydration
  // keeps the server's HTML meanwhile. The boundary exists for those languages only, so that an
  // English paywall leaves a suspending child to the app's own boundaries.
  if (!isCatalogOnDemand(locale)) return body
  const fallback = (
    <div
      className={cx('h402-root', className)}
      data-h402-theme={theme}
      data-status={status}
      data-state={paywallState(status)}
      aria-busy="true"
    />
  )
  return (
    <Suspense fallback={fallback}>
      <CatalogGate locale={locale} messages={messages}>
        {body}
      </CatalogGate>
    </Suspense>
  )
}

function PaywallBody({
  payment,
  locale,
  messages,
  theme,
  renderInsufficientFunds,
  asChild,
  className,
  children,
  ...rest
}: Omit<PaywallFrameProps, 'theme' | 'locale' | 'messages'> & {
  locale: string
  messages: Record<string, string>
  theme: 'light' | 'dark' | undefined
}) {
  const t = useMemo(() => createTranslator(locale, messages), [locale, messages])
  const expired = useExpired(payment.expiresAt)
  const id = useId()
  const signed = hasSignedPayment(payment)
  const { status } = payment

  const value = useMemo<H402PaywallContextValue>(
    () => ({
      payment,
      t,
      locale,
      formatAmount: (
        amount: bigint,
        asset: PaymentAsset,
        decimals = asset.decimals,
      ): H402DisplayAmount => {
        const token = asset.symbol ?? shortenAddress(asset.address)
        if (decimals === undefined)
          return {
            amount: t('amount.raw', { amount: formatLocalizedAmount(amount.toString(), locale) }),
            token,
          }
        return {
          amount: formatLocalizedAmount(formatExactAmount(amount, decimals), locale),
          token,
        }
      },
      expired,
      inFlight: inFlightStatuses.includes(status),
      signed,
      renderInsufficientFunds,
      theme,
      id,
    }),
    [payment, t, locale, expired, status, signed, renderInsufficientFunds, theme, id],
  )

  const Component = asChild ? Slot : 'div'
  return (
    <H402PaywallContext.Provider value={value}>
      <Component
        {...rest}
        className={cx('h402-root', className)}
        data-h402-theme={theme}
        data-status={status}
        data-state={paywallState(status)}
      >
        {children}
      </Component>
    </H402PaywallContext.Provider>
  )
}

/** True once the session holds a signed payment for this intent (never sign again for it). */
function hasSignedPayment(payment: H402Payment): boolean {
  const session = payment.session as Partial<H402Payment['session']> | undefined
  const snapshot: Partial<PaymentSessionState> | undefined = session?.getSnapshot?.()
  return snapshot?.payment !== undefined
}

function useSettled(
  receipt: H402Receipt | undefined,
  onSettled: ((receipt: H402Receipt) => void) | undefined,
) {
  const reported = useRef<H402Receipt | undefined>(undefined)
  const callback = useRef(onSettled)
  callback.current = onSettled
  useEffect(() => {
    if (!receipt || reported.current === receipt) return
    reported.current = receipt
    callback.current?.(receipt)
  }, [receipt])
}

/** Reports a controlled payment's status changes from its session, as the hook would. */
function useSessionEvents(
  payment: H402Payment | undefined,
  onEvent: ((event: PaymentEvent) => void) | undefined,
) {
  const callback = useRef(onEvent)
  callback.current = onEvent
  const session = payment?.session as Partial<H402Payment['session']> | undefined
  const subscribe = session?.subscribe
  const getSnapshot = session?.getSnapshot
  useEffect(() => {
    if (!subscribe || !getSnapshot) return
    let previous = getSnapshot()
    const first = previous.since
    return subscribe(() => {
      const state = getSnapshot()
      if (state.status === previous.status) {
        previous = state
        return
      }
      callback.current?.({
        type: state.status,
        previous: previous.status,
        at: state.since,
        durationMs: state.since - previous.since,
        elapsedMs: state.since - first,
        state,
      })
      previous = state
    })
  }, [subscribe, getSnapshot])
}
