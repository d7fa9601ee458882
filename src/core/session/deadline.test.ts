import { getEventListeners } from 'node:events'
import { afterEach, describe, expect, test, vi } from 'vitest'
import { deadline, raceSignal } from './deadline.js'

// Every wait of the engine ends (SPEC §5.6) through these two: a deadline that aborts on its
// timeout or with a parent, and a race that does not trust the callee to honour its signal.

afterEach(() => {
  vi.useRealTimers()
})

describe('deadline', () => {
  test('aborts after timeoutMs with a TimeoutError, and says it timed out', async () => {
    vi.useFakeTimers()
    const limit = deadline(1_000, [])
    await vi.advanceTimersByTimeAsync(999)
    expect(limit.signal.aborted).toBe(false)
    expect(limit.timedOut).toBe(false)
    await vi.advanceTimersByTimeAsync(1)
    expect(limit.signal.aborted).toBe(true)
    expect(limit.timedOut).toBe(true)
    expect((limit.signal.reason as DOMException).name).toBe('TimeoutError')
    // What a custom fetch given this signal sees as its abort reason.
    expect((limit.signal.reason as DOMException).message).toBe('The operation timed out.')
  })

  test('an infinite timeout never aborts (setTimeout would read Infinity as 1 ms)', async () => {
    vi.useFakeTimers()
    // Counted against what is already there: test files share a worker, and a timer another file
    // left running would turn a long advance of the fake clock into millions of steps.
    const before = vi.getTimerCount()
    const limit = deadline(Number.POSITIVE_INFINITY, [])
    expect(vi.getTimerCount()).toBe(before)
    await vi.advanceTimersByTimeAsync(1_000)
    expect(limit.signal.aborted).toBe(false)
    expect(limit.timedOut).toBe(false)
  })

  test('aborts with a parent, with its reason, without claiming a timeout', () => {
    vi.useFakeTimers()
    const parent = new AbortController()
    const limit = deadline(1_000, [undefined, null, parent.signal])
    parent.abort('cancelled')
    expect(limit.signal.aborted).toBe(true)
    expect(limit.signal.reason).toBe('cancelled')
    expect(limit.timedOut).toBe(false)
  })

  test('a parent already aborted aborts it at once, and no timer is left to claim a timeout', async () => {
    vi.useFakeTimers()
    const parent = new AbortController()
    parent.abort('gone')
    const limit = deadline(1_000, [parent.signal])
    expect(limit.signal.aborted).toBe(true)
    expect(limit.signal.reason).toBe('gone')
    await vi.advanceTimersByTimeAsync(2_000)
    expect(limit.timedOut).toBe(false)
  })

  test('clear() stops the timer and unlinks the parents, except the one to keep', async () => {
    vi.useFakeTimers()
    const other = new AbortController()
    const kept = new AbortController()
    const limit = deadline(1_000, [other.signal, kept.signal], kept.signal)
    limit.clear()
    await vi.advanceTimersByTimeAsync(5_000)
    expect(limit.signal.aborted).toBe(false)
    expect(limit.timedOut).toBe(false)
    other.abort('late')
    expect(limit.signal.aborted).toBe(false)
    // The caller's own signal still governs the body of a response handed back to it.
    kept.abort('caller')
    expect(limit.signal.reason).toBe('caller')
  })
})

