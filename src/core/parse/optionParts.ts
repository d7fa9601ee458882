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
  return {
    id: info.id,
    namespace: info.namespace,
    ...(info.chainId === undefined ? {} : { chainId: info.chainId }),
    name: info.name,
    testnet: info.testnet,
  }
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

/** Builds the asset of an option, preferring the trusted registry over what the server says. */
export function resolveAsset(
  network: PaymentNetwork,
  info: NetworkInfo | undefined,
  address: string,
  server: { symbol?: string | undefined; decimals?: number | undefined; extra?: unknown },
  options: ParseOptions | undefined,
): { asset: PaymentAsset; problem?: string } {
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
    return mismatch(asset, server)
  }
  const token = getToken(network.id, address, options)
  const extraName = field(server.extra, 'name')
  const extraVersion = field(server.extra, 'version')
  const asset: PaymentAsset = { address, native: false }
  const symbol = token?.symbol ?? server.symbol
  const decimals = token?.decimals ?? server.decimals
  if (symbol) asset.symbol = symbol
  if (decimals !== undefined) asset.decimals = decimals
  // The server's EIP-712 domain is what its facilitator verifies against, so it wins.
  if (typeof extraName === 'string' && typeof extraVersion === 'string')
    asset.eip712 = { name: extraName, version: extraVersion }
  else if (token?.eip712) asset.eip712 = token.eip712
  return mismatch(asset, server)
}

function mismatch(
  asset: PaymentAsset,
  server: { decimals?: number | undefined },
): { asset: PaymentAsset; problem?: string } {
  if (server.decimals !== undefined && asset.decimals !== server.decimals)
    return {
      asset,
      problem: `The server says the token has ${server.decimals} decimals, but it has ${asset.decimals}.`,
    }
  return { asset }
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

/** Finishes an option: the first problem found makes it unsupported, with that reason. */
export function finishOption(
  draft: OptionDraft,
  problems: readonly (string | undefined)[],
): PaymentOption {
  const { network, asset, scheme, payTo } = draft
  // x402 means whole seconds; a fraction would reach a signed `validBefore` as "…5.5".
  const timeout =
    draft.maxTimeoutSeconds === undefined ? undefined : Math.floor(draft.maxTimeoutSeconds)
  const reason =
    firstProblem(problems) ??
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

function firstProblem(problems: readonly (string | undefined)[]): string | undefined {
  for (const problem of problems) if (problem !== undefined) return problem
  return undefined
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
