import { encodeAbiParameters } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { describe, expect, test } from 'vitest'
import type { PaymentContext } from '../core/payer.js'
import type { PaymentOption } from '../core/types.js'
import { evmPayer } from './evmPayer.js'
import { fakeEvmNode, selectors } from './test/fakeEvmNode.js'

// Hardhat's well-known account #1: a public test key, never funded anywhere real.
const account = privateKeyToAccount(
  '0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d',
)
const receivedAt = 1_700_000_000_000

/** An x402 option of a token the registry does not know, stating 6 decimals. */
const option: PaymentOption = {
  id: 'x402',
  protocol: 'x402-v2',
  scheme: 'exact',
  network: {
    id: 'eip155:84532',
    namespace: 'evm',
    chainId: 84532,
    name: 'Base Sepolia',
    testnet: true,
  },
  asset: {
    address: '0x1111111111111111111111111111111111111111',
    native: false,
    decimals: 6,
    eip712: { name: 'Test', version: '1' },
  },
  amount: 1_000n,
  payTo: '0x209693Bc6afc0C5328bA36FaF03C514EF312287C',
  maxTimeoutSeconds: 60,
  supported: true,
  raw: {},
}

function context(signal?: AbortSignal): PaymentContext {
  return {
    paymentRequired: { protocol: 'x402-v2', options: [], receivedAt, raw: {} },
    now: () => receivedAt / 1000 + 1,
    ...(signal ? { signal } : {}),
  }
}

function node() {
  const fake = fakeEvmNode(84532)
  fake.calls[selectors.decimals] = () => encodeAbiParameters([{ type: 'uint8' }], [6])
  fake.calls[selectors.balanceOf] = () => encodeAbiParameters([{ type: 'uint256' }], [10n ** 12n])
  return fake
}

describe("createX402Payment (EVM): the payment's signal reaches the decimals check", () => {
  test('a cancelled payment reads no decimals and signs nothing', async () => {
    const chain = node()
    const payer = evmPayer(account, { publicClient: chain.client })
    const controller = new AbortController()
    controller.abort(new Error('The person cancelled.'))
    const outcome = await payer.createPayment(option, context(controller.signal)).then(
      (payment) => ({ payment }),
      (error: unknown) => ({ error }),
    )
    // Refused with the cancel's own reason (as a retryable request error: the session, not the
    // payer, says "cancelled").
    expect(outcome).toMatchObject({ error: { details: 'The person cancelled.' } })
    expect(chain.seen).not.toContain(selectors.decimals)
  })

  test('the same payment, not cancelled, reads the decimals and is signed', async () => {
    const chain = node()
    const payer = evmPayer(account, { publicClient: chain.client })
    await expect(
      payer.createPayment(option, context(new AbortController().signal)),
    ).resolves.toMatchObject({ kind: 'authorization' })
    expect(chain.seen).toContain(selectors.decimals)
  })
})
