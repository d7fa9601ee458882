'use client'
import { useEffect, useState } from 'react'

/** Longest delay `setTimeout` honours (about 24.8 days). */
const maxDelay = 2 ** 31 - 1

/**
 * True once `expiresAt` (ms since epoch) has passed. Always `false` on the server and in the
 * first client render, so hydration matches; the clock is read in an effect.
 */
export function useExpired(expiresAt: number | undefined): boolean {
  const [expired, setExpired] = useState(false)
  useEffect(() => {
    if (expiresAt === undefined) {
      setExpired(false)
      return
    }
    const delay = expiresAt - Date.now()
    setExpired(delay <= 0)
    if (delay <= 0) return
    const timer = setTimeout(() => setExpired(true), Math.min(delay, maxDelay))
    return () => clearTimeout(timer)
  }, [expiresAt])
  return expired
}
