import {
  BaseError,
  ChainMismatchError,
  HttpRequestError,
  UserRejectedRequestError,
  InsufficientFundsError as ViemInsufficientFundsError,
} from 'viem'
import { base, mainnet } from 'viem/chains'
import { describe, expect, it } from 'vitest'
import { QuoteExpiredError } from '../core/errors/payment.js'
import {
  ChainRequestError,
  InsufficientFundsError,
  UserRejectedError,
  WrongNetworkError,
} from '../core/errors/wallet.js'
import type { PaymentOption } from '../core/types.js'
import { isTransportFailure } from './readOrUndefined.js'
import { toH402Error } from './toH402Error.js'

const option = {
  id: 'x',
  protocol: 'h402-v1',
  scheme: 'exact',
  network: { id: 'eip155:8453', namespace: 'evm', chainId: 8453, name: 'Base', testnet: false },
  asset: { address: '0x0000000000000000000000000000000000000000', native: true, symbol: 'ETH' },
  amount: 5n,
  payTo: '0x209693Bc6afc0C5328bA36FaF03C514EF312287C',
  supported: true,
  raw: {},
} satisfies PaymentOption

describe('toH402Error', () => {
  it('finds a rejection anywhere in the cause chain, in viem or raw EIP-1193 shape', () => {
    const raw = Object.assign(new Error('User denied'), { code: 4001 })
    const wrapped = new Error('outer', { cause: new UserRejectedRequestError(raw) })
    for (const error of [raw, wrapped, { code: 4001, message: 'plain object' }, { code: 5000 }]) {
      const mapped = toH402Error(error)
      expect(mapped).toBeInstanceOf(UserRejectedError)
      expect(mapped.cause).toBe(error)
    }
  })

  it('maps a chain mismatch to WrongNetworkError naming the expected network', () => {
    const mismatch = new ChainMismatchError({ chain: base, currentChainId: mainnet.id })
    const mapped = toH402Error(new Error('send failed', { cause: mismatch }), { option })
    expect(mapped).toBeInstanceOf(WrongNetworkError)
    expect((mapped as WrongNetworkError).expected).toBe('Base')
    expect(mapped.userAction).toBe('switchNetwork')
  })

  it("maps a node's insufficient funds to InsufficientFundsError in the native coin", () => {
    const mapped = toH402Error(new ViemInsufficientFundsError({ cause: new BaseError('x') }), {
      option,
    })
    expect(mapped).toBeInstanceOf(InsufficientFundsError)
    expect(mapped.shortMessage).toBe('Not enough ETH to pay.')
    expect((mapped as InsufficientFundsError).required).toBe(5n)
  })

  it('passes H402Errors through and wraps anything else with its cause', () => {
    const expired = new QuoteExpiredError()
    expect(toH402Error(expired)).toBe(expired)
    const odd = new TypeError('boom')
    const mapped = toH402Error(odd)
    expect(mapped).toBeInstanceOf(ChainRequestError)
    expect(mapped.cause).toBe(odd)
    expect(mapped.code).toBe('chain_request_failed')
  })

  it('tells transport failures from contract answers', () => {
    const down = new HttpRequestError({ url: 'http://127.0.0.1:1', status: 502 })
    expect(isTransportFailure(new Error('read failed', { cause: down }))).toBe(true)
    expect(isTransportFailure(new Error('execution reverted'))).toBe(false)
  })
})
