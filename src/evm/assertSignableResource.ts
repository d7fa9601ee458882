import { UnsupportedOptionError } from '../core/errors/policy.js'
import type { PaymentContext } from '../core/payer.js'
import type { PaymentOption } from '../core/types.js'

/**
 * h402 has the payer `personal_sign` the option's `resource`. A `personal_sign` of server text is
 * a blank cheque: a "resource" that is a sign-in message for another site logs the person in
 * there. SPEC §5.5: the only free text ever signed is an http(s) URL of the request's own origin.
 * With `context.requestUrl` the origins must match; without it (a caller that does not say what
 * it requested) the resource must at least be an http(s) URL without credentials.
 */
export function assertSignableResource(
  option: PaymentOption,
  resource: string,
  context: Pick<PaymentContext, 'requestUrl'>,
): void {
  const refuse = (reason: string) => new UnsupportedOptionError({ option, reason })
  let url: URL
  try {
    url = new URL(resource)
  } catch {
    throw refuse(
      'The h402 resource to sign is not a URL; only a URL of the site being paid is signed.',
    )
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw refuse(
      `The h402 resource to sign is a ${url.protocol} URL; only http(s) URLs are signed.`,
    )
  if (url.username || url.password)
    throw refuse('The h402 resource to sign carries credentials; it is not signed.')
  // `new URL` accepts text around a URL only when it is part of it; a multi-line "message" is not.
  if (/\s/.test(resource))
    throw refuse('The h402 resource to sign contains spaces or line breaks; it is not signed.')
  if (context.requestUrl === undefined) return
  let requested: URL
  try {
    requested = new URL(context.requestUrl)
  } catch {
    throw refuse('The URL of the paid request is not a URL, so the resource cannot be checked.')
  }
  if (url.origin !== requested.origin)
    throw refuse(
      `The h402 resource to sign is on ${url.origin}, not on ${requested.origin}, the site being paid.`,
    )
}
