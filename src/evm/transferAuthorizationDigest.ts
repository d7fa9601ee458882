import {
  concat,
  domainSeparator,
  encodeAbiParameters,
  type Hex,
  keccak256,
  type TypedDataDomain,
} from 'viem'
import { transferWithAuthorizationTypes } from './abis.js'
import type { SignedTransferAuthorization } from './signTransferAuthorization.js'

/** The struct's members, in the type's order. */
const members = transferWithAuthorizationTypes.TransferWithAuthorization

/** Its ABI layout: the type hash, then each member. */
const layout = [{ type: 'bytes32' }, ...members]

/**
 * EIP-3009's `TRANSFER_WITH_AUTHORIZATION_TYPEHASH`: keccak256 of `TransferWithAuthorization(address
 * from,address to,uint256 value,uint256 validAfter,uint256 validBefore,bytes32 nonce)`, the type
 * above. A constant: `hashTypedData` re-encodes and re-hashes it for every payment, and hashing it
 * when the module loads would cost ~1 ms of import time (a cold keccak).
 */
const typeHash = '0x7c7c6cdb67a18743f49ec6fa9b35f50d52ed05cbed4cc592e13b44501c1a2267'

// A token's domain separator is the same for every payment. Bounded: past it, start over.
const separators = new Map<string, Hex>()

/**
 * The EIP-712 digest of an EIP-3009 `TransferWithAuthorization`: exactly what `hashTypedData`
 * returns for the typed data `signTransferAuthorization` builds, without re-validating the types
 * and re-hashing the domain and type strings each time. `encodeAbiParameters` still refuses a
 * malformed address, an integer outside uint256 or a nonce that is not 32 bytes.
 *
 * The domain separator is viem's `domainSeparator`, computed once per domain and kept under its
 * members as JSON: two domains share a separator only when every member is the same, so a
 * signature is never made for another chain, token, name or version than the one asked for.
 */
export function transferAuthorizationDigest(
  domain: TypedDataDomain,
  authorization: SignedTransferAuthorization['authorization'],
): Hex {
  // The five members `domainSeparator` reads, each as it is; the chain id with its type, since
  // JSON has no bigint and a text chain id (left out of the separator) must not pass for one.
  const { name, version, chainId, verifyingContract, salt } = domain
  const key = JSON.stringify([name, version, typeof chainId, `${chainId}`, verifyingContract, salt])
  let separator = separators.get(key)
  if (!separator) {
    separator = domainSeparator({ domain })
    if (separators.size > 63) separators.clear()
    separators.set(key, separator)
  }
  const struct = encodeAbiParameters(layout, [
    typeHash,
    ...members.map(({ name }) => authorization[name]),
  ])
  return keccak256(concat(['0x1901', separator, keccak256(struct)]))
}
