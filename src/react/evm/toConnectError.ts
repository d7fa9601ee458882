import { UnsupportedWalletError } from '../../core/errors/wallet.js'
import { toH402Error } from '../../evm/toH402Error.js'

const walletConnectProvider = '@walletconnect/ethereum-provider'

/**
 * A failed wagmi `connect` as an `H402Error`: the person's "no", a wallet already asking… as the
 * EVM payer classifies them, and WalletConnect without its provider package as what it is.
 */
export function toConnectError(error: unknown, connectorType: string) {
  // wagmi's WalletConnect connector imports this optional peer on first use; without it the
  // bundler's "module not found" would reach the person as an unexplained failure.
  if (connectorType === 'walletConnect' && mentions(error, walletConnectProvider))
    return new UnsupportedWalletError({
      reason: `WalletConnect is not set up: the app must install ${walletConnectProvider}.`,
      cause: error,
    })
  return toH402Error(error)
}

function mentions(error: unknown, text: string): boolean {
  return error instanceof Error && (error.message.includes(text) || mentions(error.cause, text))
}
