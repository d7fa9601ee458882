import {
  createWalletClient,
  custom,
  type EIP1193RequestFn,
  type Hex,
  HttpRequestError,
  pad,
  toHex,
} from 'viem'
import { describe, expect, it } from 'vitest'
import { OutcomeUnknownError, TransactionRevertedError } from '../core/errors/payment.js'
import { UserRejectedError } from '../core/errors/wallet.js'
import { parsePaymentRequired } from '../core/parsePaymentRequired.js'
import type { PaymentContext, PaymentStep } from '../core/payer.js'
import { evmPayer } from './evmPayer.js'
import { receiptHash, rpcReceipt } from './test/rpcReceipt.js'

const from = '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266'
const hash = receiptHash
const hash32 = (n: number) => pad(toHex(n), { size: 32 })

const block = {
  number: '0x10',
  hash: hash32(16),
  parentHash: hash32(15),
  timestamp: '0x65000000',
  baseFeePerGas: '0x3b9aca00',
  gasLimit: '0x1c9c380',
  gasUsed: '0x0',
  miner: from,
  nonce: '0x0000000000000000',
  difficulty: '0x0',
  totalDifficulty: '0x0',
  extraData: '0x',
  logsBloom: `0x${'0'.repeat(512)}`,
  receiptsRoot: hash32(1),
  sha3Uncles: hash32(2),
  stateRoot: hash32(3),
  transactionsRoot: hash32(4),
  mixHash: hash32(5),
  size: '0x100',
  transactions: [],
  uncles: [],
}

const receipt = rpcReceipt

/**
 * A browser wallet on Base with plenty of ETH, whose `eth_sendTransaction` and receipt answers
 * the test chooses. Counts broadcasts.
 */
function wallet(answers: { send?: () => Hex; receipt?: () => ReturnType<typeof receipt> | null }) {
  const sent: unknown[] = []
  const requests: string[] = []
  const request = (async ({ method, params }: { method: string; params: unknown }) => {
    requests.push(method)
    switch (method) {
      case 'eth_chainId':
        return '0x2105'
      case 'eth_getBalance':
        return toHex(10n ** 20n)
      case 'eth_estimateGas':
        return '0x5208'
      case 'eth_getBlockByNumber':
        return block
      case 'eth_maxPriorityFeePerGas':
        return '0x1'
      case 'eth_blockNumber':
        return '0x10'
      case 'personal_sign':
        return `0x${'22'.repeat(65)}`
      case 'eth_sendTransaction':
        sent.push(params)
        return (answers.send ?? (() => hash))()
      case 'eth_getTransactionReceipt':
        return (answers.receipt ?? (() => receipt('0x1')))()
      case 'eth_getTransactionByHash':
        return null
      default:
        throw Object.assign(new Error(`${method} not mocked`), { code: 4200 })
    }
  }) as EIP1193RequestFn
  const client = createWalletClient({ account: from, transport: custom({ request }) })
  return { client, sent, requests }
}

async function nativeOption() {
  const body = {
    h402Version: 1,
    accepts: [
      {
        namespace: 'evm',
        networkId: '8453',
        tokenAddress: '0x0000000000000000000000000000000000000000',
        amountRequired: 1000,
        amountRequiredFormat: 'smallestUnit',
        payToAddress: '0x209693Bc6afc0C5328bA36FaF03C514EF312287C',
        scheme: 'exact',
        resource: 'https://shop.example.com/image',
      },
    ],
  }
  const paymentRequired = await parsePaymentRequired(
    new Response(JSON.stringify(body), { status: 402 }),
  )
  const steps: PaymentStep[] = []
  const context: PaymentContext = {
    paymentRequired,
    now: () => Math.floor(Date.now() / 1000),
    onStep: (step) => steps.push(step),
  }
  return { option: paymentRequired.options[0]!, context, steps }
}

const fast = { pollingInterval: 5, receiptTimeout: 300 }

describe('h402 broadcast from a wallet client', () => {
  it('sends the native transfer once and returns its hash', async () => {
    const { client, sent } = wallet({})
    const { option, context, steps } = await nativeOption()
    const payment = await evmPayer(client, fast).createPayment(option, context)
    expect(payment).toMatchObject({ kind: 'broadcast', transaction: hash, payer: from })
    expect(sent).toEqual([
      [
        expect.objectContaining({
          from,
          to: '0x209693Bc6afc0C5328bA36FaF03C514EF312287C',
          data: '0x',
          value: '0x3e8',
        }),
      ],
    ])
    expect(steps).toEqual(['signing-message', 'broadcasting', 'confirming'])
  })

  it('reports a reverted receipt as TransactionRevertedError carrying the hash', async () => {
    const { client, sent } = wallet({ receipt: () => receipt('0x0') })
    const { option, context } = await nativeOption()
    const error = await evmPayer(client, fast)
      .createPayment(option, context)
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(TransactionRevertedError)
    expect((error as TransactionRevertedError).transaction).toBe(hash)
    expect(sent).toHaveLength(1)
  })

  it('turns a receipt that never comes into OutcomeUnknownError with the hash, never a resend', async () => {
    const { client, sent } = wallet({ receipt: () => null })
    const { option, context } = await nativeOption()
    const error = await evmPayer(client, fast)
      .createPayment(option, context)
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(OutcomeUnknownError)
    expect((error as OutcomeUnknownError).transaction).toBe(hash)
    expect(sent).toHaveLength(1)
  })

  it('turns an abort while confirming into OutcomeUnknownError with the hash, and stops reading the chain', async () => {
    const { client, requests } = wallet({ receipt: () => null })
    const { option, context } = await nativeOption()
    const controller = new AbortController()
    const error = await evmPayer(client, { pollingInterval: 5 })
      .createPayment(option, {
        ...context,
        signal: controller.signal,
        onStep: (step) => {
          if (step === 'confirming') setTimeout(() => controller.abort(), 20)
        },
      })
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(OutcomeUnknownError)
    expect((error as OutcomeUnknownError).transaction).toBe(hash)
    // No poll outlives the wait: a script that cancelled can exit (viem's own wait polled on).
    const atAbort = requests.length
    await new Promise((resolve) => setTimeout(resolve, 100))
    expect(requests.slice(atAbort)).toEqual([])
  })

  it('treats a lost answer to eth_sendTransaction as OutcomeUnknownError, not a failure', async () => {
    const { client, sent } = wallet({
      send: () => {
        throw new HttpRequestError({ url: 'https://rpc.example', status: 504 })
      },
    })
    const { option, context } = await nativeOption()
    const error = await evmPayer(client, fast)
      .createPayment(option, context)
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(OutcomeUnknownError)
    expect(sent).toHaveLength(1)
  })

  it('maps a rejected transaction prompt to UserRejectedError', async () => {
    const { client } = wallet({
      send: () => {
        throw Object.assign(new Error('User denied transaction signature.'), { code: 4001 })
      },
    })
    const { option, context } = await nativeOption()
    await expect(evmPayer(client, fast).createPayment(option, context)).rejects.toBeInstanceOf(
      UserRejectedError,
    )
  })
})
