'use client'
import { useEffect, useState } from 'react'

/**
 * Whole seconds left until `expiresAt`, ticking once a second. Before the first effect (and on
 * the server) it is `initial`, a value derived from the data only, so the server's HTML and the
 * first client render agree.
 */
export function useRemainingSeconds(
  expiresAt: number | undefined,
  initial: number | undefined,
): number | undefined {
  const [remaining, setRemaining] = useState(initial)
  useEffect(() => {
    if (expiresAt === undefined) {
      setRemaining(undefined)
      return
    }
    const tick = () => setRemaining(Math.max(0, Math.ceil((expiresAt - Date.now()) / 1000)))
    tick()
    const timer = setInterval(tick, 1000)
    return () => clearInterval(timer)
  }, [expiresAt])
  return remaining
}
