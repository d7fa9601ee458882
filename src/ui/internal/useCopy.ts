'use client'
import { useCallback, useEffect, useState } from 'react'

/**
 * Copies text to the clipboard from a click (the Clipboard API needs the gesture) and reports
 * `copied` for two seconds. Fails quietly where the API is missing (insecure origins).
 */
export function useCopy(): { copied: boolean; copy: (text: string) => void } {
  const [copied, setCopied] = useState(false)
  useEffect(() => {
    if (!copied) return
    const timer = setTimeout(() => setCopied(false), 2000)
    return () => clearTimeout(timer)
  }, [copied])
  const copy = useCallback((text: string) => {
    const clipboard = typeof navigator === 'undefined' ? undefined : navigator.clipboard
    clipboard?.writeText(text).then(
      () => setCopied(true),
      () => setCopied(false),
    )
  }, [])
  return { copied, copy }
}
