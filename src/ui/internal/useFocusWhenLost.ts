'use client'
import { type RefObject, useEffect } from 'react'

/**
 * Focuses the element when it appears while focus is nowhere: on the page body, or on a button
 * that was just disabled or removed (Pay, once paying or paid), so keyboard and screen reader
 * users land on what replaced it.
 */
export function useFocusWhenLost(ref: RefObject<HTMLElement | null>, active: boolean): void {
  useEffect(() => {
    if (!active) return
    const focused = document.activeElement as HTMLElement | null
    const lost =
      !focused ||
      focused === document.body ||
      !focused.isConnected ||
      (focused as HTMLButtonElement).disabled === true
    if (!lost) return
    ref.current?.focus()
  }, [active, ref])
}
