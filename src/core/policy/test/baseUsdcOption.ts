import type { PaymentOption } from '../../types.js'

/** An x402 v2 option paying 0.01 USDC on Base, with `fields` over it: the policy tests' unit. */
export function baseUsdcOption(id: string, fields: Partial<PaymentOption> = {}): PaymentOption {
  return {
    id,
    protocol: 'x402-v2',
    scheme: 'exact',
    network: { id: 'eip155:8453', namespace: 'evm', chainId: 8453, name: 'Base', testnet: false },
    asset: {
      address: '0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913',
      symbol: 'USDC',
      decimals: 6,
      native: false,
    },
    amount: 10_000n,
    payTo: '0x209693Bc6afc0C5328bA36FaF03C514EF312287C',
    supported: true,
    raw: {},
    ...fields,
  }
}
