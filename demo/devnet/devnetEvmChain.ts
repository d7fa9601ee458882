import { type Chain, defineChain } from 'viem'
import type { DevnetInfo } from './devnetInfo.js'

/**
 * The devnet's EVM chain as a viem/wagmi `Chain` (31337 with the devnet's RPC), for the
 * `chains` of a wagmi config in stories. Not viem's `hardhat` chain: its RPC URL is fixed to 8545.
 */
export function devnetEvmChain(devnet: {
  evm: Pick<DevnetInfo['evm'], 'chainId' | 'rpcUrl'>
}): Chain {
  return defineChain({
    id: devnet.evm.chainId,
    name: 'h402 devnet',
    nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
    rpcUrls: { default: { http: [devnet.evm.rpcUrl] } },
    testnet: true,
  })
}
