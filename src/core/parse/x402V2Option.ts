import { getNetwork } from '../networks/getNetwork.js'
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
import { copyRecord, describeIssues, type Shape, x402V2Requirement } from './schemas.js'
import { x402Problem } from './x402V1Option.js'

type X402V2Entry = typeof x402V2Requirement extends Shape<infer T> ? T : never

/** Reads one x402 v2 `accepts` entry. Never throws: a bad entry becomes an unsupported option. */
export function x402V2Option(
  raw: unknown,
  exact: unknown,
  context: {
    resource?: string | undefined
    description?: string | undefined
    mimeType?: string | undefined
  },
  options?: ParseOptions,
): PaymentOption {
  const networkId = field(raw, 'network')
  const info = typeof networkId === 'string' ? getNetwork(networkId, options) : undefined
  const network = info
    ? toPaymentNetwork(info)
    : unknownNetwork(typeof networkId === 'string' ? networkId : 'unknown')
  const failure = x402V2Requirement.check(raw)
  if (failure) return malformedOption('x402-v2', raw, describeIssues(failure), network)
  // Checked: the fields read as they are, only `extra` is copied (no `__proto__` key).
  const entry = raw as X402V2Entry
  const extra = copyRecord(entry.extra)
  const amount = parseAtomic(numberText(field(exact, 'amount')), 'amount')
  const asset = resolveAsset(network, info, entry.asset, { extra }, options)
  return finishOption(
    {
      protocol: 'x402-v2',
      raw,
      scheme: entry.scheme,
      network,
      asset,
      amount: typeof amount === 'bigint' ? amount : 0n,
      payTo: entry.payTo,
      maxTimeoutSeconds: entry.maxTimeoutSeconds,
      description: context.description,
      resource: context.resource,
      mimeType: context.mimeType,
      extra,
    },
    // The first problem, in this order; x402 servers give no decimals to disagree with.
    (typeof amount === 'string' ? amount : undefined) ??
      (info ? undefined : `The network "${entry.network}" is not known.`) ??
      x402Problem(network.namespace, asset.native, extra),
  )
}
