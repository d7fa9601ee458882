import { describe, expect, it } from 'vitest'
import { H402Error } from '../core/errors/base.js'
import {
  ChainRequestError,
  UserRejectedError,
  WalletNotConnectedError,
} from '../core/errors/wallet.js'
import { isUserRejection, toH402Error } from './toH402Error.js'

/** wallet-adapter's `WalletError`: the wallet's own error is kept on `.error`, not `.cause`. */
class WalletError extends Error {
  error: unknown
  constructor(message?: string, error?: unknown) {
    super(message)
    this.error = error
  }
}
class WalletSignTransactionError extends WalletError {
  override name = 'WalletSignTransactionError'
}
class WalletSendTransactionError extends WalletError {
  override name = 'WalletSendTransactionError'
}
class WalletNotConnectedAdapterError extends WalletError {
  override name = 'WalletNotConnectedError'
}

describe('toH402Error', () => {
  it('maps a wallet-adapter sign error to UserRejectedError and keeps it as cause', () => {
    const original = new WalletSignTransactionError('User rejected the request.', {
      code: 4001,
      message: 'User rejected the request.',
    })
    const error = toH402Error(original)
    expect(error).toBeInstanceOf(UserRejectedError)
    expect(error.cause).toBe(original)
    expect(error.userAction).toBe('retry')
  })

  it.each([
    [
      'EIP-1193 style 4001 inside a send error',
      new WalletSendTransactionError('x', { code: 4001 }),
    ],
    ['wallet-standard 4001000', Object.assign(new Error('nope'), { code: 4001000 })],
    ['WalletConnect 5000 as a cause', new Error('wrapped', { cause: { code: 5000 } })],
    ['Ledger 0x6985', Object.assign(new Error('denied'), { statusCode: 0x6985 })],
    [
      'Mobile Wallet Adapter ERROR_NOT_SIGNED',
      Object.assign(new Error('declined'), {
        name: 'SolanaMobileWalletAdapterProtocolError',
        code: -3,
      }),
    ],
    ['a closed popup', Object.assign(new Error('closed'), { name: 'WalletWindowClosedError' })],
  ])('recognises a rejection: %s', (_, error) => {
    expect(isUserRejection(error)).toBe(true)
    expect(toH402Error(error)).toBeInstanceOf(UserRejectedError)
  })

  it('does not read messages: "User rejected" text alone is not a rejection', () => {
    const error = new WalletSendTransactionError('User rejected the request', new Error('boom'))
    expect(isUserRejection(error)).toBe(false)
    expect(toH402Error(error)).toBeInstanceOf(ChainRequestError)
  })

  it('maps a disconnected adapter to WalletNotConnectedError', () => {
    const error = toH402Error(new WalletNotConnectedAdapterError())
    expect(error).toBeInstanceOf(WalletNotConnectedError)
    expect(error.userAction).toBe('reconnect')
  })

  it('passes H402Errors through and wraps anything else with its cause', () => {
    const known = new UserRejectedError()
    expect(toH402Error(known)).toBe(known)
    const other = toH402Error('weird')
    expect(other).toBeInstanceOf(H402Error)
    expect(other.code).toBe('chain_request_failed')
    expect(other.cause).toBe('weird')
  })

  it('survives cyclic chains', () => {
    const a: Record<string, unknown> = { name: 'A' }
    const b: Record<string, unknown> = { name: 'B', cause: a }
    a.error = b
    expect(isUserRejection(a)).toBe(false)
  })
})
