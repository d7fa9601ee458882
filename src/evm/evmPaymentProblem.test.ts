import { createWalletClient, custom } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { describe, expect, it } from 'vitest'
import { WalletNotConnectedError } from '../core/errors/wallet.js'
import type { PaymentOption } from '../core/types.js'
import { evmPayer } from './evmPayer.js'

const account = privateKeyToAccount(
  '0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d',
)

function option(overrides: Partial<PaymentOption>): PaymentOption {
  return {
    id: 'x',
    protocol: 'x402-v2',
    scheme: 'exact',
    network: { id: 'eip155:8453', namespace: 'evm', chainId: 8453, name: 'Base', testnet: false },
    asset: {
      address: '0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913',
      native: false,
      symbol: 'USDC',
      decimals: 6,
      eip712: { name: 'USD Coin', version: '2' },
    },
    amount: 1000n,
    payTo: '0x209693Bc6afc0C5328bA36FaF03C514EF312287C',
    resource: 'https://api.example.com/x',
    supported: true,
    raw: {},
    ...overrides,
  }
}

const unknownToken = {
  address: '0x1111111111111111111111111111111111111111',
  native: false,
  decimals: 6,
}

describe('evmPayer().canPay', () => {
  const payer = evmPayer(account)

  it('accepts EIP-3009 tokens of every dialect', () => {
    expect(payer.canPay(option({}))).toBeUndefined()
    expect(payer.canPay(option({ protocol: 'x402-v1' }))).toBeUndefined()
    expect(payer.canPay(option({ protocol: 'h402-v1' }))).toBeUndefined()
  })

  it('refuses what is not an EVM exact option on a known chain', () => {
    expect(
      payer.canPay(
        option({
          network: { id: 'solana:x', namespace: 'solana', name: 'Solana', testnet: false },
        }),
      ),
    ).toMatch(/not an EVM/)
    expect(payer.canPay(option({ scheme: 'upto' }))).toMatch(/"upto"/)
    expect(
      payer.canPay(
        option({
          network: { id: 'eip155:x', namespace: 'evm', name: 'eip155:x', testnet: false },
        }),
      ),
    ).toMatch(/chain id/)
    expect(payer.canPay(option({ supported: false, unsupportedReason: 'bad entry' }))).toBe(
      'bad entry',
    )
  })

  it('refuses x402 for a token the registry knows has no EIP-3009 (USDT)', () => {
    const usdt = option({
      network: { id: 'eip155:1', namespace: 'evm', chainId: 1, name: 'Ethereum', testnet: false },
      asset: {
        address: '0xdAC17F958D2ee523a2206206994597C13D831ec7',
        native: false,
        symbol: 'USDT',
      },
    })
    expect(payer.canPay(usdt)).toMatch(/EIP-3009/)
    // h402 pays it by a plain transfer, given an RPC to build the transaction.
    expect(payer.canPay({ ...usdt, protocol: 'h402-v1' })).toMatch(/RPC/)
    expect(
      evmPayer(account, { rpcUrls: { 1: 'http://127.0.0.1:1' } }).canPay({
        ...usdt,
        protocol: 'h402-v1',
      }),
    ).toBeUndefined()
  })

  it('needs an RPC to learn the domain of a token nobody describes', () => {
    expect(payer.canPay(option({ asset: unknownToken }))).toMatch(/RPC/)
    expect(
      evmPayer(account, { rpcUrls: { 8453: 'http://127.0.0.1:1' } }).canPay(
        option({ asset: unknownToken }),
      ),
    ).toBeUndefined()
  })

  it('refuses h402 without a resource', () => {
    expect(payer.canPay(option({ protocol: 'h402-v1', resource: undefined }))).toMatch(/resource/)
  })

  it('refuses a wallet client without an account, and createPayment says to connect', async () => {
    const client = createWalletClient({
      transport: custom({ request: async () => '0x2105' }),
    })
    const walletPayer = evmPayer(client)
    expect(walletPayer.canPay(option({}))).toMatch(/account/)
    await expect(walletPayer.getAddress(option({}))).rejects.toBeInstanceOf(WalletNotConnectedError)
    await expect(
      walletPayer.createPayment(option({}), {
        paymentRequired: { protocol: 'x402-v2', options: [], receivedAt: Date.now(), raw: {} },
        now: () => Math.floor(Date.now() / 1000),
      }),
    ).rejects.toBeInstanceOf(WalletNotConnectedError)
  })
})
