import { decodeBase64Text } from './codec/base64Json.js'
import { isH402Error } from './errors/base.js'
import {
  InvalidPaymentRequiredError,
  NoPaymentOptionsError,
  NotPaymentRequiredError,
} from './errors/parse.js'
import { rememberExact } from './parse/exactJson.js'
import { h402Option } from './parse/h402Option.js'
import { assignIds, type ParseOptions } from './parse/optionParts.js'
import { field, type ParsedJson, parseJson } from './parse/parseJson.js'
import { type ReadBodyOptions, readBodyText } from './parse/readBodyText.js'
import { paymentRequiredDocument, resourceInfo } from './parse/schemas.js'
import { x402V1Option } from './parse/x402V1Option.js'
import { x402V2Option } from './parse/x402V2Option.js'
import type { PaymentOption, PaymentRequired, ResourceInfo } from './types.js'

export type { ParseOptions } from './parse/optionParts.js'

/** More entries than this is not a price list but an attack on the chooser. */
export const maxPaymentOptions = 64

/**
 * Reads the payment requirements of a `402 Payment Required` (or `412`) response in any dialect:
 * the x402 v2 `PAYMENT-REQUIRED` header first, then a body with `x402Version` or `h402Version`.
 * A header that does not decode falls back to a valid body. Every `accepts` entry becomes a
 * {@link PaymentOption}; one the kit cannot pay is kept with `supported: false` and a reason.
 *
 * Rejects with an `H402Error`: {@link NotPaymentRequiredError} for another status,
 * {@link NoPaymentOptionsError} for an empty `accepts`, {@link InvalidPaymentRequiredError}
 * for anything unreadable. The response's body is read from a clone, so it stays readable.
 * With `signal`, an abort while the body is read rejects with the signal's reason.
 */
export function parsePaymentRequired(
  response: Response,
  options?: ParseOptions & { signal?: AbortSignal | undefined },
): Promise<PaymentRequired> {
  return readPaymentRequired(response, options, false)
}

/**
 * {@link parsePaymentRequired} for a 402 whose body the caller gives up: the body is read itself,
 * not from a clone, and cancelled when it is too large or the read is aborted. The engine reads the
 * 402s it fetches this way, once, with its request deadline's `onAbort` (see {@link ReadBodyOptions}).
 */
export function parseOwnPaymentRequired(
  response: Response,
  options?: ParseOptions & Pick<ReadBodyOptions, 'signal' | 'onAbort'>,
): Promise<PaymentRequired> {
  return readPaymentRequired(response, options, true)
}

async function readPaymentRequired(
  response: Response,
  options: (ParseOptions & Pick<ReadBodyOptions, 'signal' | 'onAbort'>) | undefined,
  own: boolean,
): Promise<PaymentRequired> {
  if (response.status !== 402 && response.status !== 412)
    throw new NotPaymentRequiredError({ status: response.status })
  const receivedAt = Date.now()

  let headerError: unknown
  // Lower case: undici lower-cases the name on every look-up, which gives a lower-case one back
  // as it is (hash kept) but makes a new string of an upper-case one.
  const header =
    response.headers.get('payment-required') ?? response.headers.get('x-payment-required')
  if (header !== null) {
    try {
      const parsed = parseJsonText(decodeBase64Text(header))
      return fromDocument(parsed instanceof Promise ? await parsed : parsed, receivedAt, options)
    } catch (error) {
      // x402scan#804: a broken header must not hide a valid body.
      headerError = error
    }
  }

  try {
    const text = await readBodyText(response, {
      signal: options?.signal,
      onAbort: options?.onAbort,
      own,
    })
    if (text.trim() === '')
      throw new InvalidPaymentRequiredError({
        reason: 'The 402 has no requirements header and an empty body.',
      })
    const parsed = parseJsonText(text)
    return fromDocument(parsed instanceof Promise ? await parsed : parsed, receivedAt, options)
  } catch (error) {
    // An abort (the caller's, a timeout, a cancel) is an abort, not an unreadable 402.
    if (options?.signal?.aborted) throw options.signal.reason
    throw headerError ?? toH402Error(error)
  }
}

// Not async, and not awaited when it gives the result itself: a 402 whose numbers JSON.parse keeps
// (most) is parsed with no promise, and no microtask, to wait for.
function parseJsonText(text: string): ParsedJson | Promise<ParsedJson> {
  try {
    const parsed = parseJson(text, readsExactNumbers)
    return parsed instanceof Promise ? parsed.catch(notJson) : parsed
  } catch (cause) {
    return notJson(cause)
  }
}

/**
 * Whether a document's numbers are read from its exact tree: x402 v2 echoes its entries back to
 * the server (`accepted`), so every number stays as written; x402 v1 and h402 read only their
 * amounts there, which need it only where the server wrote one as a JSON number, not a string.
 */
