import type { Address, Chain } from 'viem'
import type { PaymentContext } from '../core/payer.js'
import type { ChainReader } from './createChainReader.js'
import type { ProbeCache } from './probeContract.js'
import type { EvmWallet } from './toEvmWallet.js'

/** Everything one payment needs, resolved once by `evmPayer` and passed down. */
export interface EvmPaymentEnv {
  wallet: EvmWallet
  reader: ChainReader
  context: PaymentContext
  /** The option's chain id (checked by `canPay`). */
  chainId: number
  /** The paying address, as the wallet reports it. */
  from: Address
  /** With a WalletClient on another chain: switch (default) or refuse. */
  switchChain: boolean
  /** Chains the wallet may be asked to add. */
  chains: readonly Chain[]
  /** Receipt polling interval in ms (viem's default when undefined). */
  pollingInterval: number | undefined
  /** How long to wait for a broadcast transaction's receipt, in ms. */
  receiptTimeout: number
  /** The payer's memory of what tokens answered (EIP-3009 support, domain, decimals). */
  probes: ProbeCache
  /** Longest an authorization may stay valid, in seconds. */
  maxValiditySeconds: number
}
