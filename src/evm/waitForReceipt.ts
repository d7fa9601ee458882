import {
  type Hash,
  type TransactionReceipt,
  TransactionReceiptNotFoundError,
  WaitForTransactionReceiptTimeoutError,
} from 'viem'
import { getTransactionReceipt } from 'viem/actions'
import { abortable } from './abortable.js'
import type { ReadClient } from './createChainReader.js'

/** What {@link waitForReceipt} waits for, how long and how often. */
export interface WaitForReceiptParameters {
  hash: Hash
  /** Give up after this many milliseconds. */
  timeout: number
  /** Milliseconds between two reads; default: the client's polling interval. */
  pollingInterval?: number | undefined
  /** Stops the wait and its polling at once, rejecting with the signal's reason. */
  signal?: AbortSignal | undefined
}

/**
 * Reads a broadcast transaction's receipt until it is in a block or `timeout` runs out. viem's
 * `waitForTransactionReceipt` takes no signal: stopping the wait left its poll reading the chain
 * until its own timeout (two minutes by default), so a script cancelled while "confirming" could
 * not exit. Here an abort ends the read in flight and the next one is never scheduled.
 */
export async function waitForReceipt(
  reader: ReadClient,
  { hash, timeout, pollingInterval = reader.pollingInterval, signal }: WaitForReceiptParameters,
): Promise<TransactionReceipt> {
  const deadline = Date.now() + timeout
  for (;;) {
    signal?.throwIfAborted()
    try {
      return await abortable(getTransactionReceipt(reader, { hash }), signal)
    } catch (error) {
      if (!(error instanceof TransactionReceiptNotFoundError)) throw error
    }
    const left = deadline - Date.now()
    if (left <= 0) throw new WaitForTransactionReceiptTimeoutError({ hash })
    await pause(Math.min(pollingInterval, left), signal)
  }
}

/** Waits `ms`; an abort of `signal` rejects at once with its reason and clears the timer. */
function pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer)
      reject(signal?.reason)
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort)
      resolve()
    }, ms)
    signal?.addEventListener('abort', onAbort, { once: true })
  })
}
