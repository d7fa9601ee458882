import type { RequestHandler } from 'msw'
import { type SetupWorker, setupWorker } from 'msw/browser'

let started: Promise<SetupWorker> | undefined

/**
 * Starts MSW's service worker once per page (served by `mswWorkerPlugin`) and makes `handlers`
 * the current ones, replacing those of the previous story. Requests no handler matches go to the
 * network, so a story can mock the demo server and still reach anything else.
 */
export async function startMockWorker(...handlers: RequestHandler[]): Promise<SetupWorker> {
  started ??= (async () => {
    const worker = setupWorker()
    await worker.start({
      // Relative: a static Storybook may be hosted under a sub-path.
      serviceWorker: { url: './mockServiceWorker.js' },
      onUnhandledRequest: 'bypass',
      quiet: true,
    })
    return worker
  })()
  const worker = await started
  worker.resetHandlers(...handlers)
  return worker
}
