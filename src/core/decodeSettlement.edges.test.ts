import { describe, expect, test } from 'vitest'
import { encodeBase64Json } from './codec/base64Json.js'
import { decodeSettlement } from './decodeSettlement.js'
import type { PaymentOption } from './types.js'

// A receipt is what tells a person they paid: only `success: true` is success, and a link is
// made only for a transaction id of the paid network's own shape.

const hash = `0x${'ab'.repeat(32)}`
const signature = '5'.repeat(88)

function headers(entries: Record<string, unknown>): Response {
  const init: Record<string, string> = {}
  for (const [name, value] of Object.entries(entries))
    init[name] = typeof value === 'string' ? value : encodeBase64Json(value)
  return new Response('ok', { headers: init })
}

describe('decodeSettlement: success', () => {
  test('is true only for the boolean true', () => {
    for (const success of [true, 'true', 1, undefined, null, false])
      expect(
        decodeSettlement(headers({ 'PAYMENT-RESPONSE': { success, transaction: hash } }))?.success,
        String(success),
      ).toBe(success === true)
  })
})

describe('decodeSettlement: which header, and what is not a settlement', () => {
  test('PAYMENT-RESPONSE wins over X-PAYMENT-RESPONSE', () => {
    const settlement = decodeSettlement(
      headers({
        'PAYMENT-RESPONSE': { success: true, transaction: 'v2' },
        'X-PAYMENT-RESPONSE': { success: false, transaction: 'v1' },
      }),
    )
    expect(settlement).toMatchObject({ success: true, transaction: 'v2' })
  })

  test('undefined for anything but a base64 JSON object', () => {
    for (const value of [
      '%%%',
      encodeBase64Json([1]),
      encodeBase64Json(null),
      encodeBase64Json('x'),
      btoa('{'),
    ])
      expect(decodeSettlement(headers({ 'PAYMENT-RESPONSE': value })), value).toBeUndefined()
    expect(decodeSettlement(new Response('ok'))).toBeUndefined()
  })
})

describe('decodeSettlement: fields', () => {
  test('transaction from txHash (h402-next), else empty; network as named, else the namespace', () => {
    expect(
      decodeSettlement(
        headers({ 'X-PAYMENT-RESPONSE': { success: true, txHash: hash, namespace: 'evm' } }),
      ),
    ).toMatchObject({ transaction: hash, network: 'evm' })
    const bare = decodeSettlement(headers({ 'X-PAYMENT-RESPONSE': { success: true } }))
    expect(bare).toEqual({ success: true, transaction: '', network: '', raw: { success: true } })
    // A network the registry does not know is kept as the server wrote it.
    expect(
      decodeSettlement(headers({ 'PAYMENT-RESPONSE': { success: true, network: 'eip155:999999' } }))
        ?.network,
    ).toBe('eip155:999999')
    // Non-string fields are not read as text.
    expect(
      decodeSettlement(
        headers({ 'PAYMENT-RESPONSE': { success: true, transaction: 7, network: 8 } }),
      ),
    ).toMatchObject({ transaction: '', network: '' })
  })

  test('payer and the failure reason, from errorReason, errorMessage or error', () => {
    for (const key of ['errorReason', 'errorMessage', 'error'])
      expect(
        decodeSettlement(
          headers({ 'PAYMENT-RESPONSE': { success: false, [key]: 'insufficient_funds' } }),
        ),
        key,
      ).toMatchObject({ errorReason: 'insufficient_funds' })
    const settlement = decodeSettlement(
      headers({ 'PAYMENT-RESPONSE': { success: true, payer: '', errorReason: '' } }),
    )
    expect(settlement).not.toHaveProperty('payer')
    expect(settlement).not.toHaveProperty('errorReason')
    expect(
      decodeSettlement(headers({ 'PAYMENT-RESPONSE': { success: true, payer: '0xabc' } }))?.payer,
    ).toBe('0xabc')
  })
})

describe('decodeSettlement: explorer links', () => {
  const link = (transaction: string, network: string) =>
    decodeSettlement(headers({ 'PAYMENT-RESPONSE': { success: true, transaction, network } }))
      ?.explorerUrl

  test('an EVM hash is 0x and exactly 64 hex digits', () => {
    expect(link(hash, 'eip155:8453')).toBe(`https://basescan.org/tx/${hash}`)
    expect(link(`${hash}0`, 'eip155:8453')).toBeUndefined()
    expect(link(hash.slice(0, -1), 'eip155:8453')).toBeUndefined()
    expect(link(`x${hash}`, 'eip155:8453')).toBeUndefined()
    expect(link(`0x${'g'.repeat(64)}`, 'eip155:8453')).toBeUndefined()
  })

  test('a Solana signature is 64 to 90 base58 characters', () => {
    const devnet = 'solana:EtWTRABZaYq6iMfeYKouRu166VU2xqa1'
    expect(link('5'.repeat(64), devnet)).toBe(
      `https://explorer.solana.com/tx/${'5'.repeat(64)}?cluster=devnet`,
    )
    expect(link('5'.repeat(90), devnet)).toMatch(/^https:\/\/explorer\.solana\.com\/tx\//)
    expect(link('5'.repeat(63), devnet)).toBeUndefined()
    expect(link('5'.repeat(91), devnet)).toBeUndefined()
    expect(link(`0${'5'.repeat(87)}`, devnet)).toBeUndefined()
    expect(link(`l${signature}`, devnet)).toBeUndefined()
    expect(link(`I${signature}`, devnet)).toBeUndefined()
  })

  test('a hash of one chain family is not linked on the other', () => {
    expect(link(hash, 'solana:EtWTRABZaYq6iMfeYKouRu166VU2xqa1')).toBeUndefined()
    expect(link(signature, 'eip155:8453')).toBeUndefined()
  })

  test('no link without a known network, and the paid option decides the network', () => {
    expect(link(hash, 'eip155:999999')).toBeUndefined()
    expect(link(hash, '')).toBeUndefined()
    const option = { network: { id: 'eip155:8453' } } as PaymentOption
    const settlement = decodeSettlement(
      headers({ 'X-PAYMENT-RESPONSE': { success: true, transaction: hash } }),
      { option },
    )
    expect(settlement).toMatchObject({
      network: 'eip155:8453',
      explorerUrl: `https://basescan.org/tx/${hash}`,
    })
    // A network name the registry does not know (a server's own spelling): the paid option's.
    const named = decodeSettlement(
      headers({ 'PAYMENT-RESPONSE': { success: true, transaction: hash, network: 'base-custom' } }),
      { option },
    )
    expect(named).toMatchObject({
      network: 'eip155:8453',
      explorerUrl: `https://basescan.org/tx/${hash}`,
    })
  })
})
