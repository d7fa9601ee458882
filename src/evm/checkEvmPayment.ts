import {
  type Address,
  type Block,
  getAddress,
  type Hash,
  type Hex,
  isAddress,
  isHex,
  keccak256,
  pad,
  parseTransaction,
  recoverTransactionAddress,
  TransactionNotFoundError,
  type TransactionReceipt,
  TransactionReceiptNotFoundError,
  type TransactionSerialized,
  toEventSelector,
} from 'viem'
import {
  getBlock,
  getTransaction,
  getTransactionCount,
  getTransactionReceipt,
  readContract,
} from 'viem/actions'
import { walk } from '../core/errors/base.js'
import { UnsupportedOptionError } from '../core/errors/policy.js'
import type { PaymentCheck, PaymentCheckContext, PreparedPayment } from '../core/payer.js'
import type { PaymentOption } from '../core/types.js'
import { eip3009Abi, eip3009EventsAbi } from './abis.js'
import { abortable } from './abortable.js'
import type { ReadClient } from './createChainReader.js'
import { isTransportFailure } from './readOrUndefined.js'

/** Blocks searched back for the event that consumed an authorization (best effort, for its hash). */
const logSearchBlocks = 5_000n

const [usedEvent, canceledEvent] = eip3009EventsAbi.map((event) => toEventSelector(event)) as [
  Hex,
  Hex,
]

/**
 * What the chain says about a payment this payer made (`Payer.checkPayment`):
 * - an EIP-3009 authorization (x402, h402 `authorization`): `authorizationState(from, nonce)`
 *   true is `'paid'` (the tx hash from its `AuthorizationUsed` event when the node finds it in
 *   the last 5 000 blocks; `'not-paid'` if the event is `AuthorizationCanceled`); false in a
 *   settled block whose timestamp is at or past `validBefore` is `'not-paid'` (the token refuses
 *   it in every later block); false before that is `'unknown'`;
 * - a signed transaction (h402 `signedTransaction`) or a broadcast one: its receipt says
 *   `'paid'` or, reverted, `'not-paid'`; without a receipt, the sender's nonce in a settled block
 *   past the transaction's means another transaction took its place: `'not-paid'`; else `'unknown'`.
 *
 * "Settled" is the node's `safe` block (the `latest` where the node does not know the tag), so
 * a short reorg cannot turn a "not paid" into a payment.
 */
export async function checkEvmPayment(
  option: PaymentOption,
  payment: PreparedPayment,
  client: ReadClient,
  context: PaymentCheckContext,
): Promise<PaymentCheck> {
  const { signal } = context
  const payload = payment.payload
  if (payment.kind === 'authorization')
    return checkAuthorization(option, client, payload.authorization, signal)
  if (payload.type === 'signedTransaction' && isHex(payload.signedTransaction)) {
    const serialized = payload.signedTransaction as TransactionSerialized
    const transaction = parseTransaction(serialized)
    if (transaction.nonce === undefined) throw malformed(option)
    const from = await recoverTransactionAddress({ serializedTransaction: serialized as never })
    return checkTransaction(
      client,
      keccak256(serialized),
      { from, nonce: transaction.nonce },
      signal,
    )
  }
  const hash = payment.transaction ?? payload.transactionHash
  if (payment.kind === 'broadcast' && isHash(hash))
    return checkTransaction(client, hash, undefined, signal)
  throw malformed(option)
}

async function checkAuthorization(
  option: PaymentOption,
  client: ReadClient,
  authorization: unknown,
  signal: AbortSignal | undefined,
): Promise<PaymentCheck> {
  const { from, nonce, validBefore } = (authorization ?? {}) as Record<string, unknown>
  if (
    typeof from !== 'string' ||
    !isAddress(from) ||
    !isHash(nonce) ||
    typeof validBefore !== 'string' ||
    !/^\d+$/.test(validBefore)
  )
    throw malformed(option)
  const token = getAddress(option.asset.address)
  const used = (blockNumber?: bigint) =>
    abortable(
      readContract(client, {
        address: token,
        abi: eip3009Abi,
        functionName: 'authorizationState',
        args: [getAddress(from), nonce],
        ...(blockNumber === undefined ? {} : { blockNumber }),
      }),
      signal,
    )

  if (await used()) {
    const event = await findAuthorizationEvent(client, token, getAddress(from), nonce, signal)
    if (event?.kind === 'canceled')
      return {
        status: 'not-paid',
        transaction: event.transaction,
        reason: 'The authorization was canceled on chain; it can no longer move money.',
      }
    return event ? { status: 'paid', transaction: event.transaction } : { status: 'paid' }
  }
  const settled = await settledBlock(client, signal)
  if (settled.timestamp >= BigInt(validBefore) && !(await used(settled.number)))
    return {
      status: 'not-paid',
      reason: `The authorization expired at ${validBefore} unused (block ${settled.number} is at ${settled.timestamp}); it can no longer move money.`,
    }
  return {
    status: 'unknown',
    reason: `The authorization is unused so far, but can still be settled until ${validBefore}.`,
  }
}

