import type { Connection } from '@solana/web3.js'
import { describe, expect, test } from 'vitest'
import { UnsupportedOptionError } from '../core/errors/policy.js'
import type { PaymentOption } from '../core/types.js'
import { readMint } from './readMint.js'

// A mint address that is not a Solana address is refused before any RPC call, and the reason says
// which field of the option is wrong: the asset, not the payee.

describe('readMint: an asset that is not a Solana address', () => {
  test('is refused naming the asset, without asking the RPC', async () => {
    let asked = 0
    // Only what readMint calls; a real Connection is not made (its client outlives the test).
    const connection = {
      getAccountInfo: async () => {
        asked++
        return null
      },
    } as unknown as Connection
    const option: PaymentOption = {
      id: 'x402',
      protocol: 'x402-v2',
      scheme: 'exact',
      network: {
        id: 'solana:EtWTRABZaYq6iMfeYKouRu166VU2xqa1',
        namespace: 'solana',
        name: 'Solana Devnet',
        testnet: true,
      },
      asset: { address: 'not-a-mint', native: false },
      amount: 1n,
      payTo: '9WzDXwBbmkg8ZTbNMqUxvQRAyrZzDsGYdLVL9zYtAWWM',
      supported: true,
      raw: {},
    }
    const error = await readMint(connection, option).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(UnsupportedOptionError)
    expect((error as UnsupportedOptionError).details).toBe(
      'The asset "not-a-mint" is not a Solana address.',
    )
    expect(asked).toBe(0)
  })
})
