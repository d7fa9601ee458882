/** The URL when it is an absolute http(s) link, else `undefined` (never `javascript:` and co). */
export function safeHref(url: string | undefined): string | undefined {
  if (!url) return undefined
  try {
    const { protocol } = new URL(url)
    return protocol === 'https:' || protocol === 'http:' ? url : undefined
  } catch {
    return undefined
  }
}
