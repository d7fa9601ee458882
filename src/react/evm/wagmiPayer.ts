import { walletActions } from 'viem'
import type { Config } from 'wagmi'
import { getConnection, getConnectorClient, getPublicClient, switchChain } from 'wagmi/actions'
import { UnsupportedOptionError } from '../../core/errors/policy.js'
import { WalletNotConnectedError } from '../../core/errors/wallet.js'
import type { Payer, PaymentContext } from '../../core/payer.js'
import type { PaymentOption } from '../../core/types.js'
import { evmPayer } from '../../evm/evmPayer.js'
import type { AnyWalletClient } from '../../evm/toEvmWallet.js'
import { toH402Error } from '../../evm/toH402Error.js'

export { toConnectError } from './toConnectError.js'
// The bridge loads this module on demand and classifies connection errors with it too.
export { toH402Error }

/**
 * A `Payer` over the app's wagmi config and its connected wallet. Reads go through the app's own
 * transports (`getPublicClient`), never a public RPC of ours (SPEC §5.8). The chain switch goes
 * through wagmi's `switchChain`, so wagmi's state (and the app's UI) follows the wallet.
 *
 * @param config The app's wagmi config.
 * @param client The connected wallet's client, as `getConnectorClient(config)` returns it.
 */
export function wagmiPayer(config: Config, client: AnyWalletClient): Payer {
  client = toWalletClient(client)
  const publicClient = (chainId: number) =>
    config.chains.some((chain) => chain.id === chainId)
      ? getPublicClient(config, { chainId })
      : undefined
  const base = evmPayer(client, { publicClient, switchChain: false, chains: config.chains })

  const notConfigured = (option: PaymentOption): string | undefined => {
    const chainId = option.network.chainId
    if (option.network.namespace !== 'evm' || chainId === undefined) return undefined
    if (!config.chains.some((chain) => chain.id === chainId))
      return `This app is not set up for ${option.network.name} (chain ${chainId}).`
    return undefined
  }

  return {
    namespace: 'evm',
    canPay: (option) => base.canPay(option) ?? notConfigured(option),
    getAddress: (option) => base.getAddress(option),
    getBalance: (option, context) => base.getBalance!(option, context),
    describeOption: base.describeOption ? (...args) => base.describeOption!(...args) : undefined,
    checkPayment: base.checkPayment ? (...args) => base.checkPayment!(...args) : undefined,
    async createPayment(option: PaymentOption, context: PaymentContext) {
      const reason = notConfigured(option)
      if (reason) throw new UnsupportedOptionError({ option, reason })
      const chainId = option.network.chainId!
      try {
        const connection = getConnection(config)
        if (connection.status !== 'connected')
          throw new WalletNotConnectedError({ namespace: 'evm' })
        if (connection.chainId !== chainId) {
          context.onStep?.('switching-network')
          await switchChain(config, { chainId })
        }
        const onChain = toWalletClient(await getConnectorClient(config, { chainId }))
        return await evmPayer(onChain, {
          publicClient,
          switchChain: false,
          chains: config.chains,
        }).createPayment(option, context)
      } catch (error) {
        throw toH402Error(error, { option })
      }
    },
  }
}

/**
 * wagmi's connector client is a bare viem `Client`: the wallet actions (`signTypedData`,
 * `sendTransaction`…) the payer calls are added here.
 */
export function toWalletClient(client: { extend: unknown }): AnyWalletClient {
  const extended = client as AnyWalletClient
  return typeof extended.signTypedData === 'function'
    ? extended
    : (extended.extend(walletActions) as AnyWalletClient)
}
