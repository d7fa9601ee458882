/** What a person (or an agent) can do next about an error. */
export type UserAction = 'retry' | 'switchNetwork' | 'fund' | 'chooseOther' | 'reconnect' | 'none'

/** Options shared by every {@link H402Error}. */
export interface H402ErrorOptions {
  /** Stable, machine-readable code, e.g. `'user_rejected'`. */
  code: string
  /** The next action the UI should offer. */
  userAction: UserAction
  /** The underlying error, if any. */
  cause?: unknown
  /** Extra detail for developers (not shown to people by default). */
  details?: string
  /** Extra lines appended to `message`. */
  metaMessages?: readonly string[]
}

/**
 * Base class of every error the kit throws. Like viem's `BaseError`: a one-line `shortMessage`,
 * a longer `message` with details, a `cause` chain and `walk()` to search it.
 */
export class H402Error extends Error {
  override name = 'H402Error'
  /** Stable, machine-readable code, e.g. `'user_rejected'`. */
  readonly code: string
  /** The next action the UI should offer. */
  readonly userAction: UserAction
  /** The message without details, fit for a person. */
  readonly shortMessage: string
  /** Extra detail for developers. */
  readonly details: string | undefined
  /** Extra lines that were appended to `message`. */
  readonly metaMessages: readonly string[] | undefined

  constructor(shortMessage: string, options: H402ErrorOptions) {
    const details =
      options.details ??
      (options.cause instanceof H402Error
        ? options.cause.details
        : options.cause instanceof Error
          ? options.cause.message
          : undefined)
    const lines = [shortMessage]
    if (options.metaMessages?.length) lines.push('', ...options.metaMessages)
    if (details && details !== shortMessage) lines.push('', `Details: ${details}`)
    super(lines.join('\n'), options.cause === undefined ? undefined : { cause: options.cause })
    this.code = options.code
    this.userAction = options.userAction
    this.shortMessage = shortMessage
    this.details = details
    this.metaMessages = options.metaMessages
  }

  /**
   * Walks the `cause` chain from this error. With a predicate, returns the first error that
   * matches it (or `null`); without one, returns the deepest cause.
   */
  walk(fn?: (error: unknown) => boolean): unknown {
    return walk(this, fn)
  }
}

/** Walks any error's `cause` chain (viem, wallet and DOM errors included). */
export function walk(error: unknown, fn?: (error: unknown) => boolean): unknown {
  let current: unknown = error
  // A cause chain can be cyclic in hostile or buggy code; a bound keeps this total.
  for (let depth = 0; depth < 32; depth++) {
    if (fn?.(current)) return current
    const next = (current as { cause?: unknown } | null | undefined)?.cause
    if (next === undefined || next === null || next === current) break
    current = next
  }
  return fn ? null : current
}

/** True when `error` is an {@link H402Error} (across bundle copies too). */
export function isH402Error(error: unknown): error is H402Error {
  return (
    error instanceof H402Error ||
    (error instanceof Error &&
      typeof (error as Partial<H402Error>).code === 'string' &&
      typeof (error as Partial<H402Error>).userAction === 'string' &&
      typeof (error as Partial<H402Error>).shortMessage === 'string')
  )
}
