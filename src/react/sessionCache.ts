import type { PaymentSession } from '../core/session/paymentSession.js'
import type { PaymentEvent } from '../core/session/types.js'

interface Entry {
  session: PaymentSession
  users: number
  listeners: Set<(event: PaymentEvent) => void>
  timer: ReturnType<typeof setTimeout> | undefined
}

/** How a {@link SessionCache} creates a session: it gets the entry's event dispatcher. */
export type CreateSession = (onEvent: (event: PaymentEvent) => void) => PaymentSession

const keep = new Set(['connecting', 'switching-network', 'signing', 'submitting'])

/**
 * Keeps payment sessions alive across React's mounts and unmounts, keyed by request, like
 * TanStack Query's cache keeps queries: StrictMode's second mount, or a component remounted while
 * a wallet prompt is open, finds the same session (the same payment), not a new one. A session
 * nobody renders is disposed after `gcTime`, unless a payment is under way or exists.
 */
export class SessionCache {
  #entries = new Map<string, Entry>()
  readonly gcTime: number

  constructor({ gcTime = 5 * 60_000 }: { gcTime?: number } = {}) {
    this.gcTime = gcTime
  }

  /** The session for `key`, created on first use. Does not count as a user. */
  get(key: string, create: CreateSession): PaymentSession {
    return this.#entry(key, create).session
  }

  /** Counts a user of the session (a mounted component); returns the release function. */
  retain(key: string, create: CreateSession, onEvent?: (event: PaymentEvent) => void) {
    const entry = this.#entry(key, create)
    entry.users++
    if (entry.timer) clearTimeout(entry.timer)
    entry.timer = undefined
    if (onEvent) entry.listeners.add(onEvent)
    return () => {
      if (onEvent) entry.listeners.delete(onEvent)
      entry.users--
      if (entry.users === 0) this.#scheduleGc(key, entry)
    }
  }

  #entry(key: string, create: CreateSession): Entry {
    let entry = this.#entries.get(key)
    if (!entry) {
      const listeners = new Set<(event: PaymentEvent) => void>()
      entry = {
        session: create((event) => {
          for (const listener of listeners) listener(event)
        }),
        users: 0,
        listeners,
        timer: undefined,
      }
      this.#entries.set(key, entry)
    }
    return entry
  }

  #busy(entry: Entry): boolean {
    const state = entry.session.getSnapshot()
    return keep.has(state.status) || (state.payment !== undefined && state.status !== 'settled')
  }

  #scheduleGc(key: string, entry: Entry): void {
    entry.timer = setTimeout(() => {
      entry.timer = undefined
      if (entry.users > 0) return
      // A payment under way must reach its end: look again later.
      if (this.#busy(entry)) return this.#scheduleGc(key, entry)
      entry.session.dispose()
      this.#entries.delete(key)
    }, this.gcTime)
  }
}
