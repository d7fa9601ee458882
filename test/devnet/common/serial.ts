/**
 * Runs async jobs one at a time. Used where two callers would otherwise race on shared state:
 * an account nonce, or the bankrun bank between a read of balances and the transaction that changes them.
 */
export function createSerialQueue(): <T>(job: () => Promise<T>) => Promise<T> {
  let tail: Promise<unknown> = Promise.resolve()
  return <T>(job: () => Promise<T>) => {
    const run = tail.then(job)
    tail = run.catch(() => undefined)
    return run
  }
}
