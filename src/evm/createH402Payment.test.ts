import {
  createWalletClient,
  custom,
  type EIP1193RequestFn,
  encodeAbiParameters,
  encodeFunctionResult,
  type Hex,
  HttpRequestError,
  type LocalAccount,
  parseTransaction,
  toFunctionSelector,
  verifyMessage,
  verifyTypedData,
  zeroHash,
} from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { describe, expect, test } from 'vitest'
import { UnsupportedOptionError } from '../core/errors/policy.js'
import { ChainRequestError, WrongNetworkError } from '../core/errors/wallet.js'
import type { PaymentContext, PaymentStep } from '../core/payer.js'
import type { PaymentOption } from '../core/types.js'
import { eip5267Abi, transferWithAuthorizationTypes } from './abis.js'
import { createChainReader } from './createChainReader.js'
import { createH402Payment, h402ValiditySeconds } from './createH402Payment.js'
import { evmPayer } from './evmPayer.js'
import { createProbeCache } from './probeContract.js'
import { type FakeEvmNode, fakeEvmNode, selectors } from './test/fakeEvmNode.js'
import { toEvmWallet } from './toEvmWallet.js'

const account = privateKeyToAccount(
  '0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d',
)
const token = '0x1111111111111111111111111111111111111111'
const payTo = '0x209693bc6afc0c5328ba36faf03c514ef312287c' // lower case on purpose: sent verbatim
const resource = 'https://shop.example/a'

function option(fields: Partial<PaymentOption> = {}, raw: unknown = {}): PaymentOption {
  return {
    id: 'h402',
    protocol: 'h402-v1',
    scheme: 'exact',
    network: { id: 'eip155:8453', namespace: 'evm', chainId: 8453, name: 'Base', testnet: false },
    asset: { address: token, native: false },
    amount: 1000n,
    payTo,
    resource,
    supported: true,
    raw,
    ...fields,
  }
}

describe('h402ValiditySeconds: at least 60 s, at most maxValiditySeconds', () => {
  test('h402 has no maxTimeoutSeconds: estimatedProcessingTime, floored, within the bounds', () => {
    expect(h402ValiditySeconds(option({}, { estimatedProcessingTime: 120.9 }), 600)).toBe(120)
    expect(h402ValiditySeconds(option({}, { estimatedProcessingTime: 30 }), 600)).toBe(60)
    expect(h402ValiditySeconds(option({}, { estimatedProcessingTime: 1e9 }), 600)).toBe(600)
    expect(h402ValiditySeconds(option({}, { estimatedProcessingTime: 1e9 }), 100)).toBe(100)
  })

  test('maxTimeoutSeconds, when an option has one, comes first', () => {
    const both = option({ maxTimeoutSeconds: 300 }, { estimatedProcessingTime: 90 })
    expect(h402ValiditySeconds(both, 600)).toBe(300)
  })

  test('60 s when nothing usable is said', () => {
    for (const raw of [
      {},
      null,
      { estimatedProcessingTime: '300' },
      { estimatedProcessingTime: Number.NaN },
      { estimatedProcessingTime: Number.POSITIVE_INFINITY },
    ])
      expect(h402ValiditySeconds(option({}, raw), 600), JSON.stringify(raw)).toBe(60)
    expect(h402ValiditySeconds(option({ maxTimeoutSeconds: Number.NaN }), 600)).toBe(60)
  })
})

/** The account, counting every signature it is asked for. */
function promptCounter(inner: LocalAccount): { account: LocalAccount; count: number } {
  const counter = {
    count: 0,
    account: {
      ...inner,
      signTypedData: async (typedData) => {
        counter.count++
        return inner.signTypedData(typedData)
      },
      signMessage: async (message) => {
        counter.count++
        return inner.signMessage(message)
      },
      signTransaction: async (transaction, options) => {
        counter.count++
        return inner.signTransaction(transaction, options)
      },
    } satisfies LocalAccount,
  }
  return counter
}

function context(): PaymentContext & { steps: PaymentStep[] } {
  const steps: PaymentStep[] = []
  return {
    paymentRequired: { protocol: 'h402-v1', options: [], receivedAt: 0, raw: {} },
    now: () => 1_000_000,
    requestUrl: resource,
    onStep: (step) => steps.push(step),
    steps,
  }
}

