import { UserRejectedError } from '../core/errors/wallet.js'
import type { Payer, PaymentContext, PaymentStep, PreparedPayment } from '../core/payer.js'
import type { PaymentOption } from '../core/types.js'

/** Options of {@link mockPayer}. */
export interface MockPayerOptions {
  /** Chain family. Default `'evm'`. */
  namespace?: 'evm' | 'solana'
  /** The address it pays from. */
  address?: string
  /** What it reports as `kind`. Default `'authorization'`. */
  kind?: PreparedPayment['kind']
  /** Balances to report, by option id or for every option. */
  balance?: bigint | ((option: PaymentOption) => bigint | undefined)
  /** Rejects the next N payments as a person would in their wallet. */
  rejections?: number
  /** Seconds the fake payload stays valid. Default 60. */
  validForSeconds?: number
  /** Why it cannot pay an option, if it cannot. */
  canPay?: (option: PaymentOption) => string | undefined
  /** Steps it reports while paying, as a real wallet would. Default `['signing']`. */
  steps?: readonly PaymentStep[]
}

/** A {@link mockPayer}: a `Payer` that records what it was asked to sign. */
export interface MockPayer extends Payer {
  /** Every option it was asked to pay, in order. */
  readonly calls: PaymentOption[]
}

/**
 * A `Payer` for tests and stories: it signs nothing real, returns a recognisable fake payload
 * (`{ mock: true, option, signature }`) and records every call, so a test can assert how many
 * signatures were asked for. Never use it to pay a real server.
 */
export function mockPayer(options: MockPayerOptions = {}): MockPayer {
  const namespace = options.namespace ?? 'evm'
  const address =
    options.address ??
    (namespace === 'evm'
      ? '0x1111111111111111111111111111111111111111'
      : '11111111111111111111111111111112')
  let rejections = options.rejections ?? 0
  const calls: PaymentOption[] = []
  return {
    namespace,
    calls,
    canPay: (option) =>
      option.network.namespace === namespace
        ? options.canPay?.(option)
        : `Not a ${namespace} option.`,
    getAddress: async () => address,
    ...(options.balance === undefined
      ? {}
      : {
          getBalance: async (option: PaymentOption) => {
            const balance =
              typeof options.balance === 'function' ? options.balance(option) : options.balance
            if (balance === undefined) throw new Error('No balance for this option.')
            return balance
          },
        }),
    async createPayment(option: PaymentOption, context: PaymentContext): Promise<PreparedPayment> {
      calls.push(option)
      for (const step of options.steps ?? ['signing']) context.onStep?.(step)
      if (rejections > 0) {
        rejections--
        throw new UserRejectedError()
      }
      const now = context.now()
      return {
        kind: options.kind ?? 'authorization',
        payload: { mock: true, option: option.id, signature: `mock-signature-${calls.length}` },
        payer: address,
        validBefore: now + (options.validForSeconds ?? 60),
        ...(options.kind === 'broadcast' ? { transaction: `0x${'ab'.repeat(32)}` } : {}),
      }
    },
  }
}
