import { getNetworkByX402Name } from '../networks/getNetwork.js'
import type { PaymentOption } from '../types.js'
import {
  finishOption,
  malformedOption,
  type ParseOptions,
  parseAtomic,
  resolveAsset,
  toPaymentNetwork,
  unknownNetwork,
} from './optionParts.js'
import { field, numberText } from './parseJson.js'
import { copyRecord, describeIssues, type Shape, x402V1Requirement } from './schemas.js'

type X402V1Entry = typeof x402V1Requirement extends Shape<infer T> ? T : never

/** Reads one x402 v1 `accepts` entry. Never throws: a bad entry becomes an unsupported option. */
export function x402V1Option(raw: unknown, exact: unknown, options?: ParseOptions): PaymentOption {
  const networkName = field(raw, 'network')
  const info =
    typeof networkName === 'string' ? getNetworkByX402Name(networkName, options) : undefined
  const network = info
    ? toPaymentNetwork(info)
    : unknownNetwork(typeof networkName === 'string' ? networkName : 'unknown')
  const failure = x402V1Requirement.check(raw)
  if (failure) return malformedOption('x402-v1', raw, describeIssues(failure), network)
  // Checked: the fields read as they are, only `extra` is copied (no `__proto__` key).
  const entry = raw as X402V1Entry
  const extra = copyRecord(entry.extra)
  const amount = parseAtomic(numberText(field(exact, 'maxAmountRequired')), 'maxAmountRequired')
  const asset = resolveAsset(network, info, entry.asset, { extra }, options)
  return finishOption(
    {
      protocol: 'x402-v1',
      raw,
      scheme: entry.scheme,
      network,
      asset,
      amount: typeof amount === 'bigint' ? amount : 0n,
      payTo: entry.payTo,
      maxTimeoutSeconds: entry.maxTimeoutSeconds,
      description: entry.description,
      resource: entry.resource,
      mimeType: entry.mimeType,
      extra,
    },
    // The first problem, in this order; x402 servers give no decimals to disagree with.
    (typeof amount === 'string' ? amount : undefined) ??
      (info ? undefined : `The network "${entry.network}" is not known.`) ??
      x402Problem(network.namespace, asset.native, extra),
  )
}

/** What x402's `exact` scheme needs beyond the common fields (protocols.md §2.1–2.2). */
export function x402Problem(
  namespace: string,
  native: boolean,
  extra: Record<string, unknown> | null | undefined,
): string | undefined {
  if (native) return 'x402 cannot pay in a native coin.'
  if (namespace === 'solana' && typeof field(extra, 'feePayer') !== 'string')
    return 'x402 on Solana needs the facilitator\'s "extra.feePayer", which the server did not send.'
  if (namespace === 'evm' && field(extra, 'assetTransferMethod') === 'permit2')
    return 'Permit2 payments are not supported yet.'
  return undefined
}
