/**
 * Shortens an address or a transaction hash for display: `0x2096…287C`. Short strings are kept.
 * The full value stays available (copy buttons, `title`, explorer links).
 */
export function shortenAddress(value: string, head = value.startsWith('0x') ? 6 : 4, tail = 4) {
  return value.length <= head + tail + 1 ? value : `${value.slice(0, head)}…${value.slice(-tail)}`
}
