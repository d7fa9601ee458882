import { parsePaymentRequired } from '../core/parsePaymentRequired.js'
import type { PaymentRequired } from '../core/types.js'

/** What a server's paywall page was given by the server, read from `window.x402` / `window.h402`. */
export interface InjectedPaywall {
  /** The payment requirements, parsed as a 402 of their dialect would be. */
  paymentRequired: PaymentRequired
  /** The app's name, for the page's heading (x402 only). */
  appName?: string
  /** The app's logo, an http(s) URL or a path (x402 only). */
  appLogo?: string
}

type Injected = Record<string, unknown>

/**
 * Reads the requirements a server injected into its paywall page, as today's servers do:
 * x402 v2 `window.x402.paymentRequired` (the whole `PaymentRequired`), x402 v1
 * `window.x402.paymentRequirements` and h402 `window.h402.paymentRequirements` (their `accepts`,
 * protocols.md §4). They are parsed as a 402 body would be, with the same bounds and checks.
 * Resolves `undefined` when nothing usable was injected: the page then reads the 402 itself.
 */
export async function readInjectedPaywall(
  scope: object = globalThis,
): Promise<InjectedPaywall | undefined> {
  const injected = scope as { x402?: unknown; h402?: unknown }
  const x402 = asRecord(injected.x402)
  const h402 = asRecord(injected.h402)
  const document = x402
    ? (asRecord(x402.paymentRequired) ?? v1Document(x402.paymentRequirements))
    : h402 && { h402Version: 1, accepts: asList(h402.paymentRequirements) }
  if (!document) return undefined
  try {
    const paymentRequired = await parsePaymentRequired(
      new Response(JSON.stringify(document), {
        status: 402,
        headers: { 'content-type': 'application/json' },
      }),
    )
    const appName = text(x402?.appName)
    const appLogo = logoUrl(x402?.appLogo)
    return {
      paymentRequired,
      ...(appName ? { appName } : {}),
      ...(appLogo ? { appLogo } : {}),
    }
  } catch {
    // Broken injected data is no worse than none: the 402 fetched from the URL decides.
    return undefined
  }
}

function v1Document(requirements: unknown): Injected | undefined {
  const accepts = asList(requirements)
  return accepts ? { x402Version: 1, accepts } : undefined
}

function asRecord(value: unknown): Injected | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Injected)
    : undefined
}

// x402 v1 servers inject one requirement or a list (x402's legacy `getPaywallHtml`).
function asList(value: unknown): unknown[] | undefined {
  if (Array.isArray(value)) return value
  return asRecord(value) ? [value] : undefined
}

function text(value: unknown, maxLength = 80): string | undefined {
  return typeof value === 'string' && value.trim() !== ''
    ? value.trim().slice(0, maxLength)
    : undefined
}

// Only a web address or a path: never `javascript:` or another scheme from injected data.
function logoUrl(value: unknown): string | undefined {
  const candidate = text(value, 2048)
  if (!candidate) return undefined
  if (candidate.startsWith('/') && !candidate.startsWith('//')) return candidate
  return /^https?:\/\//i.test(candidate) ? candidate : undefined
}
