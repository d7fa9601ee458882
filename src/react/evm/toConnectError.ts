import { UnsupportedWalletError, WalletNotConnectedError } from '../../core/errors/wallet.js'
import { toH402Error } from '../../evm/toH402Error.js'

const walletConnectProvider = '@walletconnect/ethereum-provider'

/**
 * A failed wagmi `connect` as an `H402Error`: the person's "no", a wallet already asking… as the
 * EVM payer classifies them; a wallet that is not in this browser, and WalletConnect without its
 * provider package, as what they are.
 */
export function toConnectError(error: unknown, connectorType: string) {
  // wagmi's WalletConnect connector imports this optional peer on first use; without it the
  // bundler's "module not found" would reach the person as an unexplained failure.
  if (connectorType === 'walletConnect' && mentions(error, walletConnectProvider))
    return new UnsupportedWalletError({
      reason: `WalletConnect is not set up: the app must install ${walletConnectProvider}.`,
      cause: error,
    })
  // wagmi's `ProviderNotFoundError`: the connector found no wallet to talk to (a listed wallet that
  // is not installed, or the generic injected one with no `window.ethereum`). Not a network fault.
  if (named(error, 'ProviderNotFoundError'))
    return new WalletNotConnectedError({ namespace: 'evm', cause: error })
  return toH402Error(error)
}

function named(error: unknown, name: string): boolean {
  return error instanceof Error && (error.name === name || named(error.cause, name))
}

function mentions(error: unknown, text: string): boolean {
  return error instanceof Error && (error.message.includes(text) || mentions(error.cause, text))
}
