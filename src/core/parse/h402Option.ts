import { parseAmount } from '../amount/parseAmount.js'
import { isH402Error } from '../errors/base.js'
import { getNetworkByH402Id } from '../networks/getNetwork.js'
import type { PaymentOption } from '../types.js'
import {
  decimalsProblem,
  finishOption,
  malformedOption,
  maxAtomicAmount,
  type ParseOptions,
  parseAtomic,
  resolveAsset,
  toPaymentNetwork,
  unknownNetwork,
} from './optionParts.js'
import { field, numberText } from './parseJson.js'
import { describeIssues, h402Requirement } from './schemas.js'

/** Reads one h402 `accepts` entry. Never throws: a bad entry becomes an unsupported option. */
export function h402Option(raw: unknown, exact: unknown, options?: ParseOptions): PaymentOption {
  const namespace = field(raw, 'namespace')
  const networkIdValue = field(raw, 'networkId')
  const networkId = typeof networkIdValue === 'number' ? String(networkIdValue) : networkIdValue
  const info =
    typeof namespace === 'string' && typeof networkId === 'string'
      ? getNetworkByH402Id(namespace, networkId, options)
      : undefined
  const network = info
    ? toPaymentNetwork(info)
    : {
        ...unknownNetwork(`${String(namespace)}:${String(networkId)}`),
        namespace: typeof namespace === 'string' ? namespace : 'unknown',
      }
  const parsed = h402Requirement.safeParse(raw)
  if (!parsed.success) return malformedOption('h402-v1', raw, describeIssues(parsed.error), network)
  const entry = parsed.data
  const asset = resolveAsset(
    network,
    info,
    entry.tokenAddress ?? '',
    { symbol: entry.tokenSymbol, decimals: entry.tokenDecimals },
    options,
  )
  const amount = h402Amount(
    entry.amountRequiredFormat,
    numberText(field(exact, 'amountRequired')),
    numberText(field(exact, 'maxAmountRequired')),
    asset.decimals,
  )
  return finishOption(
    {
      protocol: 'h402-v1',
      raw,
      scheme: entry.scheme,
      network,
      asset,
      amount: typeof amount === 'bigint' ? amount : 0n,
      payTo: entry.payToAddress,
      description: entry.description,
      resource: entry.resource,
      mimeType: entry.mimeType,
      extra: entry.extra,
    },
    // The first problem, in this order.
    (typeof amount === 'string' ? amount : undefined) ??
      (info
        ? undefined
        : `The network "${entry.namespace}/${String(entry.networkId)}" is not known.`) ??
      decimalsProblem(asset, entry.tokenDecimals),
  )
}

/**
 * h402 amounts: `smallestUnit` is atomic, `humanReadable` is a decimal of whole tokens, converted
 * from the JSON number's own text (h402's `Math.floor(Number(x) * 10 ** d)` is off by one unit
 * for prices like 1.001). h402 lets `maxAmountRequired` override `amountRequired`; when the two
 * disagree we cannot tell which one the server will verify, so we refuse.
 */
function h402Amount(
  format: 'humanReadable' | 'smallestUnit',
  required: string | undefined,
  max: string | undefined,
  decimals: number | undefined,
): bigint | string {
  const convert = (text: string | undefined, name: string): bigint | string => {
    if (format === 'smallestUnit') return parseAtomic(text, name)
    if (text === undefined) return `"${name}" is missing.`
    if (decimals === undefined)
      return "The token's decimals are unknown, so the human-readable amount cannot be converted."
    try {
      const value = parseAmount(text, decimals)
      // A human amount times 10^decimals can outgrow what any token holds (uint256).
      return value > maxAtomicAmount ? `"${name}" is larger than any token can hold.` : value
    } catch (error) {
      return isH402Error(error)
        ? `"${name}": ${error.details ?? error.shortMessage}`
        : String(error)
    }
  }
  const amount = convert(required, 'amountRequired')
  if (max === undefined || typeof amount === 'string') return amount
  const maxAmount = convert(max, 'maxAmountRequired')
  if (typeof maxAmount === 'string') return maxAmount
  return maxAmount === amount
    ? amount
    : '"maxAmountRequired" and "amountRequired" disagree; the price is ambiguous.'
}
