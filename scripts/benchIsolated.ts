// Times contenders of `npm run bench` side by side, each in a worker of its own: its own V8 heap,
// so it pays for its own garbage, and its own compiled code, so no contender's calls bend the
// JIT's view of code they share (undici's streams) for another, as two clients in one app would
// not share them. They take turns in a new random order every round, so a slower moment of a
// shared machine lands on all of them alike.
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads'
import { contender } from './benchContenders.js'

/** Each contender's median µs per call over the rounds, and ratios between them. */
export interface Comparison {
  times: Record<string, number>
  /** The median, over the rounds, of `name`'s time in a round over `reference`'s in that round. */
  ratio(name: string, reference: string): number
}

/** How many calls: to warm each contender up, per turn, and how many rounds of turns. */
export interface Schedule {
  warmUp: number
  calls: number
  rounds: number
}

/**
 * Times the contenders `names` (see `contender` in scripts/benchContenders.ts): each runs `warmUp`
 * calls in its worker so the JIT has compiled its path, then each round every one runs `calls`
 * calls in turn, timed as a whole (its collections included).
 */
export async function isolated(names: string[], schedule: Schedule): Promise<Comparison> {
  const workers = new Map(
    names.map((name) => [
      name,
      mailbox(
        // Through tsx, as the bench itself runs: the contenders are TypeScript. (`--import tsx`
        // in a worker's `execArgv` comes too late for its first module in Node 20.)
        new Worker(
          `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(import.meta.url)}) })`,
          { eval: true, workerData: { name, warmUp: schedule.warmUp } },
        ),
      ),
    ]),
  )
  try {
    // One at a time: a warm-up is timed by nobody, but it would slow the others' warm-ups.
    for (const worker of workers.values()) await worker.next()
    const samples = new Map(names.map((name) => [name, [] as number[]]))
    const order = [...names]
    for (let round = 0; round < schedule.rounds; round++) {
      for (let i = order.length - 1; i > 0; i--) {
        const j = Math.floor(Math.random() * (i + 1))
        ;[order[i], order[j]] = [order[j]!, order[i]!]
      }
      for (const name of order) {
        const worker = workers.get(name)!
        worker.worker.postMessage(schedule.calls)
        samples.get(name)!.push((await worker.next()) as number)
      }
    }
    const times = Object.fromEntries(names.map((name) => [name, median(samples.get(name)!)]))
    const ratio = (name: string, reference: string) => {
      const theirs = samples.get(reference)!
      return median(samples.get(name)!.map((time, round) => time / theirs[round]!))
    }
    return { times, ratio }
  } finally {
    await Promise.all([...workers.values()].map(({ worker }) => worker.terminate()))
  }
}

/**
 * A worker and its messages in order: a message that comes before anyone asks for it is kept (a
 * worker's 'message' events are not), and an error fails the one waiting.
 */
function mailbox(worker: Worker): { worker: Worker; next(): Promise<unknown> } {
  const waiting: { resolve(message: unknown): void; reject(error: unknown): void }[] = []
  const kept: unknown[] = []
  let failed: { error: unknown } | undefined
  worker.on('message', (message: unknown) => {
    const next = waiting.shift()
    if (next) next.resolve(message)
    else kept.push(message)
  })
  worker.on('error', (error: unknown) => {
    failed = { error }
    for (const next of waiting.splice(0)) next.reject(error)
  })
  return {
    worker,
    next: () =>
      kept.length
        ? Promise.resolve(kept.shift())
        : failed
          ? Promise.reject(failed.error)
          : new Promise((resolve, reject) => waiting.push({ resolve, reject })),
  }
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2
}

if (!isMainThread && parentPort && workerData?.name) {
  const port = parentPort
  const { name, warmUp } = workerData as { name: string; warmUp: number }
  const run = await contender(name)
  for (let i = 0; i < warmUp; i++) await run()
  port.postMessage('ready')
  port.on('message', async (calls: number) => {
    const start = performance.now()
    for (let i = 0; i < calls; i++) await run()
    port.postMessage(((performance.now() - start) * 1000) / calls)
  })
}
