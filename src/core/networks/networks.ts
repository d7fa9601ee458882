import type { Namespace } from '../types.js'
import { solanaNetworkIds } from './solanaNetworkIds.js'

/** A network the kit knows: its ids in every dialect, native coin and explorer. */
export interface NetworkInfo {
  /** CAIP-2 id. */
  id: string
  namespace: Namespace
  /** EVM chain id. */
  chainId?: number
  name: string
  testnet: boolean
  /** x402 v1 network names that mean this network. The first one is canonical. */
  x402Names: readonly string[]
  /** h402 `networkId` (EVM: the decimal chain id; Solana: `'mainnet'`, `'devnet'`, `'testnet'`). */
  h402NetworkId?: string
  nativeCurrency: { name: string; symbol: string; decimals: number }
  /** Block explorer base URL, without a trailing slash. */
  explorer?: string
  /** Query string the explorer needs for this network (Solana clusters share one explorer). */
  explorerQuery?: string
}

const eth = { name: 'Ether', symbol: 'ETH', decimals: 18 } as const
const sol = { name: 'Solana', symbol: 'SOL', decimals: 9 } as const

function evm(
  chainId: number,
  name: string,
  x402Names: readonly string[],
  options: { testnet?: boolean; explorer?: string; native?: NetworkInfo['nativeCurrency'] } = {},
): NetworkInfo {
  return {
    id: `eip155:${chainId}`,
    namespace: 'evm',
    chainId,
    name,
    testnet: options.testnet ?? false,
    x402Names,
    h402NetworkId: String(chainId),
    nativeCurrency: options.native ?? eth,
    ...(options.explorer ? { explorer: options.explorer } : {}),
  }
}

// In a module of its own: the Solana bridge names clusters without loading the registry below.
export { solanaNetworkIds } from './solanaNetworkIds.js'

/**
 * Every network of x402 v1's name table and of h402's chain list, plus a few major chains and
 * the local Hardhat chain. `hardhat` is our own v1 name: x402 v1 has none for chain 31337.
 */
