import type { Connection } from '@solana/web3.js'
import { OutcomeUnknownError, TransactionRevertedError } from '../core/errors/payment.js'

/** How long and how often to poll for a broadcast transaction. */
export interface ConfirmationOptions {
  /** Give up after this many milliseconds. */
  timeoutMs: number
  /** Milliseconds between two polls. */
  intervalMs: number
  /** Stops waiting (the outcome is then unknown). */
  signal?: AbortSignal | undefined
}

/**
 * Waits until a broadcast transaction is confirmed by polling `getSignatureStatuses`: many RPC
 * endpoints (and the local devnet) have no websocket, which web3.js `confirmTransaction` needs.
 * A failed transaction throws {@link TransactionRevertedError} (nothing was transferred). Running
 * out of time or being aborted throws `OutcomeUnknownError`: the payment may still land, so it
 * must not be paid again (SPEC §5 rule 2).
 */
export async function waitForConfirmation(
  connection: Connection,
  signature: string,
  options: ConfirmationOptions,
): Promise<void> {
  const deadline = Date.now() + options.timeoutMs
  let lastError: unknown
  for (;;) {
    try {
      const { value } = await connection.getSignatureStatuses([signature])
      const status = value[0]
      if (status?.err)
        throw new TransactionRevertedError({ transaction: signature, cause: status.err })
      if (status?.confirmationStatus === 'confirmed' || status?.confirmationStatus === 'finalized')
        return
    } catch (error) {
      if (error instanceof TransactionRevertedError) throw error
      // A failing RPC is not a failing payment: keep polling until the deadline.
      lastError = error
    }
    if (Date.now() + options.intervalMs > deadline)
      throw new OutcomeUnknownError({
        transaction: signature,
        cause: lastError,
        details: `Transaction ${signature} was sent but not confirmed within ${Math.round(options.timeoutMs / 1000)} s.`,
      })
    await delay(options.intervalMs, options.signal, signature)
  }
}

function delay(ms: number, signal: AbortSignal | undefined, signature: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const aborted = () =>
      reject(
        new OutcomeUnknownError({
          transaction: signature,
          cause: signal?.reason,
          details: `Stopped waiting for transaction ${signature}, which was already sent.`,
        }),
      )
    if (signal?.aborted) return aborted()
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort)
      resolve()
    }, ms)
    const onAbort = () => {
      clearTimeout(timer)
      aborted()
    }
    signal?.addEventListener('abort', onAbort, { once: true })
  })
}
