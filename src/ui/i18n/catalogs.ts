import { en, type H402Messages } from './en.js'
import { es } from './es.js'
import { zh } from './zh.js'

/** The built-in catalogs, by language. */
export const catalogs: Readonly<Record<string, H402Messages>> = { en, es, zh }

/**
 * The built-in catalog for a BCP 47 locale: its language's (`'es-MX'` → Spanish,
 * `'zh-Hans-CN'` → Chinese), else English.
 */
export function getCatalog(locale: string | undefined): H402Messages {
  const language = locale?.toLowerCase().split(/[-_]/)[0] ?? 'en'
  return catalogs[language] ?? en
}
