/**
 * Resolves once `url` answers 2xx; rejects when `gaveUp()` says to stop waiting (the process that
 * should answer has exited) or after `timeoutMs`.
 */
export async function waitForHttp(
  url: string,
  gaveUp: () => string | undefined,
  timeoutMs = 180_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const reason = gaveUp()
    if (reason) throw new Error(reason)
    const ok = await fetch(url, { signal: AbortSignal.timeout(5000) }).then(
      (response) => response.ok,
      () => false,
    )
    if (ok) return
    if (Date.now() > deadline) throw new Error(`${url} did not answer within ${timeoutMs / 1000} s`)
    await new Promise((resolve) => setTimeout(resolve, 500))
  }
}
