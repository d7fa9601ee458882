import { describe, expect, test } from 'vitest'
import { H402Error, isH402Error, walk } from './base.js'
import { InvalidPaymentRequiredError } from './parse.js'
import { OutcomeUnknownError } from './payment.js'
import { InsufficientFundsError, UserRejectedError, WrongNetworkError } from './wallet.js'

class UserRejectedRequestError extends Error {
  override name = 'UserRejectedRequestError'
  code = 4001
}

describe('H402Error', () => {
  test('carries a short message, code, next action and the cause in the message', () => {
    const cause = new Error('RPC said no')
    const error = new InvalidPaymentRequiredError({ reason: 'bad shape', cause })
    expect(error.shortMessage).toBe('The server sent payment requirements that cannot be read.')
    expect(error.code).toBe('invalid_payment_required')
    expect(error.userAction).toBe('none')
    expect(error.cause).toBe(cause)
    expect(error.message).toContain('Details: bad shape')
    expect(error.name).toBe('InvalidPaymentRequiredError')
    expect(error).toBeInstanceOf(H402Error)
  })

  test('finds a wallet rejection deep in the cause chain, by type not by message', () => {
    const wallet = new UserRejectedRequestError('whatever the wallet says')
    const wrapped = new Error('viem wrapper', { cause: new Error('transport', { cause: wallet }) })
    const error = new UserRejectedError({ cause: wrapped })
    expect(error.walk((e) => (e as { code?: number }).code === 4001)).toBe(wallet)
    expect(error.walk()).toBe(wallet)
    expect(walk(wrapped, (e) => e instanceof UserRejectedRequestError)).toBe(wallet)
    expect(error.walk((e) => (e as { code?: number }).code === 4100)).toBeNull()
  })

  test('walk stops on a cyclic cause chain', () => {
    const a = new Error('a') as Error & { cause?: unknown }
    const b = new Error('b', { cause: a })
    a.cause = b
    expect(walk(a, () => false)).toBeNull()
  })

  test('each failure has its own code and next action', () => {
    expect(new WrongNetworkError({ expected: 'Base', actual: 'Ethereum' })).toMatchObject({
      code: 'wrong_network',
      userAction: 'switchNetwork',
      expected: 'Base',
    })
    expect(
      new InsufficientFundsError({ required: 10n, available: 3n, symbol: 'USDC' }),
    ).toMatchObject({
      code: 'insufficient_funds',
      userAction: 'fund',
      shortMessage: 'Not enough USDC to pay.',
    })
    expect(new OutcomeUnknownError({ transaction: '0x1' })).toMatchObject({
      code: 'outcome_unknown',
      userAction: 'none',
      transaction: '0x1',
    })
  })

  test('isH402Error recognises errors from another copy of the bundle', () => {
    const foreign = Object.assign(new Error('x'), {
      code: 'c',
      userAction: 'retry',
      shortMessage: 'x',
    })
    expect(isH402Error(foreign)).toBe(true)
    expect(isH402Error(new Error('x'))).toBe(false)
    expect(isH402Error(new UserRejectedError())).toBe(true)
  })
})
