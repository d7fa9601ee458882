import { type Address, hexToNumber, isAddressEqual, type TypedDataDomain } from 'viem'
import { UnsupportedOptionError } from '../core/errors/policy.js'
import type { PaymentOption } from '../core/types.js'
import { eip712MetadataAbi, eip5267Abi } from './abis.js'
import { checksumAddress } from './checksumAddress.js'
import type { ReadClient } from './createChainReader.js'
import { noProbeCache, type ProbeCache, probeContract } from './probeContract.js'

/** The token's EIP-5267 answer, as `eip712Domain()` returns it. */
interface Eip5267Answer {
  fields: `0x${string}`
  domain: {
    name: string
    version: string
    chainId: bigint
    verifyingContract: Address
    salt: `0x${string}`
  }
  extensions: readonly bigint[]
}

/** What the token says of its domain: EIP-5267, else `name()`/`version()`; cached per token. */
type DomainAnswer =
  | { kind: 'eip5267'; answer: Eip5267Answer }
  | { kind: 'metadata'; name: string; version: string }
  | { kind: 'none' }

/** EIP-5267 `fields` bits: which domain members the token's separator uses. */
const field = { name: 1, version: 2, chainId: 4, verifyingContract: 8, salt: 16 } as const

/**
 * The EIP-712 domain of an EIP-3009 token (user-needs item 10). In order:
 * 1. `option.asset.eip712`: the server's `extra.name`/`extra.version`, else the known-token
 *    registry (names differ per chain: Base USDC is "USD Coin", Base Sepolia's is "USDC");
 * 2. the token's EIP-5267 `eip712Domain()`;
 * 3. its `name()` and `version()`.
 * The domain is always `{ name, version, chainId, verifyingContract: asset }` unless EIP-5267 says
 * the token's separator is built otherwise. Refuses with `UnsupportedOptionError` when the token
 * answers none of these, rather than signing with a guessed domain the token would reject.
 */
export async function resolveEip712Domain(
  option: PaymentOption,
  chainId: number,
  read: () => Promise<ReadClient>,
  cache: ProbeCache = noProbeCache,
): Promise<TypedDataDomain> {
  const verifyingContract = checksumAddress(option.asset.address)
  const known = option.asset.eip712
  if (known) return { name: known.name, version: known.version, chainId, verifyingContract }

  const told = await cache(`eip155:${chainId}:${verifyingContract}:eip712`, async () =>
    readDomain(await read(), verifyingContract),
  )
  if (told.kind === 'eip5267') return fromEip5267(option, chainId, verifyingContract, told.answer)
  if (told.kind === 'metadata')
    return { name: told.name, version: told.version, chainId, verifyingContract }
  throw new UnsupportedOptionError({
    option,
    reason:
      "The token's EIP-712 domain is unknown: the server sent no extra.name/extra.version, the token is not in the registry, and it answers neither eip712Domain() nor name() and version().",
  })
}

/** Asks the token for its domain, each view once and without retries (see `probeContract`). */
async function readDomain(client: ReadClient, address: Address): Promise<DomainAnswer> {
  const eip5267 = await probeContract(client, {
    address,
    abi: eip5267Abi,
    functionName: 'eip712Domain',
  })
  if (eip5267) {
    const [fields, name, version, chainId, verifyingContract, salt, extensions] = eip5267
    return {
      kind: 'eip5267',
      answer: { fields, domain: { name, version, chainId, verifyingContract, salt }, extensions },
    }
  }
  const [name, version] = await Promise.all([
    probeContract(client, { address, abi: eip712MetadataAbi, functionName: 'name' }),
    probeContract(client, { address, abi: eip712MetadataAbi, functionName: 'version' }),
  ])
  if (name !== undefined && version !== undefined) return { kind: 'metadata', name, version }
  return { kind: 'none' }
}

function fromEip5267(
  option: PaymentOption,
  chainId: number,
  verifyingContract: Address,
  answer: Eip5267Answer,
): TypedDataDomain {
  const fields = hexToNumber(answer.fields)
  const { domain } = answer
  const refuse = (reason: string) => new UnsupportedOptionError({ option, reason })
  // EIP-5267: extensions add domain fields this client cannot know how to sign.
  if (answer.extensions.length > 0) throw refuse('The token uses EIP-712 domain extensions.')
  if (fields & field.chainId && Number(domain.chainId) !== chainId)
    throw refuse(`The token says it is on chain ${domain.chainId}, not ${chainId}.`)
  if (
    fields & field.verifyingContract &&
    !isAddressEqual(domain.verifyingContract, verifyingContract)
  )
    throw refuse(`The token's EIP-712 domain names another contract (${domain.verifyingContract}).`)
  return {
    ...(fields & field.name ? { name: domain.name } : {}),
    ...(fields & field.version ? { version: domain.version } : {}),
    ...(fields & field.chainId ? { chainId } : {}),
    ...(fields & field.verifyingContract ? { verifyingContract } : {}),
    ...(fields & field.salt ? { salt: domain.salt } : {}),
  }
}
