import fc from 'fast-check'
import {
  type Address,
  getAddress,
  getTypesForEIP712Domain,
  type Hex,
  hashTypedData,
  recoverTypedDataAddress,
  type TypedDataDefinition,
  type TypedDataDomain,
} from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { describe, expect, test } from 'vitest'
import { transferWithAuthorizationTypes } from './abis.js'
import type { SignedTransferAuthorization } from './signTransferAuthorization.js'
import { transferAuthorizationDigest } from './transferAuthorizationDigest.js'

// Hardhat's well-known account #1: a public test key, never funded anywhere real.
const account = privateKeyToAccount(
  '0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d',
)

type Authorization = SignedTransferAuthorization['authorization']

/** The typed data as every signer other than a key in process is shown it. */
function typedData(domain: TypedDataDomain, message: Authorization) {
  return {
    domain,
    types: { EIP712Domain: getTypesForEIP712Domain({ domain }), ...transferWithAuthorizationTypes },
    primaryType: 'TransferWithAuthorization',
    message,
  } as TypedDataDefinition
}

const hex = (bytes: number) =>
  fc
    .uint8Array({ minLength: bytes, maxLength: bytes })
    .map((b) => `0x${Buffer.from(b).toString('hex')}` as Hex)
/** An address as a payload may carry it: checksummed or all lowercase. */
const address = fc
  .tuple(hex(20), fc.boolean())
  .map(([raw, checksummed]) => (checksummed ? getAddress(raw) : raw) as Address)
const uint256 = fc.bigInt({ min: 0n, max: 2n ** 256n - 1n })

const message = fc.record({
  from: address,
  to: address,
  value: uint256,
  validAfter: uint256,
  validBefore: uint256,
  nonce: hex(32),
})

/** A token's domain: the usual four members, and now and then EIP-5267's other shapes. */
const usual = fc.record({
  name: fc.string({ unit: 'grapheme' }),
  version: fc.string(),
  // A number, as the payers pass it, or a bigint, as viem allows.
  chainId: fc.oneof(fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }), uint256),
  verifyingContract: address,
})
const domain: fc.Arbitrary<TypedDataDomain> = fc.oneof(
  usual,
  fc.record(
    {
      name: fc.string(),
      version: fc.string(),
      chainId: fc.oneof(fc.nat(), uint256),
      verifyingContract: address,
      salt: hex(32),
    },
    { requiredKeys: [] },
  ),
)

describe('transferAuthorizationDigest', () => {
  test('is what hashTypedData returns, and its signature is signTypedData’s, byte for byte', async () => {
    await fc.assert(
      fc.asyncProperty(domain, message, async (domain, message) => {
        const digest = transferAuthorizationDigest(domain, message)
        expect(digest).toBe(hashTypedData(typedData(domain, message)))
        // RFC 6979: a signature is a function of the key and the digest, so equal means equal.
        const signature = await account.sign({ hash: digest })
        expect(signature).toBe(await account.signTypedData(typedData(domain, message)))
        expect(await recoverTypedDataAddress({ ...typedData(domain, message), signature })).toBe(
          account.address,
        )
      }),
      { numRuns: 60 },
    )
  })

  test('two domains that differ in one member never share a separator (the cache holds them all)', async () => {
    const change = fc.oneof(
      fc.record({ name: fc.string() }),
      fc.record({ version: fc.string() }),
      fc.record({
        chainId: fc.oneof(fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }), uint256),
      }),
      fc.record({ verifyingContract: address }),
      fc.record({ salt: hex(32) }),
    )
    const differs = (a: TypedDataDomain, b: TypedDataDomain) =>
      a.name !== b.name ||
      a.version !== b.version ||
      a.chainId !== b.chainId ||
      a.verifyingContract!.toLowerCase() !== b.verifyingContract!.toLowerCase() ||
      a.salt !== b.salt
    // A token's domain, then the same with one member changed (EIP-5267's salt now and then).
    const pair = fc
      .tuple(usual, fc.option(hex(32), { nil: undefined }))
      .map(([usual, salt]): TypedDataDomain => (salt ? { ...usual, salt } : usual))
      .chain((first) =>
        fc.tuple(
          fc.constant(first),
          change
            .map((member): TypedDataDomain => ({ ...first, ...member }))
            .filter((other) => differs(first, other)),
        ),
      )
    await fc.assert(
      fc.asyncProperty(pair, message, async ([first, other], message) => {
        // The first domain's separator is cached before the second one is asked for.
        const firstDigest = transferAuthorizationDigest(first, message)
        const otherDigest = transferAuthorizationDigest(other, message)
        expect(firstDigest).toBe(hashTypedData(typedData(first, message)))
        expect(otherDigest).toBe(hashTypedData(typedData(other, message)))
      }),
      { numRuns: 200 },
    )
  })

  test('two USDC deployments that differ only in version, or only in chain, get different, correct signatures', async () => {
    const usdc: TypedDataDomain = {
      name: 'USD Coin',
      version: '2',
      chainId: 8453,
      verifyingContract: '0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913',
    }
    const message: Authorization = {
      from: account.address,
      to: '0x209693Bc6afc0C5328bA36FaF03C514EF312287C',
      value: 10_000n,
      validAfter: 0n,
      validBefore: 2_000_000_000n,
      nonce: `0x${'11'.repeat(32)}`,
    }
    const signatures = new Set<Hex>()
    for (const token of [usdc, { ...usdc, version: '1' }, { ...usdc, chainId: 84532 }, usdc]) {
      const signature = await account.sign({ hash: transferAuthorizationDigest(token, message) })
      expect(signature).toBe(await account.signTypedData(typedData(token, message)))
      signatures.add(signature)
    }
    expect(signatures.size).toBe(3)
  })

  // A text chain id is no chain id to EIP-712 (viem leaves it out of the domain): it must not
  // find the separator of the bigint it spells, nor the other way round.
  test('a bigint chain id and a text that spells it are two domains', () => {
    const message: Authorization = {
      from: account.address,
      to: '0x209693Bc6afc0C5328bA36FaF03C514EF312287C',
      value: 1n,
      validAfter: 0n,
      validBefore: 2_000_000_000n,
      nonce: `0x${'22'.repeat(32)}`,
    }
    const base = { name: 'Spelled', version: '1', verifyingContract: account.address }
    for (const [first, second] of [
      [1n, '1n'],
      ['2n', 2n],
    ] as const) {
      for (const chainId of [first, second]) {
        const domain = { ...base, chainId } as unknown as TypedDataDomain
        expect(transferAuthorizationDigest(domain, message)).toBe(
          hashTypedData(typedData(domain, message)),
        )
      }
    }
  })

  test('refuses what signTypedData refuses: a value above uint256, a short nonce, a bad checksum', () => {
    const domain: TypedDataDomain = { name: 'USDC', version: '2', chainId: 1 }
    const good: Authorization = {
      from: account.address,
      to: account.address,
      value: 1n,
      validAfter: 0n,
      validBefore: 1n,
      nonce: `0x${'11'.repeat(32)}`,
    }
    for (const bad of [
      { value: 2n ** 256n },
      { validBefore: -1n },
      { nonce: `0x${'11'.repeat(31)}` as Hex },
      { to: account.address.replace(/[a-f]/, (c) => c.toUpperCase()) as Address },
    ]) {
      const message = { ...good, ...bad }
      expect(() => hashTypedData(typedData(domain, message))).toThrow()
      expect(() => transferAuthorizationDigest(domain, message)).toThrow()
    }
  })
})
