import { type Address, getAddress } from 'viem'

// Enough for the tokens, payees and accounts a payer meets; past it the cache starts over.
const maxEntries = 512
const checksummed = new Map<string, Address>()

/**
 * viem's `getAddress` (EIP-55 checksum; throws for anything that is not an address), remembered
 * per input text: every payment checksums the same payer, payee and token, and viem's own caches
 * cost more per call than the rest of building the authorization. The checksum depends on the
 * text alone, so a remembered one is exactly what `getAddress` would return.
 */
export function checksumAddress(address: string): Address {
  let result = checksummed.get(address)
  if (result === undefined) {
    result = getAddress(address)
    if (checksummed.size >= maxEntries) checksummed.clear()
    checksummed.set(address, result)
  }
  return result
}