function readsExactNumbers(value: unknown): boolean {
  if (field(value, 'x402Version') === 2) return true
  const accepts = field(value, 'accepts')
  // Anything else is refused whatever its numbers.
  if (!Array.isArray(accepts)) return false
  for (const entry of accepts)
    if (
      typeof field(entry, 'maxAmountRequired') === 'number' ||
      typeof field(entry, 'amountRequired') === 'number'
    )
      return true
  return false
}

function notJson(cause: unknown): never {
  throw new InvalidPaymentRequiredError({ reason: 'The payment requirements are not JSON.', cause })
}

function toH402Error(error: unknown) {
  return isH402Error(error)
    ? error
    : new InvalidPaymentRequiredError({
        reason: 'The payment requirements could not be read.',
        cause: error,
      })
}

function fromDocument(
  { value, exact }: ParsedJson,
  receivedAt: number,
  options?: ParseOptions,
): PaymentRequired {
  const x402Version = field(value, 'x402Version')
  // Read only when needed: each read of a field by name costs a look-up of its own.
  const h402Version =
    x402Version === 1 || x402Version === 2 ? undefined : field(value, 'h402Version')
  const protocol =
    x402Version === 1
      ? 'x402-v1'
      : x402Version === 2
        ? 'x402-v2'
        : h402Version === 1
          ? 'h402-v1'
          : undefined
  if (!protocol) {
    const reason =
      x402Version !== undefined
        ? `x402Version ${JSON.stringify(x402Version)} is not supported.`
        : h402Version !== undefined
          ? `h402Version ${JSON.stringify(h402Version)} is not supported.`
          : 'The document has neither "x402Version" nor "h402Version".'
    throw new InvalidPaymentRequiredError({ reason })
  }
  if (paymentRequiredDocument.check(value))
    throw new InvalidPaymentRequiredError({
      reason: '"accepts" must be an array of payment options.',
    })
  const accepts = (value as { accepts: unknown[] }).accepts
  if (accepts.length === 0) throw new NoPaymentOptionsError()
  if (accepts.length > maxPaymentOptions)
    throw new InvalidPaymentRequiredError({
      reason: `"accepts" has ${accepts.length} entries; at most ${maxPaymentOptions} are read.`,
    })
  const exactAccepts = field(exact, 'accepts') as unknown[]

  const resource = protocol === 'x402-v2' ? readResource(field(value, 'resource')) : undefined
  // A loop per dialect, not `accepts.map` with a closure that tests the dialect for each entry.
  const parsedOptions: PaymentOption[] = []
  if (protocol === 'x402-v1')
    for (let index = 0; index < accepts.length; index++)
      parsedOptions.push(x402V1Option(accepts[index], exactAccepts[index], options))
  else if (protocol === 'h402-v1')
    for (let index = 0; index < accepts.length; index++)
      parsedOptions.push(h402Option(accepts[index], exactAccepts[index], options))
  else {
    for (const key of ['resource', 'extensions'])
      rememberExact(field(value, key), field(exact, key))
    const context = {
      resource: resource?.url,
      description: resource?.description,
      mimeType: resource?.mimeType,
    }
    for (let index = 0; index < accepts.length; index++) {
      rememberExact(accepts[index], exactAccepts[index])
      parsedOptions.push(x402V2Option(accepts[index], exactAccepts[index], context, options))
    }
  }

  const result: PaymentRequired = {
    protocol,
    options: assignIds(parsedOptions),
    receivedAt,
    raw: value,
  }
  const error = readError(field(value, 'error'))
  if (error !== undefined) result.error = error
  // v1 and h402 carry the resource per entry; the first one describes the page well enough.
  const pageResource = resource ?? firstResource(result.options)
  if (pageResource) result.resource = pageResource
  const extensions = protocol === 'x402-v2' ? field(value, 'extensions') : undefined
  if (typeof extensions === 'object' && extensions !== null && !Array.isArray(extensions))
    result.extensions = extensions as Record<string, unknown>
  return result
}

// A loop and assignments, not `find` with a closure and spreads into the literal (measured).
function firstResource(options: readonly PaymentOption[]): ResourceInfo | undefined {
  for (const option of options) {
    if (!option.resource) continue
    const resource: ResourceInfo = { url: option.resource }
    if (option.description !== undefined) resource.description = option.description
    if (option.mimeType !== undefined) resource.mimeType = option.mimeType
    return resource
  }
  return undefined
}

function readResource(value: unknown): ResourceInfo | undefined {
  // The shape's copy: `url` and the optional fields JSON gave (JSON has no `undefined`).
  const parsed = resourceInfo.safeParse(value)
  return parsed.success ? parsed.data : undefined
}

// x402#573: some servers put an error object here; only text is shown.
function readError(value: unknown): string | undefined {
  if (typeof value === 'string') return value.slice(0, 1000)
  const message = field(value, 'message')
  return typeof message === 'string' ? message.slice(0, 1000) : undefined
}
