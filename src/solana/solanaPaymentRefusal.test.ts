import { Keypair } from '@solana/web3.js'
import { describe, expect, test } from 'vitest'
import { solanaNetworkIds } from '../core/networks/networks.js'
import type { PaymentOption, Protocol } from '../core/types.js'
import { solanaPaymentRefusal } from './solanaPaymentRefusal.js'
import type { SolanaWallet } from './solanaSigner.js'

const keypair = Keypair.generate()
const signs = async <T>(tx: T) => tx
const sends = async () => 'signature'

function option(protocol: Protocol, fields: Partial<PaymentOption> = {}): PaymentOption {
  return {
    id: 'sol',
    protocol,
    scheme: 'exact',
    network: {
      id: solanaNetworkIds.devnet,
      namespace: 'solana',
      name: 'Solana Devnet',
      testnet: true,
    },
    asset: { address: Keypair.generate().publicKey.toBase58(), native: false },
    amount: 1n,
    payTo: Keypair.generate().publicKey.toBase58(),
    resource: 'https://shop.example/article',
    extra: { feePayer: Keypair.generate().publicKey.toBase58() },
    supported: true,
    raw: {},
    ...fields,
  }
}

function wallet(fields: Partial<SolanaWallet> = {}): SolanaWallet {
  return {
    publicKey: keypair.publicKey,
    supportedTransactionVersions: new Set(['legacy', 0] as const),
    ...fields,
  }
}

describe('solanaPaymentRefusal', () => {
  test('an option a keypair or a capable wallet can pay is not refused', () => {
    for (const protocol of ['x402-v1', 'x402-v2', 'h402-v1'] as const) {
      expect(solanaPaymentRefusal(option(protocol), keypair)).toBeUndefined()
      expect(
        solanaPaymentRefusal(option(protocol), wallet({ signTransaction: signs })),
      ).toBeUndefined()
    }
    expect(
      solanaPaymentRefusal(option('h402-v1'), wallet({ sendTransaction: sends })),
    ).toBeUndefined()
    expect(
      solanaPaymentRefusal(option('h402-v1', { asset: { address: '', native: true } }), keypair),
    ).toBeUndefined()
  })

  test('an unsupported option keeps its own reason', () => {
    const refused = option('x402-v2', { supported: false, unsupportedReason: 'Unknown network.' })
    expect(solanaPaymentRefusal(refused, keypair)).toBe('Unknown network.')
    expect(solanaPaymentRefusal({ ...refused, unsupportedReason: undefined }, keypair)).toBe(
      'The option is not supported.',
    )
  })

  test('refuses another namespace and another scheme', () => {
    const evm = option('x402-v2', {
      network: { id: 'eip155:8453', namespace: 'evm', chainId: 8453, name: 'Base', testnet: false },
    })
    expect(solanaPaymentRefusal(evm, keypair)).toBe('The option is not on a Solana network.')
    expect(solanaPaymentRefusal(option('x402-v2', { scheme: 'upto' }), keypair)).toBe(
      'The scheme "upto" is not supported on Solana.',
    )
  })

  test('refuses a wallet that signs legacy transactions only', () => {
    const legacy = wallet({ signTransaction: signs, supportedTransactionVersions: null })
    expect(solanaPaymentRefusal(option('x402-v2'), legacy)).toMatch(/versioned \(v0\)/)
    expect(solanaPaymentRefusal(option('h402-v1'), legacy)).toMatch(/versioned \(v0\)/)
  })

  test('h402: the payment must be bound to a resource, and the wallet must sign or send', () => {
    expect(solanaPaymentRefusal(option('h402-v1', { resource: undefined }), keypair)).toBe(
      'The option names no resource, which the payment must be bound to.',
    )
    expect(solanaPaymentRefusal(option('h402-v1', { resource: '' }), keypair)).toMatch(
      /no resource/,
    )
    expect(solanaPaymentRefusal(option('h402-v1'), wallet())).toBe(
      'This wallet can neither sign nor send transactions.',
    )
    // h402 needs no fee payer and takes native SOL.
    expect(solanaPaymentRefusal(option('h402-v1', { extra: {} }), keypair)).toBeUndefined()
  })

  test('x402: SPL tokens only, a named fee payer, and a wallet that signs without sending', () => {
    expect(
      solanaPaymentRefusal(option('x402-v2', { asset: { address: '', native: true } }), keypair),
    ).toBe('x402 pays SPL tokens on Solana, not native SOL.')
    const feePayerMissing =
      'The server did not name the fee payer (extra.feePayer) that an x402 Solana payment needs.'
    expect(solanaPaymentRefusal(option('x402-v2', { extra: {} }), keypair)).toBe(feePayerMissing)
    expect(solanaPaymentRefusal(option('x402-v1', { extra: undefined }), keypair)).toBe(
      feePayerMissing,
    )
    expect(solanaPaymentRefusal(option('x402-v2', { extra: { feePayer: '' } }), keypair)).toBe(
      feePayerMissing,
    )
    expect(solanaPaymentRefusal(option('x402-v2', { extra: { feePayer: 42 } }), keypair)).toBe(
      feePayerMissing,
    )
    // A wallet broadcast would go without the fee payer's signature and fail.
    expect(solanaPaymentRefusal(option('x402-v2'), wallet({ sendTransaction: sends }))).toBe(
      'This wallet cannot sign a transaction without sending it, which x402 needs.',
    )
  })
})