export const networks: readonly NetworkInfo[] = [
  evm(1, 'Ethereum', ['ethereum'], { explorer: 'https://etherscan.io' }),
  evm(11155111, 'Sepolia', ['sepolia'], {
    testnet: true,
    explorer: 'https://sepolia.etherscan.io',
  }),
  evm(8453, 'Base', ['base'], { explorer: 'https://basescan.org' }),
  evm(84532, 'Base Sepolia', ['base-sepolia'], {
    testnet: true,
    explorer: 'https://sepolia.basescan.org',
  }),
  evm(2741, 'Abstract', ['abstract'], { explorer: 'https://abscan.org' }),
  evm(11124, 'Abstract Testnet', ['abstract-testnet'], {
    testnet: true,
    explorer: 'https://sepolia.abscan.org',
  }),
  evm(43114, 'Avalanche', ['avalanche'], {
    explorer: 'https://snowtrace.io',
    native: { name: 'Avalanche', symbol: 'AVAX', decimals: 18 },
  }),
  evm(43113, 'Avalanche Fuji', ['avalanche-fuji'], {
    testnet: true,
    explorer: 'https://testnet.snowtrace.io',
    native: { name: 'Avalanche', symbol: 'AVAX', decimals: 18 },
  }),
  evm(4689, 'IoTeX', ['iotex'], {
    explorer: 'https://iotexscan.io',
    native: { name: 'IoTeX', symbol: 'IOTX', decimals: 18 },
  }),
  evm(3338, 'peaq', ['peaq'], {
    explorer: 'https://peaq.subscan.io',
    native: { name: 'peaq', symbol: 'PEAQ', decimals: 18 },
  }),
  evm(1329, 'Sei', ['sei'], {
    explorer: 'https://seiscan.io',
    native: { name: 'Sei', symbol: 'SEI', decimals: 18 },
  }),
  evm(1328, 'Sei Testnet', ['sei-testnet'], {
    testnet: true,
    explorer: 'https://testnet.seiscan.io',
    native: { name: 'Sei', symbol: 'SEI', decimals: 18 },
  }),
  evm(137, 'Polygon', ['polygon'], {
    explorer: 'https://polygonscan.com',
    native: { name: 'POL', symbol: 'POL', decimals: 18 },
  }),
  evm(80002, 'Polygon Amoy', ['polygon-amoy'], {
    testnet: true,
    explorer: 'https://amoy.polygonscan.com',
    native: { name: 'POL', symbol: 'POL', decimals: 18 },
  }),
  evm(1514, 'Story', ['story'], {
    explorer: 'https://www.storyscan.io',
    native: { name: 'IP', symbol: 'IP', decimals: 18 },
  }),
  evm(41923, 'EDU Chain', ['educhain'], {
    explorer: 'https://explorer.educhain.xyz',
    native: { name: 'EDU', symbol: 'EDU', decimals: 18 },
  }),
  evm(324705682, 'SKALE Base Sepolia', ['skale-base-sepolia'], {
    testnet: true,
    explorer: 'https://base-sepolia-testnet-explorer.skalenodes.com',
    native: { name: 'Credits', symbol: 'CREDIT', decimals: 18 },
  }),
  evm(4326, 'MegaETH', ['megaeth'], { explorer: 'https://mega.etherscan.io' }),
  evm(143, 'Monad', ['monad'], {
    explorer: 'https://monadscan.com',
    native: { name: 'Monad', symbol: 'MON', decimals: 18 },
  }),
  evm(988, 'Stable', ['stable'], {
    explorer: 'https://stablescan.xyz',
    native: { name: 'USDT0', symbol: 'USDT0', decimals: 18 },
  }),
  evm(2201, 'Stable Testnet', ['stable-testnet'], {
    testnet: true,
    explorer: 'https://testnet.stablescan.xyz',
    native: { name: 'USDT0', symbol: 'USDT0', decimals: 18 },
  }),
  evm(42220, 'Celo', ['celo'], {
    explorer: 'https://celoscan.io',
    native: { name: 'Celo', symbol: 'CELO', decimals: 18 },
  }),
  evm(14, 'Flare', ['flare'], {
    explorer: 'https://flare-explorer.flare.network',
    native: { name: 'Flare', symbol: 'FLR', decimals: 18 },
  }),
  evm(56, 'BNB Smart Chain', ['bsc'], {
    explorer: 'https://bscscan.com',
    native: { name: 'BNB', symbol: 'BNB', decimals: 18 },
  }),
  evm(97, 'BNB Smart Chain Testnet', ['bsc-testnet'], {
    testnet: true,
    explorer: 'https://testnet.bscscan.com',
    native: { name: 'BNB', symbol: 'tBNB', decimals: 18 },
  }),
  evm(10, 'OP Mainnet', ['optimism'], { explorer: 'https://optimistic.etherscan.io' }),
  evm(42161, 'Arbitrum One', ['arbitrum'], { explorer: 'https://arbiscan.io' }),
  evm(421614, 'Arbitrum Sepolia', ['arbitrum-sepolia'], {
    testnet: true,
    explorer: 'https://sepolia.arbiscan.io',
  }),
  evm(31337, 'Hardhat', ['hardhat', 'localhost'], { testnet: true }),
  {
    id: solanaNetworkIds.mainnet,
    namespace: 'solana',
    name: 'Solana',
    testnet: false,
    x402Names: ['solana', 'solana-mainnet', 'solana-mainnet-beta'],
    h402NetworkId: 'mainnet',
    nativeCurrency: sol,
    explorer: 'https://explorer.solana.com',
  },
  {
    id: solanaNetworkIds.devnet,
    namespace: 'solana',
    name: 'Solana Devnet',
    testnet: true,
    x402Names: ['solana-devnet'],
    h402NetworkId: 'devnet',
    nativeCurrency: sol,
    explorer: 'https://explorer.solana.com',
    explorerQuery: '?cluster=devnet',
  },
  {
    id: solanaNetworkIds.testnet,
    namespace: 'solana',
    name: 'Solana Testnet',
    testnet: true,
    x402Names: ['solana-testnet'],
    h402NetworkId: 'testnet',
    nativeCurrency: sol,
    explorer: 'https://explorer.solana.com',
    explorerQuery: '?cluster=testnet',
  },
]
