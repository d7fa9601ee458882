/**
 * Groups an exact decimal string (as `formatAmount` makes it) by a locale's conventions, never
 * through a float: the integer part is grouped by `Intl.NumberFormat` on a `BigInt`, every
 * fraction digit is kept, and the locale's decimal separator and digits are used.
 * `formatLocalizedAmount('1234567.000001', 'es')` is `'1.234.567,000001'`.
 * A string that is not a plain decimal is returned as it is.
 */
export function formatLocalizedAmount(exact: string, locale: string | undefined): string {
  const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(exact)
  if (!match) return exact
  const [, sign, whole = '0', fraction] = match
  const format = numberFormat(locale)
  const grouped = format.format(BigInt(whole))
  if (!fraction) return `${sign}${grouped}`
  const decimal =
    new Intl.NumberFormat(format.resolvedOptions().locale, { minimumFractionDigits: 1 })
      .formatToParts(1.5)
      .find((part) => part.type === 'decimal')?.value ?? '.'
  // The locale's own digits (e.g. Arabic-Indic) for the fraction too, one digit at a time.
  const digits = Array.from({ length: 10 }, (_, digit) => format.format(digit))
  const localFraction = fraction.replace(/\d/g, (digit) => digits[Number(digit)] ?? digit)
  return `${sign}${grouped}${decimal}${localFraction}`
}

function numberFormat(locale: string | undefined): Intl.NumberFormat {
  try {
    return new Intl.NumberFormat(locale, { useGrouping: true, maximumFractionDigits: 0 })
  } catch {
    // An invalid locale tag from an app or a browser: fall back rather than throw in render.
    return new Intl.NumberFormat('en', { useGrouping: true, maximumFractionDigits: 0 })
  }
}