const bool = (value: boolean) => () => encodeAbiParameters([{ type: 'bool' }], [value])
const rich = () => encodeAbiParameters([{ type: 'uint256' }], [10n ** 30n])
const eip5267 = (fields: Hex) => () =>
  encodeFunctionResult({
    abi: eip5267Abi,
    functionName: 'eip712Domain',
    result: [fields, 'Shop Token', '7', 8453n, token, zeroHash, []],
  })
const h402Selectors = {
  verifyTransferAuthorization: toFunctionSelector(
    'verifyTransferAuthorization(address,address,uint256,uint256,uint256,bytes32,bytes)',
  ),
  authorizationState: toFunctionSelector('authorizationState(address,bytes32)'),
}

/**
 * Base with a funded payer and a token answering the views in `calls` (the others revert, as a
 * token without them does).
 */
function base(calls: FakeEvmNode['calls']): FakeEvmNode {
  const node = fakeEvmNode(8453)
  node.nativeBalance = 10n ** 18n
  node.nonce = 7
  node.calls = { [selectors.balanceOf]: rich, ...calls }
  return node
}

interface SignedTransactionPayload {
  type: 'signedTransaction'
  signedTransaction: Hex
  signedMessage: Hex
}

interface AuthorizationPayload {
  type: 'authorization'
  signature: Hex
  authorization: Record<string, string>
}

describe('createH402Payment (EVM): refusals of its own', () => {
  test('refuses an option without a resource before reading the chain or prompting', async () => {
    // evmPayer refuses it earlier (evmPaymentProblem); this is the payment code's own guard.
    const node = base({})
    const prompts = promptCounter(account)
    const wallet = toEvmWallet(prompts.account)
    for (const missing of [undefined, '']) {
      const error = await createH402Payment(option({ resource: missing }), {
        wallet,
        reader: createChainReader(wallet, { publicClient: node.client }),
        context: context(),
        chainId: 8453,
        from: account.address,
        switchChain: true,
        chains: [],
        pollingInterval: undefined,
        receiptTimeout: 1_000,
        probes: createProbeCache(),
        maxValiditySeconds: 600,
      }).catch((e: unknown) => e)
      expect(error).toBeInstanceOf(UnsupportedOptionError)
      expect((error as UnsupportedOptionError).details).toBe(
        'The h402 option has no "resource"; the server could not match the payment to it.',
      )
    }
    expect(node.seen).toEqual([])
    expect(prompts.count).toBe(0)
  })
})

describe('createH402Payment (EVM): the payload a token gets', () => {
  test('a LocalAccount pays a token without verifyTransferAuthorization with a transfer it signs but does not send', async () => {
    const node = base({})
    const ctx = context()
    const prepared = await evmPayer(account, { publicClient: node.client }).createPayment(
      option(),
      ctx,
    )
    expect(prepared.kind).toBe('transaction')
    const payload = prepared.payload as unknown as SignedTransactionPayload
    expect(payload.type).toBe('signedTransaction')
    expect(
      await verifyMessage({
        address: account.address,
        message: resource,
        signature: payload.signedMessage,
      }),
    ).toBe(true)
    const transaction = parseTransaction(payload.signedTransaction)
    expect(transaction.to).toBe(token)
    expect(transaction.chainId).toBe(8453)
    expect(transaction.nonce).toBe(7)
    expect(ctx.steps).toEqual(['signing-message', 'signing'])
    // The facilitator broadcasts it: nothing is sent from here.
    expect(node.seen).not.toContain('eth_sendRawTransaction')
    expect(node.seen).not.toContain('eth_sendTransaction')
    // No decimals were stated, so none are read: one round trip less before the prompt.
    expect(node.seen).not.toContain(selectors.decimals)
  })

  test('a token that answers verifyTransferAuthorization but has no EIP-3009 is paid by transfer, never by an authorization it cannot execute', async () => {
    const node = base({
      [h402Selectors.verifyTransferAuthorization]: bool(false),
      [selectors.eip712Domain]: eip5267('0x0f'),
    })
    const prepared = await evmPayer(account, { publicClient: node.client }).createPayment(
      option(),
      context(),
    )
    expect((prepared.payload as { type?: unknown }).type).toBe('signedTransaction')
    expect(node.seen).toContain(h402Selectors.authorizationState)
  })

  test('an EIP-3009 token without a readable EIP-712 domain is paid by transfer rather than signed with a guessed domain', async () => {
    const node = base({
      [h402Selectors.verifyTransferAuthorization]: bool(false),
      [h402Selectors.authorizationState]: bool(false),
    })
    const prepared = await evmPayer(account, { publicClient: node.client }).createPayment(
      option(),
      context(),
    )
    expect((prepared.payload as { type?: unknown }).type).toBe('signedTransaction')
    expect(node.seen).toContain(selectors.eip712Domain)
  })

  test('an RPC failure while reading the domain fails the payment (retryable), instead of switching to a transfer that costs the payer gas', async () => {
    const node = base({
      [h402Selectors.verifyTransferAuthorization]: bool(false),
      [h402Selectors.authorizationState]: bool(false),
      [selectors.eip712Domain]: () =>
        new HttpRequestError({ url: 'https://rpc.example', status: 503, body: {} }),
    })
    const prompts = promptCounter(account)
    const error = await evmPayer(prompts.account, { publicClient: node.client })
      .createPayment(option(), context())
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ChainRequestError)
    expect((error as ChainRequestError).userAction).toBe('retry')
    expect(prompts.count).toBe(0)
  })

  test('an authorization for a token whose EIP-5267 domain has no version says version ""', async () => {
    // fields 0x0d: name, chainId and verifyingContract; no version.
    const node = base({
      [h402Selectors.verifyTransferAuthorization]: bool(false),
      [h402Selectors.authorizationState]: bool(false),
      [selectors.eip712Domain]: eip5267('0x0d'),
    })
    const prepared = await evmPayer(account, { publicClient: node.client }).createPayment(
      option(),
      context(),
    )
    const payload = prepared.payload as unknown as AuthorizationPayload
    expect(payload.type).toBe('authorization')
    expect(payload.authorization.version).toBe('')
    expect(payload.authorization.to).toBe(payTo)
    const { authorization } = payload
    expect(
      await verifyTypedData({
        address: account.address,
        domain: { name: 'Shop Token', chainId: 8453, verifyingContract: token },
        types: transferWithAuthorizationTypes,
        primaryType: 'TransferWithAuthorization',
        message: {
          from: authorization.from as Hex,
          to: authorization.to as Hex,
          value: BigInt(authorization.value!),
          validAfter: BigInt(authorization.validAfter!),
          validBefore: BigInt(authorization.validBefore!),
          nonce: authorization.nonce as Hex,
        },
        signature: payload.signature,
      }),
    ).toBe(true)
  })
})

