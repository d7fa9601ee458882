import { describe, expect, test } from 'vitest'
import { encodeBase64Json } from './codec/base64Json.js'
import { decodeSettlement } from './decodeSettlement.js'
import type { PaymentOption } from './types.js'

const hash = `0x${'ab'.repeat(32)}`
const signature =
  '5VERv8NMvzbJMEkV8xnrLkEaWRtSz9CosKDYjCJjBRnbJLgp8uirBgmQpjKhoR4tjF3ZpRzrFmBV6UjKdiSZkQUW'

function response(name: string, value: unknown) {
  return new Response('ok', { status: 200, headers: { [name]: encodeBase64Json(value) } })
}

describe('decodeSettlement', () => {
  test('reads an x402 v2 PAYMENT-RESPONSE with an explorer link', () => {
    const settlement = decodeSettlement(
      response('PAYMENT-RESPONSE', {
        success: true,
        transaction: hash,
        network: 'eip155:8453',
        payer: '0xabc',
      }),
    )
    expect(settlement).toMatchObject({
      success: true,
      transaction: hash,
      network: 'eip155:8453',
      payer: '0xabc',
      explorerUrl: `https://basescan.org/tx/${hash}`,
    })
  })

  test('reads an x402 v1 X-PAYMENT-RESPONSE and resolves the v1 network name', () => {
    const settlement = decodeSettlement(
      response('X-PAYMENT-RESPONSE', {
        success: true,
        transaction: signature,
        network: 'solana-devnet',
      }),
    )
    expect(settlement).toMatchObject({
      network: 'solana:EtWTRABZaYq6iMfeYKouRu166VU2xqa1',
      explorerUrl: `https://explorer.solana.com/tx/${signature}?cluster=devnet`,
    })
  })

  test('reads h402, which names only the namespace, with the paid option’s network', () => {
    const option = { network: { id: 'eip155:56' } } as PaymentOption
    const header = { success: true, transaction: hash, namespace: 'evm', payer: '0xabc' }
    expect(decodeSettlement(response('X-PAYMENT-RESPONSE', header))).toMatchObject({
      network: 'evm',
    })
    expect(decodeSettlement(response('X-PAYMENT-RESPONSE', header), { option })).toMatchObject({
      network: 'eip155:56',
      explorerUrl: `https://bscscan.com/tx/${hash}`,
    })
  })

  test('links the paid option’s network, whatever network the server names', () => {
    const option = { network: { id: 'eip155:84532' } } as PaymentOption
    const header = { success: true, transaction: hash, network: 'base' }
    expect(decodeSettlement(response('X-PAYMENT-RESPONSE', header), { option })).toMatchObject({
      explorerUrl: `https://sepolia.basescan.org/tx/${hash}`,
    })
    // An option on a network the kit does not know: no link rather than a wrong one.
    const unknown = { network: { id: 'eip155:999999' } } as PaymentOption
    expect(
      decodeSettlement(response('X-PAYMENT-RESPONSE', header), { option: unknown })?.explorerUrl,
    ).toBeUndefined()
  })

  test('reads h402-next’s broadcast shape (txHash)', () => {
    const settlement = decodeSettlement(
      response('X-PAYMENT-RESPONSE', {
        success: true,
        isValid: true,
        type: 'transaction',
        txHash: hash,
      }),
    )
    expect(settlement?.transaction).toBe(hash)
  })

  test('reports a failed settlement with its reason and no link', () => {
    const settlement = decodeSettlement(
      response('PAYMENT-RESPONSE', {
        success: false,
        errorReason: 'insufficient_funds',
        transaction: '',
        network: 'eip155:8453',
      }),
    )
    expect(settlement).toMatchObject({
      success: false,
      errorReason: 'insufficient_funds',
      transaction: '',
    })
    expect(settlement?.explorerUrl).toBeUndefined()
  })

  test('does not link a transaction id of the wrong shape (x402#899)', () => {
    const settlement = decodeSettlement(
      response('PAYMENT-RESPONSE', {
        success: true,
        transaction: '<script>',
        network: 'eip155:8453',
      }),
    )
    expect(settlement?.explorerUrl).toBeUndefined()
    expect(
      decodeSettlement(response('PAYMENT-RESPONSE', { success: true, transaction: null })),
    ).toMatchObject({
      transaction: '',
      success: true,
    })
  })

  test('is undefined without a readable header', () => {
    expect(decodeSettlement(new Response('ok'))).toBeUndefined()
    expect(
      decodeSettlement(new Response('ok', { headers: { 'PAYMENT-RESPONSE': '%%%' } })),
    ).toBeUndefined()
    expect(decodeSettlement(response('PAYMENT-RESPONSE', [1, 2]))).toBeUndefined()
  })
})
