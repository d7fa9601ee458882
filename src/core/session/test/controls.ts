/** Lets pending promise callbacks and zero-delay timers run. */
export const tick = () => new Promise((resolve) => setTimeout(resolve, 0))

/** A promise and its resolver, to hold a step (a wallet, a fetch) until the test lets it go. */
export function gate<T = void>() {
  let open: (value: T) => void = () => {}
  const promise = new Promise<T>((resolve) => {
    open = resolve
  })
  return { promise, open }
}

/** A clock that a test moves by hand (the session's `now`). */
export function clock(start = 1_700_000_000_000) {
  let now = start
  return {
    now: () => now,
    advance: (ms: number) => {
      now += ms
    },
  }
}
