import {
  type Chain,
  createPublicClient,
  custom,
  type EIP1193RequestFn,
  type Hex,
  isAddress,
  numberToHex,
  toFunctionSelector,
} from 'viem'
import type { ReadClient } from '../createChainReader.js'

/**
 * An in-process EVM node for unit tests of the guards: `eth_call`s are answered by selector,
 * balances, gas and fees by fields the test sets; anything else fails like a node that lacks it.
 * Every call is recorded, so a test can say that nothing was asked.
 */
export interface FakeEvmNode {
  client: ReadClient
  /** `eth_call` answers by 4-byte selector; a missing one reverts. */
  calls: Record<string, (call: { to: Hex }) => Hex | Error>
  /** Native balance of every address, in wei (a query without an address is refused). */
  nativeBalance: bigint
  gas: bigint
  /** `undefined`: a chain without EIP-1559 (no `baseFeePerGas`), priced by `eth_gasPrice`. */
  baseFeePerGas: bigint | undefined
  priorityFee: bigint
  gasPrice: bigint
  /** The next (pending) nonce of every address. */
  nonce: number
  /** What `eth_estimateGas` was asked for: the value of the transfer, among others. */
  estimates: { to?: Hex; data?: Hex; value?: Hex }[]
  seen: string[]
}

export function fakeEvmNode(chainId: number, chain?: Chain): FakeEvmNode {
  const node: FakeEvmNode = {
    client: undefined as unknown as ReadClient,
    calls: {},
    nativeBalance: 0n,
    gas: 21_000n,
    baseFeePerGas: 1_000_000_000n,
    priorityFee: 1_000_000n,
    gasPrice: 2_000_000_000n,
    nonce: 0,
    estimates: [],
    seen: [],
  }
  const request = (async ({ method, params }: { method: string; params: unknown }) => {
    node.seen.push(method)
    switch (method) {
      case 'eth_chainId':
        return numberToHex(chainId)
      case 'eth_getBalance': {
        // A real node refuses a balance query without an account (geth: -32602).
        const [address] = params as [unknown]
        if (typeof address !== 'string' || !isAddress(address, { strict: false }))
          throw Object.assign(new Error('invalid argument 0: not an address'), { code: -32602 })
        return numberToHex(node.nativeBalance)
      }
      case 'eth_estimateGas':
        node.estimates.push((params as [{ to?: Hex; data?: Hex; value?: Hex }])[0])
        return numberToHex(node.gas)
      case 'eth_getTransactionCount':
        return numberToHex(node.nonce)
      case 'eth_gasPrice':
        return numberToHex(node.gasPrice)
      case 'eth_maxPriorityFeePerGas':
        return numberToHex(node.priorityFee)
      case 'eth_getBlockByNumber':
        return {
          number: '0x1',
          hash: `0x${'ab'.repeat(32)}`,
          timestamp: '0x1',
          transactions: [],
          ...(node.baseFeePerGas === undefined
            ? {}
            : { baseFeePerGas: numberToHex(node.baseFeePerGas) }),
        }
      case 'eth_call': {
        const { data, to } = (params as [{ data: Hex; to: Hex }])[0]
        const selector = data.slice(0, 10)
        node.seen.push(selector)
        const answer =
          node.calls[selector]?.({ to }) ??
          Object.assign(new Error('execution reverted'), { code: -32603 })
        if (answer instanceof Error) throw answer
        return answer
      }
      default:
        throw Object.assign(new Error(`${method} not mocked`), { code: 4200 })
    }
  }) as EIP1193RequestFn
  node.client = createPublicClient({
    ...(chain ? { chain } : {}),
    transport: custom({ request }, { retryCount: 0 }),
  }) as ReadClient
  return node
}

export const selectors = {
  eip712Domain: toFunctionSelector('eip712Domain()'),
  name: toFunctionSelector('name()'),
  version: toFunctionSelector('version()'),
  decimals: toFunctionSelector('decimals()'),
  balanceOf: toFunctionSelector('balanceOf(address)'),
}
