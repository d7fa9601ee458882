import {
  ChainDisconnectedError,
  HttpRequestError,
  LimitExceededRpcError,
  ProviderDisconnectedError,
  ResponseBodyTooLargeError,
  SocketClosedError,
  TimeoutError,
  WebSocketRequestError,
} from 'viem'
import { walk } from '../core/errors/base.js'

const transportFailures = [
  HttpRequestError,
  WebSocketRequestError,
  SocketClosedError,
  TimeoutError,
  ResponseBodyTooLargeError,
  ProviderDisconnectedError,
  ChainDisconnectedError,
  LimitExceededRpcError,
] as const

/**
 * True when the request never got a verdict from the chain (the node was unreachable, timed
 * out, or throttled us), as opposed to a contract that reverted or returned nothing.
 */
export function isTransportFailure(error: unknown): boolean {
  return walk(error, (e) => transportFailures.some((type) => e instanceof type)) !== null
}

/**
 * Runs a contract read that a token may not implement. `undefined` when the contract does not
 * answer (reverts, returns no data, or data that does not decode); a transport failure still
 * throws, so an unreachable node is never mistaken for "this token lacks the function".
 */
export async function readOrUndefined<T>(read: Promise<T>): Promise<T | undefined> {
  try {
    return await read
  } catch (error) {
    if (isTransportFailure(error)) throw error
    return undefined
  }
}
