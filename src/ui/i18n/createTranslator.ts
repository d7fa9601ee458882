import { en, type H402MessageKey } from './en.js'
import { getLoadedCatalog } from './loadCatalog.js'

/** Fills a message's `{name}` placeholders. Values are plain text; React renders them as text. */
export type H402Translate = (
  key: H402MessageKey,
  values?: Readonly<Record<string, string | number>>,
) => string

/** Partial overrides of the catalogs, by message key. */
export type H402MessageOverrides = Readonly<Partial<Record<H402MessageKey, string>>>

/**
 * A translator for a locale: the `messages` overrides first (a whole catalog works too), then the
 * locale's built-in catalog once it is loaded (`loadCatalog`; `<H402Paywall>` waits for
 * it), then English. Placeholders without a value are left as they are.
 */
export function createTranslator(
  locale: string | undefined,
  messages?: Readonly<Record<string, string>>,
): H402Translate {
  const catalog = getLoadedCatalog(locale) ?? en
  return (key, values) => {
    const template = messages?.[key] ?? catalog[key] ?? en[key] ?? key
    if (!values) return template
    return template.replace(/\{(\w+)\}/g, (placeholder, name: string) =>
      name in values ? String(values[name]) : placeholder,
    )
  }
}
