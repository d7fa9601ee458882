'use client'
import { type HTMLAttributes, type ReactNode, useEffect, useState } from 'react'
import { isH402Error } from '../core/errors/base.js'
import type { WalletChoice, WalletConnection, WalletNamespace } from '../react/types.js'
import { useH402Paywall } from './H402PaywallContext.js'
import { cx } from './internal/cx.js'
import { errorText } from './internal/errorText.js'
import { isWalletNamespace } from './internal/isWalletNamespace.js'
import { shortenAddress } from './internal/shortenAddress.js'
import { useHydrated } from './internal/useHydrated.js'

/** Props of {@link H402PaywallConnect}. */
export interface H402PaywallConnectProps extends HTMLAttributes<HTMLElement> {
  /** Whose wallets to list. Default: the selected option's namespace (else the best option's). */
  namespace?: WalletNamespace
}

/**
 * Wallet connection for the selected option's chain family: the wallets really installed, each
 * a button named by the wallet's own name (with its icon), in a group named "Connect wallet";
 * a "No wallet found" state saying what to do; once connected, the wallet's name, the shortened
 * address and "Disconnect". On the server, while hydrating and until the browser's wallets are
 * listed, only a placeholder (wallets are the browser's). `data-state`: `pending` | `disconnected` | `connecting` | `reconnecting` |
 * `connected` | `no-wallet`.
 */
export function H402PaywallConnect({ className, namespace, ...props }: H402PaywallConnectProps) {
  const { payment, t, inFlight, id } = useH402Paywall()
  const [pending, setPending] = useState<string | undefined>(undefined)
  const [justConnected, setJustConnected] = useState(false)
  const hydrated = useHydrated()
  const [connectError, setConnectError] = useState<string | undefined>(undefined)
  const { status, options, selected } = payment
  const connectedNow = Object.values(payment.wallets).some(
    (wallet) => wallet?.status === 'connected',
  )
  useEffect(() => {
    // The wallet button that had focus is gone once connected: take focus on to the next step.
    if (!justConnected || !connectedNow) return
    setJustConnected(false)
    const active = document.activeElement
    if (active && active !== document.body) return
    const next = [`${id}-pay`, `${id}-disconnect`]
      .map((elementId) => document.getElementById(elementId) as HTMLButtonElement | null)
      .find((element) => element && !element.disabled)
    next?.focus()
  }, [justConnected, connectedNow, id])
  if (!payment.paymentRequired || status === 'settled' || status === 'outcome-unknown') return null
  const option = (selected ?? options.find((view) => view.eligible) ?? options[0])?.option
  const target = namespace ?? option?.network.namespace
  if (!isWalletNamespace(target)) return null
  const connection: WalletConnection | undefined =
    payment.wallets[target] ?? (payment.wallet?.namespace === target ? payment.wallet : undefined)

  // Every state but the wallet list: the part's box, named by its state.
  const box = (state: string, children: ReactNode, busy = false) => (
    <div
      {...props}
      className={cx('h402-connect', className)}
      data-state={state}
      data-namespace={target}
      data-status={status}
      {...(busy ? { 'aria-busy': true } : {})}
    >
      {children}
    </div>
  )
  // Wallets not known yet: a neutral placeholder, never "No wallet found".
  const placeholder = box('pending', <p className="h402-connect-label">{t('connect.label')}</p>)
  // The server knows no wallet.
  if (!hydrated) return placeholder

  // No wallet bridge for it on this page (an EVM-only app, a 402 that offers Solana alone): no
  // wallet could be connected, and the options already say why they cannot be paid.
  if (!connection) return null

  if (connection.status === 'reconnecting')
    return box(
      'reconnecting',
      <p className="h402-connect-restoring">{t('connect.reconnecting')}</p>,
      true,
    )

  if (connection.status === 'connected' && connection.address) {
    const address = shortenAddress(connection.address)
    return box(
      'connected',
      <>
        <p className="h402-connect-account" title={connection.address}>
          {connection.walletName
            ? t('connect.connectedWith', { wallet: connection.walletName, address })
            : t('connect.connected', { address })}
        </p>
        <button
          type="button"
          id={`${id}-disconnect`}
          className="h402-button h402-connect-disconnect"
          data-variant="ghost"
          disabled={inFlight}
          onClick={() => {
            payment.disconnect(target).catch(() => {})
          }}
        >
          {t('connect.disconnect')}
        </button>
      </>,
    )
  }

  const wallets = connection.wallets
  const installed = wallets.filter((wallet) => wallet.installed)
  // Before the wallets have announced themselves (the kit's wagmi config lists them on mount).
  if (connection.discovering && installed.length === 0) return placeholder
  const connecting = connection.status === 'connecting' || pending !== undefined
  const connect = (wallet: WalletChoice) => {
    setPending(wallet.id)
    setConnectError(undefined)
    payment.connect(wallet.id).then(
      () => {
        setPending(undefined)
        setJustConnected(true)
      },
      (error: unknown) => {
        setPending(undefined)
        setConnectError(isH402Error(error) ? errorText(t, error) : t('connect.failed'))
      },
    )
  }
  const state = connecting ? 'connecting' : installed.length === 0 ? 'no-wallet' : 'disconnected'
  return (
    <fieldset
      {...props}
      className={cx('h402-connect', className)}
      data-state={state}
      data-namespace={target}
      data-status={status}
    >
      <legend className="h402-connect-label">{t('connect.label')}</legend>
      {installed.length === 0 ? (
        <div className="h402-connect-empty">
          <p className="h402-connect-empty-title">{t('connect.noWallet')}</p>
          <p className="h402-connect-empty-help">
            {t('connect.noWalletHelp', { network: option?.network.name ?? target })}
          </p>
        </div>
      ) : (
        <p className="h402-connect-hint">{t('connect.hint')}</p>
      )}
      {wallets.length > 0 ? (
        <ul className="h402-wallets">
          {wallets.map((wallet) => (
            <li key={wallet.id} className="h402-wallet">
              <button
                type="button"
                className="h402-button h402-wallet-button"
                data-variant="outline"
                data-installed={String(wallet.installed)}
                data-state={pending === wallet.id ? 'connecting' : undefined}
                aria-busy={pending === wallet.id || undefined}
                disabled={connecting || inFlight}
                onClick={() => connect(wallet)}
              >
                {iconSource(wallet.icon) ? (
                  <img
                    className="h402-wallet-icon"
                    src={iconSource(wallet.icon)}
                    alt=""
                    width={24}
                    height={24}
                  />
                ) : null}
                <span className="h402-wallet-name">{wallet.name}</span>
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      <p className="h402-connect-progress" role="status">
        {connecting ? t('connect.connecting') : ''}
      </p>
      {connectError ? (
        <p className="h402-connect-error" role="alert">
          {connectError}
        </p>
      ) : null}
    </fieldset>
  )
}

/** A wallet's announced icon, when it is an image data URL or an https URL. */
function iconSource(icon: string | undefined): string | undefined {
  if (!icon) return undefined
  return /^data:image\//i.test(icon) || /^https:\/\//i.test(icon) ? icon : undefined
}
