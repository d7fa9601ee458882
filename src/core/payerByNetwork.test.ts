import { describe, expect, test } from 'vitest'
import { mockPayer } from '../testing/mockPayer.js'
import { isH402Error } from './errors/base.js'
import { solanaNetworkIds } from './networks/networks.js'
import { parsePaymentRequired } from './parsePaymentRequired.js'
import { payerByNetwork } from './payerByNetwork.js'
import type { PaymentRequired } from './types.js'

const mint = 'EPjFWdd5AufqSSqeM2qJsbSpbz3tWvtEYkQv4Dc8aMMH'
const payTo = '9xQeWvG816bUx9EPjHmaT23yvVM2ZWbrrpZb9PusVFin'

async function solanaQuote(): Promise<PaymentRequired> {
  const accepts = [solanaNetworkIds.mainnet, solanaNetworkIds.devnet, solanaNetworkIds.testnet].map(
    (network) => ({
      scheme: 'exact',
      network,
      amount: '10000',
      asset: mint,
      payTo,
      maxTimeoutSeconds: 60,
      extra: { feePayer: payTo },
    }),
  )
  const body = { x402Version: 2, resource: { url: 'https://api.example/report' }, accepts }
  return parsePaymentRequired(
    new Response(null, {
      status: 402,
      headers: { 'PAYMENT-REQUIRED': btoa(JSON.stringify(body)) },
    }),
  )
}

describe('payerByNetwork', () => {
  test("every call goes to the payer of the option's network", async () => {
    const { options, ...quote } = await solanaQuote()
    const [onMainnet, onDevnet] = options
    const mainnet = mockPayer({ namespace: 'solana', address: 'Mainnet1', balance: 5n })
    const devnet = mockPayer({ namespace: 'solana', address: 'Devnet1', balance: 7n })
    const payer = payerByNetwork({
      [solanaNetworkIds.mainnet]: mainnet,
      [solanaNetworkIds.devnet]: devnet,
    })

    expect(payer.namespace).toBe('solana')
    expect(await payer.getAddress(onDevnet!)).toBe('Devnet1')
    expect(await payer.getBalance!(onMainnet!)).toBe(5n)
    expect(await payer.getBalance!(onDevnet!)).toBe(7n)
    await payer.createPayment(onDevnet!, {
      paymentRequired: { ...quote, options },
      now: Date.now,
    })
    expect(devnet.calls.map((option) => option.network.id)).toEqual([solanaNetworkIds.devnet])
    expect(mainnet.calls).toEqual([])
  })

  test('an option on a network with no payer cannot be paid, and says why', async () => {
    const { options, ...quote } = await solanaQuote()
    const onTestnet = options[2]!
    const devnet = mockPayer({ namespace: 'solana' })
    const payer = payerByNetwork({ [solanaNetworkIds.devnet]: devnet })

    expect(payer.canPay(onTestnet)).toMatch(/No RPC endpoint is configured for Solana Testnet/)
    expect(payer.canPay(options[1]!)).toBeUndefined()
    const refusal = await payer
      .createPayment(onTestnet, { paymentRequired: { ...quote, options }, now: Date.now })
      .catch((error: unknown) => error)
    expect(isH402Error(refusal) && refusal.userAction).toBe('chooseOther')
    expect(devnet.calls).toEqual([])
  })

  test('a step is offered only when every payer has it', () => {
    const withCheck = mockPayer({ namespace: 'solana', check: 'paid' })
    const withoutCheck = mockPayer({ namespace: 'solana' })
    expect(
      payerByNetwork({
        [solanaNetworkIds.mainnet]: withCheck,
        [solanaNetworkIds.devnet]: withCheck,
      }).checkPayment,
    ).toBeTypeOf('function')
    expect(
      payerByNetwork({
        [solanaNetworkIds.mainnet]: withCheck,
        [solanaNetworkIds.devnet]: withoutCheck,
      }).checkPayment,
    ).toBeUndefined()
  })

  test('refuses no payers, and payers of two namespaces', () => {
    expect(() => payerByNetwork({})).toThrow(/at least one/)
    expect(() =>
      payerByNetwork({
        'eip155:8453': mockPayer({ namespace: 'evm' }),
        [solanaNetworkIds.devnet]: mockPayer({ namespace: 'solana' }),
      }),
    ).toThrow(/one namespace/)
  })
})
