import type { TestProject } from 'vitest/node'
import startDevnetChild from '../../test/devnet/globalSetup.js'
import type { DevnetInfo } from './devnetInfo.js'

interface SharedDevnet {
  users: number
  started: Promise<{ info: DevnetInfo; stop: () => Promise<void> }>
}

// On globalThis of the vitest process, because each project loads its globalSetup files as its own
// module instances: a module-level variable would not be shared between projects.
const KEY = Symbol.for('h402.sharedBrowserDevnet')

/**
 * globalSetup of the browser projects (`wallets`, `storybook`): one devnet for all of them, started
 * by the `devnet` project's own globalSetup (a child process) and provided as `inject('devnet')`.
 * The browser projects run one after the other (`sequence.groupOrder`), so they can share chains;
 * the `devnet` project keeps its own.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const store = globalThis as { [KEY]?: SharedDevnet }
  let shared = store[KEY]
  if (!shared) {
    const started = (async () => {
      let info: DevnetInfo | undefined
      const capture = {
        provide: (_key: string, value: DevnetInfo) => {
          info = value
        },
      }
      const stop = await startDevnetChild(capture as unknown as TestProject)
      if (!info) throw new Error('the devnet globalSetup provided nothing')
      return { info, stop }
    })()
    shared = { users: 0, started }
    store[KEY] = shared
  }
  shared.users += 1
  const { info, stop } = await shared.started
  project.provide('devnet', info)
  const current = shared
  return async () => {
    current.users -= 1
    if (current.users > 0) return
    delete store[KEY]
    await stop()
  }
}
