import { afterEach, expect, test, vi } from 'vitest'
import { PaymentSession } from '../core/session/paymentSession.js'
import type { PaymentEvent } from '../core/session/types.js'
import { mockServer } from '../testing/mockServer.js'
import { SessionCache } from './sessionCache.js'

afterEach(() => {
  vi.useRealTimers()
})

const create = (onEvent: (event: PaymentEvent) => void) =>
  new PaymentSession({ input: 'https://api.example/r', fetch: mockServer().fetch, onEvent })

test('the same key gives the same session, across a release and a retain (a remount)', () => {
  const cache = new SessionCache({ gcTime: 1000 })
  const first = cache.get('a', create)
  const release = cache.retain('a', create)
  release()
  cache.retain('a', create)
  expect(cache.get('a', create)).toBe(first)
  expect(cache.get('b', create)).not.toBe(first)
})

test('a session nobody renders is disposed after gcTime, and a new one is made next time', () => {
  vi.useFakeTimers()
  const cache = new SessionCache({ gcTime: 1000 })
  const first = cache.get('a', create)
  const dispose = vi.spyOn(first, 'dispose')
  cache.retain('a', create)()
  vi.advanceTimersByTime(999)
  expect(dispose).not.toHaveBeenCalled()
  vi.advanceTimersByTime(1)
  expect(dispose).toHaveBeenCalledTimes(1)
  expect(cache.get('a', create)).not.toBe(first)
})

test('a session with a payment under way is kept until it ends', () => {
  vi.useFakeTimers()
  const cache = new SessionCache({ gcTime: 1000 })
  const session = cache.get('a', create)
  const snapshot = vi.spyOn(session, 'getSnapshot')
  snapshot.mockReturnValue({ ...session.getSnapshot(), status: 'signing' })
  const dispose = vi.spyOn(session, 'dispose')
  cache.retain('a', create)()
  vi.advanceTimersByTime(5000)
  expect(dispose).not.toHaveBeenCalled()
  snapshot.mockRestore()
  vi.advanceTimersByTime(1000)
  expect(dispose).toHaveBeenCalledTimes(1)
})

test('events reach the components that retain the session, and stop when they release it', async () => {
  const cache = new SessionCache()
  const seen: string[] = []
  const release = cache.retain('a', create, (event) => seen.push(event.type))
  await cache.get('a', create).start()
  expect(seen).toContain('payment-required')
  release()
  const count = seen.length
  cache.get('a', create).reset()
  expect(seen).toHaveLength(count)
})
