import {
  concat,
  encodeAbiParameters,
  getTypesForEIP712Domain,
  type Hex,
  hashDomain,
  keccak256,
  type TypedDataDomain,
} from 'viem'
import type { SignedTransferAuthorization } from './signTransferAuthorization.js'

/**
 * keccak256 of `TransferWithAuthorization(address from,address to,uint256 value,uint256
 * validAfter,uint256 validBefore,bytes32 nonce)`: EIP-3009's `TRANSFER_WITH_AUTHORIZATION_TYPEHASH`,
 * the encoding of `transferWithAuthorizationTypes` (abis.ts). A constant, so it is not
 * re-encoded and re-hashed for every payment as `hashTypedData` does.
 */
const typeHash = '0x7c7c6cdb67a18743f49ec6fa9b35f50d52ed05cbed4cc592e13b44501c1a2267'

/** The struct's ABI layout: its type hash, then each member in the type's order. */
const structLayout = [
  { type: 'bytes32' },
  { type: 'address' },
  { type: 'address' },
  { type: 'uint256' },
  { type: 'uint256' },
  { type: 'uint256' },
  { type: 'bytes32' },
] as const

// A token's domain separator is the same for every payment. Bounded: past it, start over.
const maxDomains = 64
const separators = new Map<string, Hex>()

/**
 * The EIP-712 domain separator, computed once per domain by viem's `hashDomain` (which checks
 * the domain's values as `hashTypedData` does). The key holds every member the domain may have,
 * and whether it has it, so two domains share a separator only when they are the same domain.
 */
function domainSeparator(domain: TypedDataDomain): Hex {
  const { name, version, chainId, verifyingContract, salt } = domain
  const key = JSON.stringify([
    name ?? null,
    version ?? null,
    // Typed: `hashDomain` signs a number or bigint chain id, and leaves out anything else.
    chainId === undefined ? null : `${typeof chainId}:${chainId}`,
    verifyingContract ?? null,
    salt ?? null,
  ])
  let separator = separators.get(key)
  if (separator === undefined) {
    // viem's types cannot follow a domain whose members are only known at run time.
    const types = { EIP712Domain: getTypesForEIP712Domain({ domain }) }
    separator = hashDomain({ domain, types } as Parameters<typeof hashDomain>[0])
    if (separators.size >= maxDomains) separators.clear()
    separators.set(key, separator)
  }
  return separator
}

/**
 * The EIP-712 digest of an EIP-3009 `TransferWithAuthorization`: exactly what `hashTypedData`
 * returns for the typed data `signTransferAuthorization` builds, without re-validating the types
 * and re-hashing the domain and type strings each time. `encodeAbiParameters` still refuses a
 * malformed address, an integer outside uint256 or a nonce that is not 32 bytes.
 */
export function transferAuthorizationDigest(
  domain: TypedDataDomain,
  authorization: SignedTransferAuthorization['authorization'],
): Hex {
  const { from, to, value, validAfter, validBefore, nonce } = authorization
  const struct = encodeAbiParameters(structLayout, [
    typeHash,
    from,
    to,
    value,
    validAfter,
    validBefore,
    nonce,
  ])
  return keccak256(concat(['0x1901', domainSeparator(domain), keccak256(struct)]))
}
