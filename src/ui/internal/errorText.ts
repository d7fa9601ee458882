import type { H402Translate } from '../i18n/createTranslator.js'
import { en, type H402MessageKey } from '../i18n/en.js'

/** The catalog key of an error code, when the catalogs have one. */
export function errorKey(code: string): H402MessageKey | undefined {
  const key = `error.${code}`
  return key in en ? (key as H402MessageKey) : undefined
}

/**
 * A person's message for an error: its code's catalog entry, else the kit's own short message
 * (never a server string, which the parts show separately as text).
 */
export function errorText(t: H402Translate, error: { code: string; shortMessage: string }): string {
  const key = errorKey(error.code)
  return key ? t(key) : error.shortMessage || t('error.unknown')
}
