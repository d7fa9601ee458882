import {
  concat,
  domainSeparator,
  encodeAbiParameters,
  type Hex,
  keccak256,
  type TypedDataDomain,
  toHex,
} from 'viem'
import { transferWithAuthorizationTypes } from './abis.js'
import type { SignedTransferAuthorization } from './signTransferAuthorization.js'

/** The struct's members, in the type's order. */
const members = transferWithAuthorizationTypes.TransferWithAuthorization

/** Its ABI layout: the type hash, then each member. */
const layout = [{ type: 'bytes32' }, ...members]

/**
 * EIP-3009's `TRANSFER_WITH_AUTHORIZATION_TYPEHASH`, the keccak256 of `TransferWithAuthorization(
 * address from,address to,…)`: hashed once here, not for every payment as `hashTypedData` does.
 */
const typeHash = keccak256(
  toHex(`TransferWithAuthorization(${members.map(({ name, type }) => `${type} ${name}`)})`),
)

// A token's domain separator is the same for every payment. Bounded: past it, start over.
const separators = new Map<string, Hex>()

/**
 * The EIP-712 digest of an EIP-3009 `TransferWithAuthorization`: exactly what `hashTypedData`
 * returns for the typed data `signTransferAuthorization` builds, without re-validating the types
 * and re-hashing the domain and type strings each time. `encodeAbiParameters` still refuses a
 * malformed address, an integer outside uint256 or a nonce that is not 32 bytes.
 *
 * The domain separator is viem's `domainSeparator`, computed once per domain and kept under the
 * whole domain as JSON: two domains share a separator only when every member is the same, so a
 * signature is never made for another chain, token, name or version than the one asked for.
 */
export function transferAuthorizationDigest(
  domain: TypedDataDomain,
  authorization: SignedTransferAuthorization['authorization'],
): Hex {
  // A bigint chain id as `"1n"`: JSON has no bigint (the payers' chain ids are numbers).
  const key = JSON.stringify(domain, (_, value) =>
    typeof value === 'bigint' ? `${value}n` : value,
  )
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