async function checkTransaction(
  client: ReadClient,
  hash: Hash,
  signed: { from: Address; nonce: number } | undefined,
  signal: AbortSignal | undefined,
): Promise<PaymentCheck> {
  // The nonce is read before the receipt: a transaction mined in between then shows its receipt.
  let sender = signed
  if (!sender) {
    const sent = await orNotFound(abortable(getTransaction(client, { hash }), signal))
    if (sent) sender = { from: sent.from, nonce: sent.nonce }
  }
  const settled = sender && (await settledBlock(client, signal))
  const count =
    sender &&
    settled &&
    (await abortable(
      getTransactionCount(client, { address: sender.from, blockNumber: settled.number }),
      signal,
    ))
  const receipt = await orNotFound<TransactionReceipt>(
    abortable(getTransactionReceipt(client, { hash }), signal),
  )
  if (receipt?.status === 'success') return { status: 'paid', transaction: hash }
  if (receipt)
    return {
      status: 'not-paid',
      transaction: hash,
      reason: `Transaction ${hash} reverted: nothing was transferred (its gas was spent).`,
    }
  if (sender && count !== undefined && count > sender.nonce)
    return {
      status: 'not-paid',
      transaction: hash,
      reason: `Transaction ${hash} was not mined, and another transaction of ${sender.from} used its nonce ${sender.nonce}: it can no longer be mined.`,
    }
  return {
    status: 'unknown',
    transaction: hash,
    reason: `Transaction ${hash} is not mined yet and can still be.`,
  }
}

/** The EIP-3009 event that consumed the nonce, when the node finds it cheaply. */
async function findAuthorizationEvent(
  client: ReadClient,
  token: Address,
  authorizer: Address,
  nonce: Hex,
  signal: AbortSignal | undefined,
): Promise<{ kind: 'used' | 'canceled'; transaction: Hash } | undefined> {
  try {
    const latest = await abortable(getBlock(client, { blockTag: 'latest' }), signal)
    const fromBlock = latest.number > logSearchBlocks ? latest.number - logSearchBlocks : 0n
    const logs = (await abortable(
      client.request(
        {
          method: 'eth_getLogs',
          params: [
            {
              address: token,
              fromBlock: `0x${fromBlock.toString(16)}`,
              toBlock: `0x${latest.number.toString(16)}`,
              topics: [[usedEvent, canceledEvent], pad(authorizer), nonce],
            },
          ],
        },
        { retryCount: 0 },
      ),
      signal,
    )) as { topics: Hex[]; transactionHash: Hash | null }[]
    const log = logs.find((entry) => entry.transactionHash)
    if (!log?.transactionHash) return undefined
    return {
      kind: log.topics[0] === canceledEvent ? 'canceled' : 'used',
      transaction: log.transactionHash,
    }
  } catch (error) {
    // The hash is a courtesy: a node that limits log ranges does not make the answer unknown.
    if (signal?.aborted) throw error
    return undefined
  }
}

/** The node's `safe` block, or its `latest` where the tag is unknown (pre-merge style chains). */
async function settledBlock(
  client: ReadClient,
  signal: AbortSignal | undefined,
): Promise<Block<bigint, false, 'safe'>> {
  try {
    return await abortable(getBlock(client, { blockTag: 'safe' }), signal)
  } catch (error) {
    if (isTransportFailure(error) || signal?.aborted) throw error
    return (await abortable(getBlock(client, { blockTag: 'latest' }), signal)) as Block<
      bigint,
      false,
      'safe'
    >
  }
}

async function orNotFound<T>(read: Promise<T>): Promise<T | undefined> {
  try {
    return await read
  } catch (error) {
    if (
      walk(
        error,
        (e) =>
          e instanceof TransactionReceiptNotFoundError || e instanceof TransactionNotFoundError,
      )
    )
      return undefined
    throw error
  }
}

function isHash(value: unknown): value is Hash {
  return isHex(value) && value.length === 66
}

function malformed(option: PaymentOption): UnsupportedOptionError {
  return new UnsupportedOptionError({
    option,
    reason: 'This payment was not made by this payer, so the chain cannot be asked about it.',
  })
}
