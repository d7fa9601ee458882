/** Where {@link showPaidResponse} shows the content: the page's own window by default. */
export interface PaidResponseTarget {
  document: Document
  location: Pick<Location, 'assign'>
  URL: Pick<typeof URL, 'createObjectURL'>
}

/**
 * Shows a paid response in place of the paywall page, as a navigation to the resource would have:
 * an HTML page replaces the document (its scripts run, as they would on a visit: the page paid
 * for its own URL, so the content is of its own origin); anything else (JSON, a PDF, an image)
 * opens as a file. What today's server paywall pages do (protocols.md §4.1).
 */
export async function showPaidResponse(
  response: Response,
  target: PaidResponseTarget = window,
): Promise<void> {
  const type = response.headers.get('content-type') ?? ''
  if (/^\s*text\/html\b/i.test(type)) {
    const html = await response.text()
    target.document.open()
    target.document.write(html)
    target.document.close()
    return
  }
  target.location.assign(target.URL.createObjectURL(await response.blob()))
}
