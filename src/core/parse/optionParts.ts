import { InvalidAmountError } from '../errors/parse.js'
import type { NetworkLookupOptions } from '../networks/getNetwork.js'
import type { NetworkInfo } from '../networks/networks.js'
import { getToken, nativeAssetAddresses, type TokenLookupOptions } from '../networks/tokens.js'
import type { PaymentAsset, PaymentNetwork, PaymentOption, Protocol } from '../types.js'
import { field } from './parseJson.js'

/** Options for reading a 402: extra networks and tokens the app knows. */
export type ParseOptions = NetworkLookupOptions & TokenLookupOptions

/** The largest amount an EVM token can hold (uint256). */
export const maxAtomicAmount = 2n ** 256n - 1n

/** Schemes the kit can pay. */
export const supportedSchemes: readonly string[] = ['exact']
/** Chain families the kit can pay on. */
export const supportedNamespaces: readonly string[] = ['evm', 'solana']

const evmAddress = /^0x[0-9a-fA-F]{40}$/
const base58Address = /^[1-9A-HJ-NP-Za-km-z]{32,44}$/
const zeroAddress = /^0[xX]0{40}$/

/** A `PaymentNetwork` for a known network. */
export function toPaymentNetwork(info: NetworkInfo): PaymentNetwork {
  // Two literals, not one with a spread of a conditional object: one object made, not three.
  const { id, namespace, chainId, name, testnet } = info
  return chainId === undefined
    ? { id, namespace, name, testnet }
    : { id, namespace, chainId, name, testnet }
}

/** A `PaymentNetwork` for an id the kit does not know. */
export function unknownNetwork(id: string): PaymentNetwork {
  const prefix = id.includes(':') ? id.slice(0, id.indexOf(':')) : 'unknown'
  const namespace = prefix === 'eip155' ? 'evm' : prefix
  const chainId = prefix === 'eip155' ? Number(id.slice(id.indexOf(':') + 1)) : Number.NaN
  return {
    id,
    namespace,
    ...(Number.isSafeInteger(chainId) && chainId > 0 ? { chainId } : {}),
    name: id,
    testnet: false,
  }
}

/** True when the address is well-formed for the namespace. */
export function isAddress(namespace: string, address: string): boolean {
  if (namespace === 'evm') return evmAddress.test(address)
  if (namespace === 'solana') return base58Address.test(address)
  return address.length > 0
}

/** Parses an atomic amount (integer text, or a JSON number's text). */
export function parseAtomic(text: string | undefined, field: string): bigint | string {
  if (text === undefined) return `"${field}" is missing.`
  // JSON numbers may arrive as '1e6': an integer value in exponent form is still exact.
  const plain = /^\d{1,80}$/.test(text)
  if (!plain && !/^\d+(?:\.\d+)?[eE]\+?\d{1,3}$/.test(text))
    return `"${field}" must be a non-negative integer in atomic units, got "${text.slice(0, 40)}".`
  let value: bigint
  try {
    // Up to 15 digits a double is exact, and BigInt reads a number faster than a text.
    value = plain ? BigInt(text.length < 16 ? Number(text) : text) : exactInteger(text)
  } catch {
    return `"${field}" must be a non-negative integer in atomic units, got "${text.slice(0, 40)}".`
  }
  if (value > maxAtomicAmount) return `"${field}" is larger than any token can hold.`
  return value
}

function exactInteger(text: string): bigint {
  const [mantissa = '', exponentText = '0'] = text.toLowerCase().split('e')
  const [whole = '', fraction = ''] = mantissa.split('.')
  const exponent = Number(exponentText)
  if (fraction.length > exponent) {
    if (/[1-9]/.test(fraction.slice(exponent))) throw new InvalidAmountError({ reason: text })
  }
  const digits = whole + fraction.slice(0, exponent).padEnd(exponent, '0')
  return BigInt(digits)
}

/** What a server says of its token: h402 its symbol and decimals, x402 its EIP-712 domain. */
export interface ServerAsset {
  symbol?: string | undefined
  decimals?: number | undefined
  /** x402's `extra`, whose `name` and `version` are the token's EIP-712 domain. */
  extra?: unknown
}

/**
 * Builds the asset of an option, preferring the trusted registry over what the server says.
 * Whether the server's decimals agree is {@link decimalsProblem}'s question.
 */
