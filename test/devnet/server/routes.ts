import type { EvmDevnetInfo } from '../evm/index.js'
import type { SolanaDevnetInfo } from '../solana/index.js'

export type Dialect = 'x402-v1' | 'x402-v2' | 'h402-v1'

/** The chain facts a route needs; a subset of the devnet infos, so the server can run on its own. */
export interface ServerChains {
  evm: Pick<EvmDevnetInfo, 'chainId' | 'usdc' | 'usdt' | 'circleUsdc' | 'payTo'>
  solana: Pick<SolanaDevnetInfo, 'network' | 'usdcMint' | 'token2022Mint' | 'payTo' | 'feePayer'>
}

/** One payment option before the per-request fields (resource URL, timeout) are filled in. */
type OptionDef =
  | {
      protocol: 'x402'
      chain: 'evm' | 'solana'
      asset: string
      amount: string
      payTo: string
      extra: Record<string, unknown>
    }
  | {
      protocol: 'h402'
      namespace: 'evm' | 'solana'
      networkId: string
      tokenAddress: string
      tokenDecimals: number
      tokenSymbol: string
      amountRequired: number
      amountRequiredFormat: 'humanReadable' | 'smallestUnit'
      payToAddress: string
      extra?: Record<string, unknown>
    }

export interface RouteDef {
  path: string
  dialect: Dialect
  description: string
  options: OptionDef[]
}

export const ZERO_ADDRESS = '0x0000000000000000000000000000000000000000'
export const NATIVE_SOL = '11111111111111111111111111111111'
/** x402 v1 has no name for chain 31337; ours is `hardhat`. */
export const V1_EVM_NETWORK = 'hardhat'
export const V1_SOLANA_NETWORK = 'solana-devnet'
export const H402_EVM_NETWORK_ID = '31337'
export const H402_SOLANA_NETWORK_ID = 'devnet'

/**
 * Every demo route. Prices: 0.01 USDC (10000 atomic) everywhere; h402 USDT 0.01 (1e16 atomic, beyond
 * 2^53, hence humanReadable), ETH 0.0001, SOL 0.001 (1000000 lamports, smallestUnit).
 */