describe('deadline: abort() and race()', () => {
  test('abort(reason) aborts with that reason, once, and is no timeout', () => {
    const limit = deadline(1_000, [])
    limit.abort('owner')
    limit.abort('again')
    expect(limit.signal.reason).toBe('owner')
    expect(limit.timedOut).toBe(false)
    limit.clear()
  })

  test('race() settles with the promise, without a listener on the signal', async () => {
    const limit = deadline(1_000, [])
    const add = vi.spyOn(limit.signal, 'addEventListener')
    await expect(limit.race(Promise.resolve(7))).resolves.toBe(7)
    await expect(limit.race(Promise.reject(new Error('no')))).rejects.toThrow('no')
    expect(add).not.toHaveBeenCalled()
    limit.clear()
  })

  test('race() rejects every pending race as soon as the deadline aborts, by timer or parent', async () => {
    vi.useFakeTimers()
    const never = () => new Promise<number>(() => {})
    const timed = deadline(1_000, [])
    // Each race's rejection is awaited from the start: both reject at once.
    const both = [timed.race(never()), timed.race(never())].map((raced) =>
      expect(raced).rejects.toMatchObject({ name: 'TimeoutError' }),
    )
    await vi.advanceTimersByTimeAsync(1_000)
    await Promise.all(both)
    const parent = new AbortController()
    const linked = deadline(1_000, [parent.signal])
    const raced = linked.race(never())
    parent.abort('cancelled')
    await expect(raced).rejects.toBe('cancelled')
    timed.clear()
    linked.clear()
  })

  test('onAbort() calls back once with the reason, at once when aborted, never once forgotten', () => {
    const parent = new AbortController()
    const limit = deadline(1_000, [parent.signal])
    const add = vi.spyOn(limit.signal, 'addEventListener')
    const told: unknown[] = []
    limit.onAbort((reason) => told.push(['kept', reason]))
    const forget = limit.onAbort((reason) => told.push(['forgotten', reason]))
    forget()
    parent.abort('stop')
    limit.abort('again')
    expect(told).toEqual([['kept', 'stop']])
    limit.onAbort((reason) => told.push(['late', reason]))
    expect(told).toEqual([
      ['kept', 'stop'],
      ['late', 'stop'],
    ])
    expect(add).not.toHaveBeenCalled()
    limit.clear()
  })

  test('race() on an aborted deadline rejects at once; the callee’s late failure stays handled', async () => {
    const limit = deadline(1_000, [])
    limit.abort('gone')
    let fail: (error: unknown) => void = () => undefined
    const late = new Promise<number>((_resolve, reject) => {
      fail = reject
    })
    await expect(limit.race(late)).rejects.toBe('gone')
    fail(new Error('late'))
    await new Promise((resolve) => setTimeout(resolve, 0))
    limit.clear()
  })
})

describe('raceSignal', () => {
  test('settles with the promise and stops listening', async () => {
    const controller = new AbortController()
    const remove = vi.spyOn(controller.signal, 'removeEventListener')
    await expect(raceSignal(Promise.resolve(7), controller.signal)).resolves.toBe(7)
    expect(remove).toHaveBeenCalledTimes(1)
    await expect(raceSignal(Promise.reject(new Error('no')), controller.signal)).rejects.toThrow(
      'no',
    )
    expect(remove).toHaveBeenCalledTimes(2)
    // A long-lived signal (an intent's, a caller's) does not collect a listener per call.
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0)
  })

  test('rejects with the reason as soon as the signal aborts, for a callee that ignores it', async () => {
    const controller = new AbortController()
    let reject: (error: unknown) => void = () => undefined
    const ignoring = new Promise<number>((_resolve, fail) => {
      reject = fail
    })
    const raced = raceSignal(ignoring, controller.signal)
    controller.abort('stop')
    await expect(raced).rejects.toBe('stop')
    // Its own late failure is handled, not an unhandled rejection.
    reject(new Error('late'))
    await new Promise((resolve) => setTimeout(resolve, 0))
  })

  test('an already aborted signal rejects at once', async () => {
    const controller = new AbortController()
    controller.abort('already')
    let settled = false
    const slow = new Promise<number>((_resolve, reject) =>
      setTimeout(() => {
        settled = true
        reject(new Error('late'))
      }, 0),
    )
    await expect(raceSignal(slow, controller.signal)).rejects.toBe('already')
    expect(settled).toBe(false)
    await new Promise((resolve) => setTimeout(resolve, 5))
    expect(settled).toBe(true)
  })
})