export function resolveAsset(
  network: PaymentNetwork,
  info: NetworkInfo | undefined,
  address: string,
  server: ServerAsset,
  options: ParseOptions | undefined,
): PaymentAsset {
  const native =
    // The zero address has no letters to lower-case but its prefix's.
    (network.namespace === 'evm' && zeroAddress.test(address)) ||
    (network.namespace === 'solana' && (address === nativeAssetAddresses.solana || address === ''))
  if (native) {
    const currency = info?.nativeCurrency
    const asset: PaymentAsset = {
      address: network.namespace === 'solana' ? nativeAssetAddresses.solana : address,
      native: true,
      ...(currency ? { symbol: currency.symbol, decimals: currency.decimals } : {}),
    }
    if (!currency && server.decimals !== undefined) asset.decimals = server.decimals
    if (!currency && server.symbol) asset.symbol = server.symbol
    return asset
  }
  const token = getToken(network.id, address, options)
  const extraName = field(server.extra, 'name')
  const extraVersion = field(server.extra, 'version')
  const symbol = token?.symbol ?? server.symbol
  const decimals = token?.decimals ?? server.decimals
  // The server's EIP-712 domain is what its facilitator verifies against, so it wins.
  const eip712 =
    typeof extraName === 'string' && typeof extraVersion === 'string'
      ? { name: extraName, version: extraVersion }
      : token?.eip712
  // A known token (the usual case) in one literal: properties added one by one to a smaller
  // literal go to a store of their own, made and grown for each option.
  if (symbol && decimals !== undefined && eip712)
    return { address, native: false, symbol, decimals, eip712 }
  const asset: PaymentAsset = { address, native: false }
  if (symbol) asset.symbol = symbol
  if (decimals !== undefined) asset.decimals = decimals
  if (eip712) asset.eip712 = eip712
  return asset
}

/** Why an asset cannot be paid when the server gave other decimals than it has, else `undefined`. */
export function decimalsProblem(
  asset: PaymentAsset,
  serverDecimals: number | undefined,
): string | undefined {
  return serverDecimals !== undefined && asset.decimals !== serverDecimals
    ? `The server says the token has ${serverDecimals} decimals, but it has ${asset.decimals}.`
    : undefined
}

/** Gives every option an id that is stable across re-fetches and unique within one 402. */
export function assignIds(options: PaymentOption[]): PaymentOption[] {
  // At most 64 options: counting the same ids before one costs less than a Map for each 402.
  const bases: string[] = []
  for (const option of options) {
    const base = `${option.scheme}|${option.network.id}|${option.asset.address}|${option.payTo}`
    let count = 0
    for (const seen of bases) if (seen === base) count++
    bases.push(base)
    option.id = count === 0 ? base : `${base}#${count + 1}`
  }
  return options
}

/** Fields every dialect fills the same way. */
export interface OptionDraft {
  protocol: Protocol
  raw: unknown
  scheme: string
  network: PaymentNetwork
  asset: PaymentAsset
  amount: bigint
  payTo: string
  maxTimeoutSeconds?: number | undefined
  description?: string | undefined
  resource?: string | undefined
  mimeType?: string | undefined
  extra?: Record<string, unknown> | null | undefined
}

/**
 * Finishes an option: a problem the reader found (its first), else the first one found here,
 * makes it unsupported, with that reason.
 */
export function finishOption(draft: OptionDraft, problem: string | undefined): PaymentOption {
  const { network, asset, scheme, payTo } = draft
  // x402 means whole seconds; a fraction would reach a signed `validBefore` as "…5.5".
  const timeout =
    draft.maxTimeoutSeconds === undefined ? undefined : Math.floor(draft.maxTimeoutSeconds)
  const reason =
    problem ??
    (timeout !== undefined && timeout < 1
      ? `"maxTimeoutSeconds" (${draft.maxTimeoutSeconds}) leaves no time to pay.`
      : undefined) ??
    (!supportedSchemes.includes(scheme) ? `The "${scheme}" scheme is not supported.` : undefined) ??
    (!supportedNamespaces.includes(network.namespace)
      ? `The ${network.namespace} network family is not supported.`
      : undefined) ??
    (!isAddress(network.namespace, payTo)
      ? `"${payTo.slice(0, 60)}" is not a valid recipient address.`
      : undefined) ??
    (!asset.native && !isAddress(network.namespace, asset.address)
      ? `"${asset.address.slice(0, 60)}" is not a valid token address.`
      : undefined)
  const option: PaymentOption = {
    id: '',
    protocol: draft.protocol,
    scheme,
    network,
    asset,
    amount: draft.amount,
    payTo,
    supported: reason === undefined,
    raw: draft.raw,
  }
  if (timeout !== undefined) option.maxTimeoutSeconds = timeout
  if (draft.description !== undefined) option.description = draft.description
  if (draft.resource !== undefined) option.resource = draft.resource
  if (draft.mimeType !== undefined) option.mimeType = draft.mimeType
  if (draft.extra) option.extra = draft.extra
  if (reason !== undefined) option.unsupportedReason = reason
  return option
}

/** An option for an entry that is not even an object, so the others still parse. */
export function malformedOption(
  protocol: Protocol,
  raw: unknown,
  reason: string,
  network?: PaymentNetwork,
): PaymentOption {
  const text = (key: string) => {
    const value = field(raw, key)
    return typeof value === 'string' ? value : ''
  }
  const networkId = text('network') || text('networkId')
  return {
    id: '',
    protocol,
    scheme: text('scheme'),
    network: network ?? unknownNetwork(networkId || 'unknown'),
    asset: { address: text('asset') || text('tokenAddress'), native: false },
    amount: 0n,
    payTo: text('payTo') || text('payToAddress'),
    supported: false,
    unsupportedReason: reason,
    raw,
  }
}