export function routeDefs(chains: ServerChains): RouteDef[] {
  const { evm, solana } = chains
  const feePayer = solana.feePayer.address
  const x402EvmUsdc: OptionDef = {
    protocol: 'x402',
    chain: 'evm',
    asset: evm.usdc,
    amount: '10000',
    payTo: evm.payTo,
    extra: { name: 'USD Coin', version: '2' },
  }
  const x402SolUsdc: OptionDef = {
    protocol: 'x402',
    chain: 'solana',
    asset: solana.usdcMint,
    amount: '10000',
    payTo: solana.payTo.address,
    extra: { feePayer },
  }
  const x402SolToken2022: OptionDef = { ...x402SolUsdc, asset: solana.token2022Mint }
  const h402Evm = {
    protocol: 'h402' as const,
    namespace: 'evm' as const,
    networkId: H402_EVM_NETWORK_ID,
    payToAddress: evm.payTo,
  }
  const h402EvmUsdc: OptionDef = {
    ...h402Evm,
    tokenAddress: evm.usdc,
    tokenDecimals: 6,
    tokenSymbol: 'USDC',
    amountRequired: 10000,
    amountRequiredFormat: 'smallestUnit',
    extra: { name: 'USD Coin', version: '2' },
  }
  // Circle's interface: no `verifyTransferAuthorization`, so h402 takes no authorization for it.
  const h402EvmCircleUsdc: OptionDef = {
    ...h402Evm,
    tokenAddress: evm.circleUsdc,
    tokenDecimals: 6,
    tokenSymbol: 'USDC',
    amountRequired: 10000,
    amountRequiredFormat: 'smallestUnit',
    // What h402's createRouteConfigFromPrice sends: the EIP-712 domain, which says nothing of it.
    extra: { name: 'USD Coin', version: '2' },
  }
  const h402EvmUsdt: OptionDef = {
    ...h402Evm,
    tokenAddress: evm.usdt,
    tokenDecimals: 18,
    tokenSymbol: 'USDT',
    amountRequired: 0.01,
    amountRequiredFormat: 'humanReadable',
  }
  const h402EvmEth: OptionDef = {
    ...h402Evm,
    tokenAddress: ZERO_ADDRESS,
    tokenDecimals: 18,
    tokenSymbol: 'ETH',
    amountRequired: 0.0001,
    amountRequiredFormat: 'humanReadable',
  }
  const h402Sol = {
    protocol: 'h402' as const,
    namespace: 'solana' as const,
    networkId: H402_SOLANA_NETWORK_ID,
    payToAddress: solana.payTo.address,
  }
  const h402SolSol: OptionDef = {
    ...h402Sol,
    tokenAddress: NATIVE_SOL,
    tokenDecimals: 9,
    tokenSymbol: 'SOL',
    amountRequired: 1000000,
    amountRequiredFormat: 'smallestUnit',
  }
  const h402SolUsdc: OptionDef = {
    ...h402Sol,
    tokenAddress: solana.usdcMint,
    tokenDecimals: 6,
    tokenSymbol: 'USDC',
    amountRequired: 0.01,
    amountRequiredFormat: 'humanReadable',
  }
  return [
    {
      path: '/x402v1/evm/usdc',
      dialect: 'x402-v1',
      description: 'x402 v1, EVM, USDC (EIP-3009)',
      options: [x402EvmUsdc],
    },
    {
      path: '/x402v2/evm/usdc',
      dialect: 'x402-v2',
      description: 'x402 v2, EVM, USDC (EIP-3009)',
      options: [x402EvmUsdc],
    },
    {
      path: '/x402v1/solana/usdc',
      dialect: 'x402-v1',
      description: 'x402 v1, Solana, USDC',
      options: [x402SolUsdc],
    },
    {
      path: '/x402v2/solana/usdc',
      dialect: 'x402-v2',
      description: 'x402 v2, Solana, USDC',
      options: [x402SolUsdc],
    },
    {
      path: '/x402v2/solana/token2022',
      dialect: 'x402-v2',
      description: 'x402 v2, Solana, Token-2022 mint',
      options: [x402SolToken2022],
    },
    {
      path: '/h402/evm/usdc',
      dialect: 'h402-v1',
      description: 'h402, EVM, USDC (EIP-3009 authorization)',
      options: [h402EvmUsdc],
    },
    {
      path: '/h402/evm/circle-usdc',
      dialect: 'h402-v1',
      description: "h402, EVM, USDC with Circle's interface (transaction)",
      options: [h402EvmCircleUsdc],
    },
    {
      path: '/h402/evm/usdt',
      dialect: 'h402-v1',
      description: 'h402, EVM, USDT (18 decimals, transaction)',
      options: [h402EvmUsdt],
    },
    {
      path: '/h402/evm/eth',
      dialect: 'h402-v1',
      description: 'h402, EVM, native ETH',
      options: [h402EvmEth],
    },
    {
      path: '/h402/solana/sol',
      dialect: 'h402-v1',
      description: 'h402, Solana, native SOL',
      options: [h402SolSol],
    },
    {
      path: '/h402/solana/usdc',
      dialect: 'h402-v1',
      description: 'h402, Solana, USDC',
      options: [h402SolUsdc],
    },
    {
      path: '/x402v1/multi',
      dialect: 'x402-v1',
      description: 'x402 v1, EVM USDC or Solana USDC',
      options: [x402EvmUsdc, x402SolUsdc],
    },
    {
      path: '/x402v2/multi',
      dialect: 'x402-v2',
      description: 'x402 v2, EVM USDC, Solana USDC or Solana Token-2022',
      options: [x402EvmUsdc, x402SolUsdc, x402SolToken2022],
    },
    {
      path: '/h402/multi',
      dialect: 'h402-v1',
      description: 'h402, any of EVM USDC/USDT/ETH and Solana SOL/USDC',
      options: [h402EvmUsdc, h402EvmUsdt, h402EvmEth, h402SolSol, h402SolUsdc],
    },
  ]
}

/**
 * The `accepts` entries exactly as each dialect sends them. `resource` is the full URL of the request,
 * like x402's and h402's Express middleware.
 */
export function buildAccepts(
  route: RouteDef,
  chains: ServerChains,
  resource: string,
  maxTimeoutSeconds: number,
): Record<string, unknown>[] {
  return route.options.map((option) => {
    if (option.protocol === 'h402') {
      return {
        scheme: 'exact',
        namespace: option.namespace,
        networkId: option.networkId,
        tokenAddress: option.tokenAddress,
        tokenDecimals: option.tokenDecimals,
        tokenSymbol: option.tokenSymbol,
        amountRequired: option.amountRequired,
        amountRequiredFormat: option.amountRequiredFormat,
        payToAddress: option.payToAddress,
        resource,
        description: route.description,
        mimeType: 'application/json',
        estimatedProcessingTime: maxTimeoutSeconds,
        ...(option.extra ? { extra: option.extra } : {}),
      }
    }
    if (route.dialect === 'x402-v1') {
      return {
        scheme: 'exact',
        network: option.chain === 'evm' ? V1_EVM_NETWORK : V1_SOLANA_NETWORK,
        maxAmountRequired: option.amount,
        resource,
        description: route.description,
        mimeType: 'application/json',
        payTo: option.payTo,
        maxTimeoutSeconds,
        asset: option.asset,
        extra: option.extra,
      }
    }
    return {
      scheme: 'exact',
      network: option.chain === 'evm' ? `eip155:${chains.evm.chainId}` : chains.solana.network,
      amount: option.amount,
      asset: option.asset,
      payTo: option.payTo,
      maxTimeoutSeconds,
      extra: option.extra,
    }
  })
}
