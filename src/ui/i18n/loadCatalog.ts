import { en, type H402Messages } from './en.js'

// Only English ships with the paywall; the other catalogs are chunks of their own, loaded when a
// paywall renders in their language (or imported by the app from `@h402/paywall/locales/<lang>`).
const loaders: Readonly<Record<string, () => Promise<H402Messages>>> = {
  es: () => import('./es.js').then((module) => module.es),
  zh: () => import('./zh.js').then((module) => module.zh),
}

const loaded = new Map<string, H402Messages>([['en', en]])
const loading = new Map<string, Promise<H402Messages>>()
const settled = new Map<string, Promise<void>>()
const failed = new Set<string>()

/** The built-in catalog's language for a BCP 47 locale (`'es-MX'` → `'es'`), else `'en'`. */
function catalogLanguage(locale: string | undefined): string {
  const language = locale?.toLowerCase().split(/[-_]/)[0] ?? 'en'
  return language in loaders ? language : 'en'
}

function load(language: string): Promise<H402Messages> {
  const catalog = loaded.get(language)
  if (catalog) return Promise.resolve(catalog)
  let promise = loading.get(language)
  if (!promise) {
    promise = loaders[language]!().then(
      (messages) => {
        loaded.set(language, messages)
        failed.delete(language)
        loading.delete(language)
        return messages
      },
      (error: unknown) => {
        // Forgotten, so that a later call tries again (a network error).
        failed.add(language)
        loading.delete(language)
        settled.delete(language)
        throw error
      },
    )
    loading.set(language, promise)
  }
  return promise
}

/**
 * Loads the built-in catalog of a BCP 47 locale: its language's (`'es-MX'` → Spanish,
 * `'zh-Hans-CN'` → Chinese), else English. Once loaded, paywalls in that language render at
 * once: await it before a server render (`renderToString` does not wait for a catalog), or
 * pass the catalog itself as `messages` (from `@h402/paywall/locales/es`).
 */
export function loadCatalog(locale: string | undefined): Promise<H402Messages> {
  return load(catalogLanguage(locale))
}

/** True when the locale's language has a built-in catalog that is loaded on demand (not English). */
export function isCatalogOnDemand(locale: string | undefined): boolean {
  return catalogLanguage(locale) !== 'en'
}

/** The locale's catalog if it is loaded, else `undefined` (English always is). */
export function getLoadedCatalog(locale: string | undefined): H402Messages | undefined {
  return loaded.get(catalogLanguage(locale))
}

/**
 * A promise that settles (never rejects) once the locale's catalog is loaded or failed to load,
 * or `undefined` when there is nothing to wait for: the catalog is loaded, or its last load
 * failed (the paywall then speaks English rather than waiting forever).
 */
export function catalogPending(locale: string | undefined): Promise<void> | undefined {
  const language = catalogLanguage(locale)
  if (loaded.has(language) || failed.has(language)) return undefined
  let promise = settled.get(language)
  if (!promise) {
    promise = load(language).then(
      () => undefined,
      () => undefined,
    )
    settled.set(language, promise)
  }
  return promise
}
