'use client'
import { useCopy } from './useCopy.js'

/** A small copy button: an icon, named by `label` for screen readers, "copied" once done. */
export function CopyButton({
  value,
  label,
  copiedLabel,
}: {
  value: string
  label: string
  copiedLabel: string
}) {
  const { copied, copy } = useCopy()
  return (
    <button
      type="button"
      className="h402-button h402-copy"
      data-variant="ghost"
      data-state={copied ? 'copied' : 'idle'}
      onClick={() => copy(value)}
    >
      <svg
        className="h402-icon"
        aria-hidden="true"
        viewBox="0 0 24 24"
        width="16"
        height="16"
        fill="none"
        stroke="currentColor"
        strokeWidth="2"
      >
        <rect x="9" y="9" width="12" height="12" rx="2" />
        <path d="M5 15V5a2 2 0 0 1 2-2h10" />
      </svg>
      <span className="h402-sr-only">{copied ? copiedLabel : label}</span>
    </button>
  )
}
