import { describe, expect, test } from 'vitest'
import {
  getExplorerUrl,
  getNetwork,
  getNetworkByChainId,
  getNetworkByH402Id,
  getNetworkByX402Name,
} from './getNetwork.js'
import { networks, solanaNetworkIds } from './networks.js'
import { getToken, tokens } from './tokens.js'

// protocols.md §6: x402 v1's EVM name table and the SVM names.
const x402V1Names: Record<string, number | string> = {
  ethereum: 1,
  sepolia: 11155111,
  abstract: 2741,
  'abstract-testnet': 11124,
  base: 8453,
  'base-sepolia': 84532,
  avalanche: 43114,
  'avalanche-fuji': 43113,
  iotex: 4689,
  peaq: 3338,
  sei: 1329,
  'sei-testnet': 1328,
  polygon: 137,
  'polygon-amoy': 80002,
  story: 1514,
  educhain: 41923,
  'skale-base-sepolia': 324705682,
  megaeth: 4326,
  monad: 143,
  stable: 988,
  'stable-testnet': 2201,
  solana: solanaNetworkIds.mainnet,
  'solana-devnet': solanaNetworkIds.devnet,
  'solana-testnet': solanaNetworkIds.testnet,
}

describe('the network registry', () => {
  test.each(Object.entries(x402V1Names))('maps the x402 v1 name %s', (name, expected) => {
    const network = getNetworkByX402Name(name)
    expect(network?.id).toBe(typeof expected === 'number' ? `eip155:${expected}` : expected)
  })

  test.each([[1], [8453], [56], [137], [1329], [1514], [2741], [3338], [43114], [4689]])(
    'maps h402 EVM network id %s',
    (chainId) => {
      expect(getNetworkByH402Id('evm', String(chainId))?.chainId).toBe(chainId)
    },
  )

  test('maps the Solana clusters of every dialect to their genesis ids', () => {
    expect(getNetworkByH402Id('solana', 'mainnet')?.id).toBe(
      'solana:5eykt4UsFv8P8NJdTREpY1vzqKqZKvdp',
    )
    expect(getNetwork('solana:EtWTRABZaYq6iMfeYKouRu166VU2xqa1')?.testnet).toBe(true)
    expect(getNetwork(solanaNetworkIds.testnet)?.name).toBe('Solana Testnet')
  })

  test('has unique ids, names and chain ids, and a native currency for each', () => {
    const ids = networks.map((network) => network.id)
    expect(new Set(ids).size).toBe(ids.length)
    const names = networks.flatMap((network) => network.x402Names)
    expect(new Set(names).size).toBe(names.length)
    for (const network of networks) {
      expect(network.nativeCurrency.decimals).toBeGreaterThan(0)
      if (network.namespace === 'evm') expect(network.id).toBe(`eip155:${network.chainId}`)
    }
  })

  test('builds explorer links for transactions and addresses', () => {
    const base = getNetworkByChainId(8453)!
    expect(getExplorerUrl(base, { transaction: '0x12' })).toBe('https://basescan.org/tx/0x12')
    expect(getExplorerUrl(base, { address: '0xab' })).toBe('https://basescan.org/address/0xab')
    const devnet = getNetwork(solanaNetworkIds.devnet)!
    expect(getExplorerUrl(devnet, { transaction: 'sig' })).toBe(
      'https://explorer.solana.com/tx/sig?cluster=devnet',
    )
    expect(getExplorerUrl(getNetworkByChainId(31337)!, { transaction: '0x12' })).toBeUndefined()
  })
})

describe('the token registry', () => {
  test('knows USDC and USDT on the major chains with decimals and EIP-712 domains', () => {
    expect(getToken('eip155:8453', '0x833589fcd6edb6e08f4c7c32d4f71b54bda02913')).toMatchObject({
      symbol: 'USDC',
      decimals: 6,
      eip712: { name: 'USD Coin', version: '2' },
    })
    expect(
      getToken('eip155:84532', '0x036CbD53842c5426634e7929541eC2318f3dCF7e')?.eip712?.name,
    ).toBe('USDC')
    expect(getToken('eip155:56', '0x55d398326f99059fF775485246999027B3197955')).toMatchObject({
      symbol: 'USDT',
      decimals: 18,
    })
    expect(
      getToken('eip155:56', '0x55d398326f99059fF775485246999027B3197955')?.eip712,
    ).toBeUndefined()
    expect(
      getToken(solanaNetworkIds.mainnet, 'EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v')?.symbol,
    ).toBe('USDC')
  })

  test('does not match a token on another network or a base58 mint case-insensitively', () => {
    expect(getToken('eip155:1', '0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913')).toBeUndefined()
    expect(
      getToken(solanaNetworkIds.mainnet, 'epjfwdd5aufqssqem2qn1xzybapc8g4wegGkZwyTDt1v'),
    ).toBeUndefined()
  })

  // The look-ups read an index of the list made on first use: it must answer as a scan would.
  test('finds what a scan of the list finds, for every key of every network', () => {
    for (const network of networks) {
      expect(getNetwork(network.id)).toBe(networks.find((each) => each.id === network.id))
      for (const name of network.x402Names)
        expect(getNetworkByX402Name(name)).toBe(
          networks.find((each) => each.x402Names.includes(name)),
        )
      if (network.h402NetworkId !== undefined)
        expect(getNetworkByH402Id(network.namespace, network.h402NetworkId)).toBe(network)
    }
    for (const token of tokens) {
      expect(getToken(token.network, token.address)).toBe(token)
      expect(getToken(token.network, token.address.toLowerCase())).toBe(
        token.address.startsWith('0x') ? token : undefined,
      )
    }
  })

  test('an h402 id is looked up in its namespace, and unknown keys find nothing', () => {
    expect(getNetworkByH402Id('solana', '1')).toBeUndefined()
    expect(getNetworkByH402Id('evm', 'mainnet')).toBeUndefined()
    expect(getNetworkByX402Name('eip155:8453')).toBeUndefined()
    expect(getNetworkByX402Name('__proto__')).toBeUndefined()
    expect(getNetwork('base')).toBeUndefined()
    expect(getToken('eip155:999999', '0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913')).toBeUndefined()
  })

  test("the app's networks and tokens come before the built-in ones", () => {
    const base = getNetwork('eip155:8453')!
    const mine = { ...base, name: 'My Base', h402NetworkId: '8453' }
    expect(getNetwork('eip155:8453', { networks: [mine] })).toBe(mine)
    expect(getNetworkByX402Name('base', { networks: [mine] })).toBe(mine)
    expect(getNetworkByH402Id('evm', '8453', { networks: [mine] })).toBe(mine)
    const usdc = getToken('eip155:8453', '0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913')!
    const myUsdc = { ...usdc, symbol: 'mUSDC' }
    expect(getToken(usdc.network, usdc.address.toLowerCase(), { tokens: [myUsdc] })).toBe(myUsdc)
    // Not theirs: an app token on another network does not hide the built-in one.
    expect(
      getToken(usdc.network, usdc.address, { tokens: [{ ...myUsdc, network: 'eip155:1' }] }),
    ).toBe(usdc)
  })

  test('lists only tokens on known networks, once each', () => {
    const keys = tokens.map((token) => `${token.network}/${token.address.toLowerCase()}`)
    expect(new Set(keys).size).toBe(keys.length)
    for (const token of tokens) expect(getNetwork(token.network), token.network).toBeDefined()
  })
})
