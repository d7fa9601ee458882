import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import type { Plugin } from 'vite'

const WORKER = 'mockServiceWorker.js'

/**
 * Serves MSW's service worker at `/mockServiceWorker.js` in development and writes it next to
 * `iframe.html` in a build, taken from the installed msw so that the two always match (no
 * `npx msw init` copy to keep in sync or to lint). Used by Storybook (.storybook/main.ts) and by
 * the browser tests.
 */
export function mswWorkerPlugin(): Plugin {
  const source = () => readFileSync(createRequire(import.meta.url).resolve(`msw/${WORKER}`), 'utf8')
  return {
    name: 'h402:msw-worker',
    configureServer(server) {
      server.middlewares.use((request, response, next) => {
        // Any directory: the worker URL is relative to the page (Storybook's iframe.html, or
        // vitest's tester page), and a worker only controls pages below its own path.
        if (!request.url?.split('?')[0]?.endsWith(`/${WORKER}`)) return next()
        response.setHeader('content-type', 'text/javascript; charset=utf-8')
        response.end(source())
      })
    },
    generateBundle() {
      // Only in the build that writes iframe.html (the preview), not in a library-like build.
      this.emitFile({ type: 'asset', fileName: WORKER, source: source() })
    },
  }
}
