import { existsSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import type { DevnetInfo } from '../test/devnet/startDevnet.js'

const CACHE = fileURLToPath(new URL('../test/devnet/.cache/devnet.json', import.meta.url))

/**
 * The devnet Storybook is built against, baked into the preview by Vite `define`:
 * - `H402_DEVNET_JSON` (set by `npm start`, which starts the devnet itself), else
 * - in development only, the file `npm run devnet` writes (a devnet in another terminal), else
 * - none: a static build never picks up a devnet that happened to run on the build machine, and its
 *   stories fall back to mocked responses.
 * Stories still check at run time that the devnet answers (`findDevnet`).
 */
export function readDevnetForStorybook(configType: string | undefined): DevnetInfo | null {
  const fromEnv = process.env.H402_DEVNET_JSON
  if (fromEnv) return JSON.parse(fromEnv) as DevnetInfo
  if (configType === 'PRODUCTION' || !existsSync(CACHE)) return null
  return JSON.parse(readFileSync(CACHE, 'utf8')) as DevnetInfo
}
