import { type ChildProcess, type SpawnOptions, spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'

const EXIT_WITH_PARENT = fileURLToPath(new URL('./exitWithParent.cjs', import.meta.url))
const live = new Set<ChildProcess>()
let exitHookInstalled = false

/**
 * Spawns `node <args>` as a child that cannot outlive us: it is killed on our normal exit, and it
 * exits by itself when we die without one (see exitWithParent.cjs).
 */
export function spawnNodeChild(args: readonly string[], options: SpawnOptions = {}): ChildProcess {
  if (!exitHookInstalled) {
    exitHookInstalled = true
    process.on('exit', () => {
      for (const child of live) child.kill('SIGKILL')
    })
  }
  const child = spawn(process.execPath, ['--require', EXIT_WITH_PARENT, ...args], {
    ...options,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  live.add(child)
  child.once('exit', () => live.delete(child))
  return child
}

/** SIGTERM, then SIGKILL if the child has not exited within `graceMs`. */
export async function stopChild(child: ChildProcess, graceMs = 3000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  child.kill('SIGTERM')
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs)
  await exited
  clearTimeout(timer)
}

/** Keeps the last lines a child printed, to explain a failed start. */
export function tailOutput(child: ChildProcess, maxLines = 40): () => string {
  const lines: string[] = []
  const collect = (chunk: Buffer) => {
    lines.push(...chunk.toString('utf8').split('\n'))
    if (lines.length > maxLines) lines.splice(0, lines.length - maxLines)
  }
  child.stdout?.on('data', collect)
  child.stderr?.on('data', collect)
  return () => lines.join('\n')
}
