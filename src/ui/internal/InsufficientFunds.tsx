'use client'
import type { ReactNode } from 'react'
import type { H402InsufficientFundsProps, H402PaywallContextValue } from '../H402PaywallContext.js'
import { faucetUrl } from './faucets.js'

/** The insufficient-funds slot: the app's renderer, else the default hint. */
export function InsufficientFunds({
  context,
  props,
  render,
}: {
  context: H402PaywallContextValue
  props: H402InsufficientFundsProps
  render: ((props: H402InsufficientFundsProps) => ReactNode) | undefined
}) {
  const { t, formatAmount } = context
  if (render) return <div className="h402-funds">{render(props)}</div>
  const { option } = props
  const shortfall = props.shortfall > 0n ? props.shortfall : 0n
  const { amount, token } = formatAmount(shortfall, option.asset)
  const network = option.network.name
  const faucet = faucetUrl(option)
  return (
    <div className="h402-funds">
      <p className="h402-funds-shortfall">
        {t('balance.insufficient', { shortfall: amount, token, network })}
      </p>
      {option.network.testnet ? (
        <p className="h402-funds-hint">
          {t('balance.faucet', { network, token })}
          {faucet ? (
            <>
              {' '}
              <a className="h402-link" href={faucet} target="_blank" rel="noopener noreferrer">
                {new URL(faucet).host}
              </a>
            </>
          ) : null}
        </p>
      ) : (
        <p className="h402-funds-hint">{t('balance.fund', { network, token })}</p>
      )}
    </div>
  )
}
