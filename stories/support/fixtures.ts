/**
 * Real 402 responses for the pinned stories: the recorded fixtures of test/fixtures, parsed by
 * the engine's `parsePaymentRequired`, so the options a story shows are the ones a payer signs.
 * (test/fixtures/loadFixtures.ts reads the disk; in the browser they are bundled as JSON.)
 */
import { parsePaymentRequired } from '../../src/core/parsePaymentRequired.js'
import type { PaymentRequired } from '../../src/core/types.js'
import v1BaseSepolia from '../../test/fixtures/payment-required/valid-02-x402v1-base-sepolia-usdc.json' with {
  type: 'json',
}
import v1SolanaDevnet from '../../test/fixtures/payment-required/valid-03-x402v1-solana-devnet-usdc.json' with {
  type: 'json',
}
import v2BaseSepolia from '../../test/fixtures/payment-required/valid-14-x402v2-base-sepolia-usdc.json' with {
  type: 'json',
}
import v2SolanaMainnet from '../../test/fixtures/payment-required/valid-15-x402v2-solana-mainnet-usdc-memo.json' with {
  type: 'json',
}
import v2Multi from '../../test/fixtures/payment-required/valid-17-x402v2-multi-evm-and-solana.json' with {
  type: 'json',
}
import h402BaseUsdc from '../../test/fixtures/payment-required/valid-30-h402-base-usdc-smallest-unit.json' with {
  type: 'json',
}
import h402SolanaSol from '../../test/fixtures/payment-required/valid-31-h402-solana-sol-native.json' with {
  type: 'json',
}
import h402Multi from '../../test/fixtures/payment-required/valid-34-h402-next-example-eight-options.json' with {
  type: 'json',
}

/** The part of a fixture file a `Response` is made from. */
interface FixtureResponse {
  response: { status: number; headers: Record<string, string>; body?: unknown }
}

/** The fixtures the stories use, by what they show. */
export const FIXTURES = {
  /** x402 v1, 0.001 USDC on Base Sepolia. */
  'x402v1-evm': v1BaseSepolia,
  /** x402 v1, 0.005 USDC on Solana Devnet. */
  'x402v1-solana': v1SolanaDevnet,
  /** x402 v2 (header), 0.001 USDC on Base Sepolia. */
  'x402v2-evm': v2BaseSepolia,
  /** x402 v2 (header), USDC on Solana with a memo. */
  'x402v2-solana': v2SolanaMainnet,
  /** x402 v2: USDC on Base, Solana or Arbitrum. */
  'x402v2-multi': v2Multi,
  /** h402, 0.01 USDC on Base (smallest unit). */
  'h402-evm': h402BaseUsdc,
  /** h402, 0.001 SOL (native). */
  'h402-solana': h402SolanaSol,
  /** h402, eight options on EVM chains and Solana. */
  'h402-multi': h402Multi,
} satisfies Record<string, FixtureResponse>

export type FixtureName = keyof typeof FIXTURES

/** The `Response` a fixture describes. */
function fixtureResponse({ response }: FixtureResponse): Response {
  const body = response.body === undefined ? '' : JSON.stringify(response.body)
  return new Response(body === '' ? null : body, {
    status: response.status,
    headers: response.headers,
  })
}

/** A fixture's 402, parsed by the engine. */
export function loadPaymentRequired(name: FixtureName): Promise<PaymentRequired> {
  return parsePaymentRequired(fixtureResponse(FIXTURES[name] as FixtureResponse))
}
