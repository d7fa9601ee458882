import { UnsupportedOptionError } from './errors/policy.js'
import type { Payer } from './payer.js'
import type { PaymentOption } from './types.js'

/**
 * One payer made of several of one namespace, each for its own network (CAIP-2 id → payer): a
 * session asks one payer per namespace, and a Solana RPC serves one cluster, so paying on mainnet
 * and devnet from one wallet takes one payer per endpoint. Every call goes to the payer of the
 * option's network; an option on a network with none cannot be paid, and says why.
 *
 * @example
 * payerByNetwork({
 *   'solana:5eykt4UsFv8P8NJdTREpY1vzqKqZKvdp': solanaPayer(wallet, { connection: mainnet }),
 *   'solana:EtWTRABZaYq6iMfeYKouRu166VU2xqa1': solanaPayer(wallet, { connection: devnet }),
 * })
 */
export function payerByNetwork(payers: Readonly<Record<string, Payer>>): Payer {
  const entries = Object.values(payers)
  const first = entries[0]
  if (!first) throw new TypeError('payerByNetwork needs at least one payer.')
  if (entries.some((payer) => payer.namespace !== first.namespace))
    throw new TypeError('payerByNetwork takes payers of one namespace.')
  const served = Object.keys(payers).join(', ')
  const of = (option: PaymentOption) =>
    Object.hasOwn(payers, option.network.id) ? payers[option.network.id] : undefined
  const payerOf = (option: PaymentOption): Payer => {
    const payer = of(option)
    // canPay refuses these first; a caller that skipped it gets the same reason.
    if (!payer) throw new UnsupportedOptionError({ option, reason: noEndpoint(option, served) })
    return payer
  }
  // An optional step is offered only when every payer has it, as a single payer would.
  const all = (step: 'getBalance' | 'describeOption' | 'checkPayment') =>
    entries.every((payer) => payer[step])
  return {
    namespace: first.namespace,
    canPay: (option) => {
      const payer = of(option)
      return payer ? payer.canPay(option) : noEndpoint(option, served)
    },
    getAddress: async (option) => payerOf(option).getAddress(option),
    createPayment: async (option, context) => payerOf(option).createPayment(option, context),
    ...(all('getBalance')
      ? { getBalance: async (option, context) => payerOf(option).getBalance!(option, context) }
      : {}),
    ...(all('describeOption')
      ? {
          describeOption: async (option, context) =>
            payerOf(option).describeOption!(option, context),
        }
      : {}),
    ...(all('checkPayment')
      ? {
          checkPayment: async (option, payment, context) =>
            payerOf(option).checkPayment!(option, payment, context),
        }
      : {}),
  }
}

function noEndpoint(option: PaymentOption, served: string): string {
  return `No RPC endpoint is configured for ${option.network.name} (${option.network.id}); this app pays on ${served}.`
}
