import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import type { TestProject } from 'vitest/node'
import { spawnNodeChild, stopChild, tailOutput } from './common/children.js'
import type { DevnetInfo } from './startDevnet.js'

declare module 'vitest' {
  export interface ProvidedContext {
    devnet: DevnetInfo
  }
}

const MAIN = fileURLToPath(new URL('./main.ts', import.meta.url))
const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url))

/**
 * Starts the devnet once for the `devnet` vitest project, in a child process: the bankrun bank runs on
 * native threads that would keep vitest alive (and a native panic would take vitest down with it).
 * The child also exits by itself if we are killed (see common/exitWithParent.cjs).
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const child = spawnNodeChild(['--import', 'tsx', MAIN, '--json', '--random-ports'], {
    cwd: REPO_ROOT,
    env: { ...process.env, RUST_LOG: 'error' },
  })
  const output = tailOutput(child)
  const ready = new Promise<DevnetInfo>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`devnet did not start within 90 s:\n${output()}`)),
      90_000,
    )
    child.once('exit', (code, signal) => {
      clearTimeout(timer)
      reject(new Error(`devnet exited during start (${code ?? signal}):\n${output()}`))
    })
    if (!child.stdout) throw new Error('no stdout')
    createInterface({ input: child.stdout }).on('line', (line) => {
      if (!line.startsWith('DEVNET_READY ')) return
      clearTimeout(timer)
      resolve(JSON.parse(line.slice('DEVNET_READY '.length)) as DevnetInfo)
    })
  })
  let info: DevnetInfo
  try {
    info = await ready
  } catch (error) {
    await stopChild(child)
    throw error
  }
  project.provide('devnet', info)
  return () => stopChild(child, 10_000)
}
