import type { DevnetInfo } from '../../test/devnet/startDevnet.js'

export type { DevnetInfo }

// Baked in by .storybook/main.ts (Vite `define`): the devnet `npm start` started, or null.
declare const __H402_DEVNET__: DevnetInfo | null

const GLOBAL_KEY = '__h402Devnet'

/** Tells the demo which devnet to use at run time (the vitest setup does this with `inject`). */
export function setDevnet(info: DevnetInfo | undefined): void {
  ;(globalThis as Record<string, unknown>)[GLOBAL_KEY] = info
}

/**
 * The devnet the demo was told about, if any: set at run time by `setDevnet` (story tests), else
 * baked into the Storybook build (`npm start`; a plain static build has none). Not a promise that
 * it is running: see `findDevnet`.
 */
export function configuredDevnet(): DevnetInfo | undefined {
  const set = (globalThis as Record<string, unknown>)[GLOBAL_KEY] as DevnetInfo | undefined
  if (set) return set
  // typeof, because outside Storybook (plain vitest) nothing defines the constant.
  return typeof __H402_DEVNET__ === 'undefined' ? undefined : (__H402_DEVNET__ ?? undefined)
}

/**
 * Whether stories must find a devnet: true in story tests, where `setDevnet` provided one and a
 * silent fallback to mocks would hide a broken devnet; false in Storybook itself.
 */
export function devnetRequired(): boolean {
  return Boolean((globalThis as Record<string, unknown>)[GLOBAL_KEY])
}

let probe: Promise<DevnetInfo | undefined> | undefined

/**
 * The configured devnet if its demo server answers, else `undefined` (then stories fall back to
 * mocked responses). Asked once per page: a devnet does not come and go while a story is open.
 */
export function findDevnet(): Promise<DevnetInfo | undefined> {
  const info = configuredDevnet()
  if (!info) return Promise.resolve(undefined)
  probe ??= fetch(`${info.serverUrl}/free`, { signal: AbortSignal.timeout(3000) }).then(
    (response) => (response.ok ? info : undefined),
    () => undefined,
  )
  return probe
}
