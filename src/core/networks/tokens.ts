import { solanaNetworkIds } from './networks.js'

/** A token the kit knows, so an option shows its symbol and decimals even when the server omits them. */
export interface TokenInfo {
  /** CAIP-2 id of the token's network. */
  network: string
  /** Contract address or SPL mint. */
  address: string
  symbol: string
  decimals: number
  /** EIP-712 domain of EIP-3009 tokens. Absent for tokens without `transferWithAuthorization`. */
  eip712?: { name: string; version: string }
  /** True for USD stablecoins (the only assets the default policy pays). */
  usd: boolean
}

function usdc(chainId: number, address: string, name = 'USD Coin', version = '2'): TokenInfo {
  return {
    network: `eip155:${chainId}`,
    address,
    symbol: 'USDC',
    decimals: 6,
    eip712: { name, version },
    usd: true,
  }
}

function usdt(chainId: number, address: string, decimals = 6): TokenInfo {
  return { network: `eip155:${chainId}`, address, symbol: 'USDT', decimals, usd: true }
}

/**
 * USDC and USDT on the major chains. EIP-712 names differ by chain (Base's USDC is "USD Coin",
 * Base Sepolia's is "USDC": x402#3102, raxol#261), which is why they live here and not in code.
 * Values follow the tokens' own `name()`/`version()`, as listed by x402's default assets.
 */
export const tokens: readonly TokenInfo[] = [
  usdc(1, '0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48'),
  usdc(8453, '0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913'),
  usdc(84532, '0x036CbD53842c5426634e7929541eC2318f3dCF7e', 'USDC'),
  usdc(11155111, '0x1c7D4B196Cb0C7B01d743Fbc6116a902379C7238', 'USDC'),
  usdc(137, '0x3c499c542cEF5E3811e1192ce70d8cC03d5c3359'),
  usdc(80002, '0x41E94Eb019C0762f9Bfcf9Fb1E58725BfB0e7582', 'USDC'),
  usdc(43114, '0xB97EF9Ef8734C71904D8002F8b6Bc66Dd9c48a6E'),
  usdc(43113, '0x5425890298aed601595a70AB815c96711a31Bc65'),
  usdc(42161, '0xaf88d065e77c8cC2239327C5EDb3A432268e5831'),
  usdc(421614, '0x75faf114eafb1BDbe2F0316DF893fd58CE46AA4d'),
  usdc(10, '0x0b2C639c533813f4Aa9D7837CAf62653d097Ff85'),
  usdc(143, '0x754704Bc059F8C67012fEd69BC8A327a5aafb603', 'USDC'),
  usdc(1329, '0xe15fC38F6D8c56aF07bbCBe3BAf5708A2Bf42392', 'USDC'),
  usdc(1328, '0x4fCF1784B31630811181f670Aea7A7bEF803eaED', 'USDC'),
  usdc(42220, '0xcebA9300f2b948710d2653dD7B07f33A8B32118C', 'USDC'),
  {
    network: 'eip155:56',
    address: '0x8AC76a51cc950d9822D68b83fE1Ad97B32Cd580d',
    symbol: 'USDC',
    decimals: 18,
    usd: true,
  },
  usdt(1, '0xdAC17F958D2ee523a2206206994597C13D831ec7'),
  usdt(56, '0x55d398326f99059fF775485246999027B3197955', 18),
  usdt(137, '0xc2132D05D31c914a87C6611C10748AEb04B58e8F'),
  usdt(42161, '0xFd086bC7CD5C481DCC9C85ebE478A1C0b69FCbb9'),
  usdt(43114, '0x9702230A8Ea53601f5cD2dc00fDBc13d4dF4A8c7'),
  {
    network: 'eip155:988',
    address: '0x779Ded0c9e1022225f8E0630b35a9b54bE713736',
    symbol: 'USDT0',
    decimals: 6,
    eip712: { name: 'USDT0', version: '1' },
    usd: true,
  },
  {
    network: solanaNetworkIds.mainnet,
    address: 'EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v',
    symbol: 'USDC',
    decimals: 6,
    usd: true,
  },
  {
    network: solanaNetworkIds.devnet,
    address: '4zMMC9srt5Ri5X14GAgXhaHii3GnPAEERYPJgZJDncDU',
    symbol: 'USDC',
    decimals: 6,
    usd: true,
  },
  {
    network: solanaNetworkIds.mainnet,
    address: 'Es9vMFrzaCERmJfrF4H2FYD4KCoNkY11McCe8BenwNYB',
    symbol: 'USDT',
    decimals: 6,
    usd: true,
  },
]

/** Native-coin placeholder addresses used by h402 (and accepted from any dialect). */
export const nativeAssetAddresses = {
  evm: '0x0000000000000000000000000000000000000000',
  solana: '11111111111111111111111111111111',
} as const

/** Where to look a token up: the built-in list, optionally extended by the app. */
export interface TokenLookupOptions {
  /** Extra or overriding tokens, checked before the built-in list. */
  tokens?: readonly TokenInfo[]
}

/** The known token at `address` on `network` (EVM addresses compare case-insensitively). */
export function getToken(
  network: string,
  address: string,
  options?: TokenLookupOptions,
): TokenInfo | undefined {
  const list = options?.tokens ? [...options.tokens, ...tokens] : tokens
  return list.find((token) => token.network === network && sameAddress(token.address, address))
}

/** Compares addresses: case-insensitively for EVM hex, exactly for base58. */
export function sameAddress(a: string, b: string): boolean {
  return a.startsWith('0x') && b.startsWith('0x') ? a.toLowerCase() === b.toLowerCase() : a === b
}