/** A browser wallet on `chain.current` that can switch and sign typed data; records requests. */
function browserWallet(chain: { current: number }) {
  const methods: string[] = []
  const request = (async ({ method, params }: { method: string; params: unknown }) => {
    methods.push(method)
    switch (method) {
      case 'eth_chainId':
        return `0x${chain.current.toString(16)}`
      case 'wallet_switchEthereumChain':
        chain.current = Number((params as [{ chainId: string }])[0].chainId)
        return null
      case 'eth_signTypedData_v4':
        return `0x${'11'.repeat(65)}`
      default:
        throw Object.assign(new Error(`${method} not mocked`), { code: 4200 })
    }
  }) as EIP1193RequestFn
  const client = createWalletClient({ account: account.address, transport: custom({ request }) })
  return { client, methods }
}

describe('createH402Payment (EVM): a browser wallet on another chain', () => {
  const authorizationToken = () =>
    base({
      [h402Selectors.verifyTransferAuthorization]: bool(false),
      [h402Selectors.authorizationState]: bool(false),
      [selectors.eip712Domain]: eip5267('0x0f'),
    })

  test('is switched to the option chain before it is asked to sign', async () => {
    const chain = { current: 1 }
    const wallet = browserWallet(chain)
    const ctx = context()
    const prepared = await evmPayer(wallet.client, {
      publicClient: authorizationToken().client,
    }).createPayment(option(), ctx)
    expect(prepared.kind).toBe('authorization')
    expect(chain.current).toBe(8453)
    expect(ctx.steps).toEqual(['switching-network', 'signing'])
    expect(wallet.methods.indexOf('wallet_switchEthereumChain')).toBeLessThan(
      wallet.methods.indexOf('eth_signTypedData_v4'),
    )
  })

  test('with switchChain: false, is refused with WrongNetworkError and never asked to sign', async () => {
    const chain = { current: 1 }
    const wallet = browserWallet(chain)
    const error = await evmPayer(wallet.client, {
      publicClient: authorizationToken().client,
      switchChain: false,
    })
      .createPayment(option(), context())
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(WrongNetworkError)
    expect(chain.current).toBe(1)
    expect(wallet.methods).not.toContain('wallet_switchEthereumChain')
    expect(wallet.methods).not.toContain('eth_signTypedData_v4')
  })
})
