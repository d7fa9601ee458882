import { getEventListeners } from 'node:events'
import {
  createPublicClient,
  custom,
  type EIP1193RequestFn,
  TransactionReceiptNotFoundError,
  WaitForTransactionReceiptTimeoutError,
} from 'viem'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { ReadClient } from './createChainReader.js'
import { receiptHash, rpcReceipt } from './test/rpcReceipt.js'
import { waitForReceipt } from './waitForReceipt.js'

const hash = receiptHash
const receipt = rpcReceipt()

/** A chain whose `eth_getTransactionReceipt` answers are `answers`, in order (the last repeats). */
function chain(answers: (typeof receipt | null | Error)[]) {
  const reads: unknown[] = []
  const request = (async ({ method, params }: { method: string; params: unknown }) => {
    if (method !== 'eth_getTransactionReceipt') throw new Error(`${method} not expected`)
    reads.push(params)
    const answer = answers[Math.min(reads.length, answers.length) - 1]
    if (answer instanceof Error) throw answer
    return answer
  }) as EIP1193RequestFn
  // No retries of viem's own: each read the test sees is one request.
  const reader = createPublicClient({ transport: custom({ request }, { retryCount: 0 }) })
  return { reader: reader as unknown as ReadClient, reads }
}

afterEach(() => {
  vi.useRealTimers()
})

describe('waitForReceipt', () => {
  it('reads the receipt of the hash again until it is in a block', async () => {
    const { reader, reads } = chain([null, null, receipt])
    const result = await waitForReceipt(reader, { hash, timeout: 10_000, pollingInterval: 1 })
    expect(result.transactionHash).toBe(hash)
    expect(result.status).toBe('success')
    expect(reads).toEqual([[hash], [hash], [hash]])
  })

  it('rejects at once when the chain fails otherwise than "not found yet"', async () => {
    const failure = Object.assign(new Error('internal error'), { code: -32603 })
    const { reader, reads } = chain([failure])
    const error = await waitForReceipt(reader, { hash, timeout: 10_000, pollingInterval: 1 }).catch(
      (e: unknown) => e,
    )
    expect(error).not.toBeInstanceOf(TransactionReceiptNotFoundError)
    expect(error).not.toBeInstanceOf(WaitForTransactionReceiptTimeoutError)
    expect(reads).toHaveLength(1)
  })

  it('gives up at the timeout, after reading at each interval until then', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] })
    const { reader, reads } = chain([null])
    const waiting = waitForReceipt(reader, { hash, timeout: 100, pollingInterval: 50 }).catch(
      (e: unknown) => e,
    )
    await vi.advanceTimersByTimeAsync(1_000)
    const error = await waiting
    expect(error).toBeInstanceOf(WaitForTransactionReceiptTimeoutError)
    expect((error as Error).message).toContain(hash)
    // Read at 0, 50 and 100 ms: the last read is the one at the deadline, none after it.
    expect(reads).toHaveLength(3)
  })

  it('an abort between two reads ends the wait at once, with no timer left', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] })
    const { reader, reads } = chain([null])
    const controller = new AbortController()
    let settled: unknown
    void waitForReceipt(reader, {
      hash,
      timeout: 600_000,
      pollingInterval: 60_000,
      signal: controller.signal,
    }).catch((e: unknown) => {
      settled = e
    })
    await vi.advanceTimersByTimeAsync(0)
    expect(reads).toHaveLength(1)
    const reason = new Error('the person cancelled')
    controller.abort(reason)
    await vi.advanceTimersByTimeAsync(0)
    expect(settled).toBe(reason)
    expect(vi.getTimerCount()).toBe(0)
    expect(reads).toHaveLength(1)
  })

  it('leaves no listener on the signal once the receipt is in', async () => {
    const { reader } = chain([null, receipt])
    const controller = new AbortController()
    await waitForReceipt(reader, {
      hash,
      timeout: 10_000,
      pollingInterval: 1,
      signal: controller.signal,
    })
    expect(getEventListeners(controller.signal, 'abort')).toEqual([])
  })
})
