import {
  type Address,
  createPublicClient,
  createWalletClient,
  custom,
  type EIP1193RequestFn,
  encodeAbiParameters,
  encodeFunctionResult,
  getAddress,
  type Hex,
  type LocalAccount,
  recoverTypedDataAddress,
  type TypedDataDomain,
  toFunctionSelector,
  UserRejectedRequestError,
  verifyTypedData,
  zeroHash,
} from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { describe, expect, it } from 'vitest'
import { encodeBase64Json } from '../core/codec/base64Json.js'
import { QuoteExpiredError } from '../core/errors/payment.js'
import { UnsupportedOptionError } from '../core/errors/policy.js'
import { UserRejectedError, WrongNetworkError } from '../core/errors/wallet.js'
import { parsePaymentRequired } from '../core/parsePaymentRequired.js'
import type { PaymentContext, PaymentStep } from '../core/payer.js'
import type { PaymentOption, PaymentRequired } from '../core/types.js'
import { eip5267Abi, transferWithAuthorizationTypes } from './abis.js'
import { evmPayer } from './evmPayer.js'

// Hardhat's well-known account #1: a public test key, never funded anywhere real.
const account = privateKeyToAccount(
  '0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d',
)
const payTo = '0x209693bc6afc0c5328ba36faf03c514ef312287c' // lower case on purpose
const baseUsdc = '0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913'
const baseSepoliaUsdc = '0x036CbD53842c5426634e7929541eC2318f3dCF7e'

async function x402V1(entry: Record<string, unknown>): Promise<PaymentRequired> {
  const body = {
    x402Version: 1,
    accepts: [
      {
        scheme: 'exact',
        network: 'base',
        maxAmountRequired: '10000',
        resource: 'https://api.example.com/premium',
        description: 'Premium data',
        mimeType: 'application/json',
        payTo,
        maxTimeoutSeconds: 60,
        asset: baseUsdc,
        ...entry,
      },
    ],
  }
  return parsePaymentRequired(new Response(JSON.stringify(body), { status: 402 }))
}

async function x402V2(entry: Record<string, unknown>): Promise<PaymentRequired> {
  const document = {
    x402Version: 2,
    resource: { url: 'https://api.example.com/weather' },
    accepts: [
      {
        scheme: 'exact',
        network: 'eip155:84532',
        amount: '1000',
        asset: baseSepoliaUsdc,
        payTo,
        maxTimeoutSeconds: 120,
        ...entry,
      },
    ],
  }
  return parsePaymentRequired(
    new Response('{}', {
      status: 402,
      headers: { 'PAYMENT-REQUIRED': encodeBase64Json(document) },
    }),
  )
}

async function h402(entry: Record<string, unknown>): Promise<PaymentRequired> {
  const body = {
    h402Version: 1,
    accepts: [
      {
        namespace: 'evm',
        networkId: '8453',
        tokenAddress: baseUsdc,
        amountRequired: 10000,
        amountRequiredFormat: 'smallestUnit',
        payToAddress: payTo,
        scheme: 'exact',
        resource: 'https://shop.example.com/image',
        ...entry,
      },
    ],
  }
  return parsePaymentRequired(new Response(JSON.stringify(body), { status: 402 }))
}

function first(paymentRequired: PaymentRequired): PaymentOption {
  const option = paymentRequired.options[0]
  if (!option?.supported) throw new Error(`unexpected option: ${option?.unsupportedReason}`)
  return option
}

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
    } satisfies LocalAccount,
  }
  return counter
}

function contextFor(
  paymentRequired: PaymentRequired,
  now: () => number = () => Math.floor(paymentRequired.receivedAt / 1000),
): PaymentContext & { steps: PaymentStep[] } {
  const steps: PaymentStep[] = []
  return { paymentRequired, now, onStep: (step) => steps.push(step), steps }
}

interface AuthorizationPayload {
  signature: Hex
  authorization: Record<string, string>
}

function typedMessage(authorization: Record<string, string>) {
  return {
    from: authorization.from as Address,
    to: authorization.to as Address,
    value: BigInt(authorization.value!),
    validAfter: BigInt(authorization.validAfter!),
    validBefore: BigInt(authorization.validBefore!),
    nonce: authorization.nonce as Hex,
  }
}

function verifies(payload: AuthorizationPayload, domain: TypedDataDomain): Promise<boolean> {
  return verifyTypedData({
    address: account.address,
    domain,
    types: transferWithAuthorizationTypes,
    primaryType: 'TransferWithAuthorization',
    message: typedMessage(payload.authorization),
    signature: payload.signature,
  })
}

describe('evmPayer: x402 exact (EIP-3009)', () => {
  it('signs an x402 v1 payload that recovers the payer for the registry domain of Base USDC', async () => {
    const paymentRequired = await x402V1({})
    const option = first(paymentRequired)
    const context = contextFor(paymentRequired)
    const prepared = await evmPayer(account).createPayment(option, context)

    expect(prepared.kind).toBe('authorization')
    expect(prepared.payer).toBe(account.address)
    const payload = prepared.payload as unknown as AuthorizationPayload
    expect(Object.keys(payload)).toEqual(['signature', 'authorization'])
    expect(Object.keys(payload.authorization)).toEqual([
      'from',
      'to',
      'value',
      'validAfter',
      'validBefore',
      'nonce',
    ])
    expect(payload.authorization.from).toBe(account.address)
    expect(payload.authorization.to).toBe(getAddress(payTo))
    expect(payload.authorization.value).toBe('10000')
    for (const key of ['value', 'validAfter', 'validBefore'])
      expect(payload.authorization[key]).toMatch(/^\d+$/)
    expect(payload.signature).toMatch(/^0x[0-9a-f]{130}$/)

    const domain = {
      name: 'USD Coin',
      version: '2',
      chainId: 8453,
      verifyingContract: baseUsdc,
    } as const
    expect(await verifies(payload, domain)).toBe(true)
    expect(
      await recoverTypedDataAddress({
        domain,
        types: transferWithAuthorizationTypes,
        primaryType: 'TransferWithAuthorization',
        message: typedMessage(payload.authorization),
        signature: payload.signature,
      }),
    ).toBe(account.address)
    expect(context.steps).toEqual(['signing'])
  })

  it('signs an x402 v2 payload for Base Sepolia USDC, whose registry name is "USDC"', async () => {
    const paymentRequired = await x402V2({})
    const prepared = await evmPayer(account).createPayment(
      first(paymentRequired),
      contextFor(paymentRequired),
    )
    const payload = prepared.payload as unknown as AuthorizationPayload
    expect(payload.authorization.value).toBe('1000')
    const domain = { version: '2', chainId: 84532, verifyingContract: baseSepoliaUsdc } as const
    expect(await verifies(payload, { ...domain, name: 'USDC' })).toBe(true)
    expect(await verifies(payload, { ...domain, name: 'USD Coin' })).toBe(false)
  })

  it("uses the server's extra.name and extra.version over the registry", async () => {
    const paymentRequired = await x402V2({ extra: { name: 'Bridged USDC', version: '7' } })
    const prepared = await evmPayer(account).createPayment(
      first(paymentRequired),
      contextFor(paymentRequired),
    )
    const payload = prepared.payload as unknown as AuthorizationPayload
    const domain = { chainId: 84532, verifyingContract: baseSepoliaUsdc } as const
    expect(await verifies(payload, { ...domain, name: 'Bridged USDC', version: '7' })).toBe(true)
    expect(await verifies(payload, { ...domain, name: 'USDC', version: '2' })).toBe(false)
  })

  it('computes the window from the injected clock: validAfter = now − 600, validBefore = now + maxTimeoutSeconds', async () => {
    const paymentRequired = await x402V2({})
    const now = Math.floor(paymentRequired.receivedAt / 1000) + 5
    const prepared = await evmPayer(account).createPayment(
      first(paymentRequired),
      contextFor(paymentRequired, () => now),
    )
    const { authorization } = prepared.payload as unknown as AuthorizationPayload
    expect(authorization.validAfter).toBe(String(now - 600))
    expect(authorization.validBefore).toBe(String(now + 120))
    expect(prepared.validBefore).toBe(now + 120)
  })

  it('uses a fresh 32-byte nonce for every signature', async () => {
    const paymentRequired = await x402V1({})
    const payer = evmPayer(account)
    const nonces = new Set<string>()
    for (let i = 0; i < 3; i++) {
      const prepared = await payer.createPayment(
        first(paymentRequired),
        contextFor(paymentRequired),
      )
      const { authorization } = prepared.payload as unknown as AuthorizationPayload
      expect(authorization.nonce).toMatch(/^0x[0-9a-f]{64}$/)
      nonces.add(authorization.nonce!)
    }
    expect(nonces.size).toBe(3)
  })

  it('discards a signature that comes back after the window closed (QuoteExpiredError)', async () => {
    const paymentRequired = await x402V1({})
    let clock = Math.floor(paymentRequired.receivedAt / 1000)
    // A slow signer: the person confirms on a hardware wallet two minutes later.
    const slow: LocalAccount = {
      ...account,
      signTypedData: async (typedData) => {
        clock += 120
        return account.signTypedData(typedData)
      },
    }
    const error = await evmPayer(slow)
      .createPayment(
        first(paymentRequired),
        contextFor(paymentRequired, () => clock),
      )
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(QuoteExpiredError)
  })

  it('refuses to sign a quote older than its maxTimeoutSeconds', async () => {
    const paymentRequired = await x402V1({})
    const prompts = promptCounter(account)
    const later = Math.floor(paymentRequired.receivedAt / 1000) + 61
    const error = await evmPayer(prompts.account)
      .createPayment(
        first(paymentRequired),
        contextFor(paymentRequired, () => later),
      )
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(QuoteExpiredError)
    expect(prompts.count).toBe(0)
  })
})

/** An EIP-1193 wallet on `chainId` that answers the given methods and records every request. */
function mockWallet(
  chainId: { current: number },
  handlers: Record<string, (params: unknown) => unknown>,
) {
  const requests: { method: string; params: unknown }[] = []
  const request = (async ({ method, params }: { method: string; params: unknown }) => {
    requests.push({ method, params })
    if (method === 'eth_chainId') return `0x${chainId.current.toString(16)}`
    const handler = handlers[method]
    if (!handler) throw Object.assign(new Error(`${method} not mocked`), { code: 4200 })
    return handler(params)
  }) as EIP1193RequestFn
  const client = createWalletClient({ account: account.address, transport: custom({ request }) })
  return { client, requests }
}

const richBalance = `0x${(10n ** 30n).toString(16).padStart(64, '0')}`

describe('evmPayer: wallet clients', () => {
  it('turns an EIP-1193 4001 from the wallet into UserRejectedError, keeping the cause', async () => {
    const chain = { current: 84532 }
    const { client, requests } = mockWallet(chain, {
      eth_call: () => richBalance,
      eth_signTypedData_v4: () => {
        throw Object.assign(new Error('User rejected the request.'), { code: 4001 })
      },
    })
    const paymentRequired = await x402V2({})
    const error = await evmPayer(client)
      .createPayment(first(paymentRequired), contextFor(paymentRequired))
      .catch((e: unknown) => e)

    expect(error).toBeInstanceOf(UserRejectedError)
    const rejection = error as UserRejectedError
    expect(rejection.userAction).toBe('retry')
    expect(rejection.walk((e) => e instanceof UserRejectedRequestError)).toBeInstanceOf(
      UserRejectedRequestError,
    )
    expect(rejection.walk((e) => (e as { code?: unknown }).code === 4001)).not.toBeNull()

    // The typed data handed to the wallet lists EIP712Domain explicitly (arc-node#190).
    const signRequest = requests.find((r) => r.method === 'eth_signTypedData_v4')!
    const typedData = JSON.parse((signRequest.params as [string, string])[1])
    expect(typedData.types.EIP712Domain).toEqual([
      { name: 'name', type: 'string' },
      { name: 'version', type: 'string' },
      { name: 'chainId', type: 'uint256' },
      { name: 'verifyingContract', type: 'address' },
    ])
    // viem serialises addresses in lower case.
    expect(typedData.domain).toEqual({
      name: 'USDC',
      version: '2',
      chainId: 84532,
      verifyingContract: baseSepoliaUsdc.toLowerCase(),
    })
  })

  it('switches the wallet to the option chain, reports the step and reads the chain again', async () => {
    const chain = { current: 1 }
    const { client, requests } = mockWallet(chain, {
      wallet_switchEthereumChain: (params) => {
        chain.current = Number((params as [{ chainId: string }])[0].chainId)
        return null
      },
      eth_call: () => richBalance,
      eth_signTypedData_v4: () => `0x${'11'.repeat(65)}`,
    })
    const paymentRequired = await x402V2({})
    const context = contextFor(paymentRequired)
    const prepared = await evmPayer(client).createPayment(first(paymentRequired), context)
    expect(prepared.kind).toBe('authorization')
    expect(context.steps).toEqual(['switching-network', 'signing'])
    const methods = requests.map((r) => r.method)
    expect(methods.indexOf('wallet_switchEthereumChain')).toBeLessThan(
      methods.lastIndexOf('eth_chainId'),
    )
  })

  it('throws WrongNetworkError when told not to switch, or when the switch does not happen', async () => {
    const paymentRequired = await x402V2({})
    const option = first(paymentRequired)

    const noSwitch = mockWallet({ current: 1 }, {})
    const refused = await evmPayer(noSwitch.client, { switchChain: false })
      .createPayment(option, contextFor(paymentRequired))
      .catch((e: unknown) => e)
    expect(refused).toBeInstanceOf(WrongNetworkError)
    expect((refused as WrongNetworkError).expected).toBe('Base Sepolia')
    expect((refused as WrongNetworkError).actual).toBe('Ethereum')

    // The wallet says yes but stays where it was (MicroAI-Paygate#166).
    const liar = mockWallet({ current: 1 }, { wallet_switchEthereumChain: () => null })
    const stayed = await evmPayer(liar.client)
      .createPayment(option, contextFor(paymentRequired))
      .catch((e: unknown) => e)
    expect(stayed).toBeInstanceOf(WrongNetworkError)
    expect(liar.requests.some((r) => r.method === 'eth_signTypedData_v4')).toBe(false)
  })

  it('reports a rejected network switch as UserRejectedError', async () => {
    const { client } = mockWallet(
      { current: 1 },
      {
        wallet_switchEthereumChain: () => {
          throw Object.assign(new Error('rejected'), { code: 4001 })
        },
      },
    )
    const paymentRequired = await x402V2({})
    const error = await evmPayer(client)
      .createPayment(first(paymentRequired), contextFor(paymentRequired))
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(UserRejectedError)
  })
})

describe('evmPayer: h402', () => {
  it('refuses an h402 option without a resource, before any wallet prompt', async () => {
    const paymentRequired = await h402({ resource: undefined })
    const option = paymentRequired.options[0]!
    const prompts = promptCounter(account)
    const payer = evmPayer(prompts.account)
    expect(payer.canPay(option)).toMatch(/resource/)
    const error = await payer.createPayment(option, contextFor(paymentRequired)).catch((e) => e)
    expect(error).toBeInstanceOf(UnsupportedOptionError)
    expect(prompts.count).toBe(0)
  })

  it('signs an h402 authorization for an EIP-3009 token that answers verifyTransferAuthorization, with `to` verbatim and `version`', async () => {
    const paymentRequired = await h402({})
    const context = contextFor(paymentRequired)
    const node = h402AuthorizationNode()
    const prepared = await evmPayer(account, { publicClient: node.client }).createPayment(
      first(paymentRequired),
      context,
    )
    expect(node.seen[0]).toBe(selectors.verifyTransferAuthorization)
    expect(prepared.kind).toBe('authorization')
    const payload = prepared.payload as unknown as AuthorizationPayload & { type: string }
    expect(payload.type).toBe('authorization')
    expect(payload.authorization.to).toBe(payTo)
    expect(payload.authorization.version).toBe('2')
    expect(payload.authorization.value).toBe('10000')
    const now = context.now()
    expect(payload.authorization.validAfter).toBe(String(now - 600))
    expect(payload.authorization.validBefore).toBe(String(now + 60))
    const domain = {
      name: 'USD Coin',
      version: '2',
      chainId: 8453,
      verifyingContract: baseUsdc,
    } as const
    expect(await verifies(payload, domain)).toBe(true)
  })

  it("pays USDC as Circle deploys it (no verifyTransferAuthorization) with a transaction, not an authorization h402's facilitator would refuse", async () => {
    // Base USDC from the registry: EIP-3009 and a known domain, but the probe reverts.
    const node = mockNode(8453, { [selectors.balanceOf]: () => richBalance as Hex })
    const paymentRequired = await h402({ resource: 'sign in to https://evil.example' })
    const payer = evmPayer(account, { publicClient: node.client })
    for (let i = 0; i < 2; i++) {
      const error = await payer
        .createPayment(first(paymentRequired), contextFor(paymentRequired))
        .catch((e: unknown) => e)
      // The transaction path: its personal_sign of the resource is refused before any signature.
      expect(error).toBeInstanceOf(UnsupportedOptionError)
      expect((error as UnsupportedOptionError).details).toMatch(/resource/)
    }
    // Asked once, then remembered.
    expect(node.seen).toEqual([selectors.verifyTransferAuthorization])
  })
})

/** A Base node whose token answers h402's `verifyTransferAuthorization` (and any balance). */
function h402AuthorizationNode() {
  return mockNode(8453, {
    [selectors.verifyTransferAuthorization]: () => encodeAbiParameters([{ type: 'bool' }], [false]),
    [selectors.balanceOf]: () => richBalance as Hex,
  })
}

/** A read-only node on `chainId` whose `eth_call`s are answered by selector, counting them. */
function mockNode(chainId: number, calls: Record<string, () => Hex | Error>) {
  const seen: string[] = []
  const request = (async ({ method, params }: { method: string; params: unknown }) => {
    if (method === 'eth_chainId') return `0x${chainId.toString(16)}`
    if (method !== 'eth_call')
      throw Object.assign(new Error(`${method} not mocked`), { code: 4200 })
    const data = (params as [{ data: Hex }])[0].data
    const selector = data.slice(0, 10)
    seen.push(selector)
    const answer =
      calls[selector]?.() ?? Object.assign(new Error('execution reverted'), { code: -32603 })
    if (answer instanceof Error) throw answer
    return answer
  }) as EIP1193RequestFn
  return { client: createPublicClient({ transport: custom({ request }) }), seen }
}

const selectors = {
  authorizationState: toFunctionSelector('authorizationState(address,bytes32)'),
  eip712Domain: toFunctionSelector('eip712Domain()'),
  name: toFunctionSelector('name()'),
  version: toFunctionSelector('version()'),
  decimals: toFunctionSelector('decimals()'),
  balanceOf: toFunctionSelector('balanceOf(address)'),
  verifyTransferAuthorization: toFunctionSelector(
    'verifyTransferAuthorization(address,address,uint256,uint256,uint256,bytes32,bytes)',
  ),
}
const unknownToken = '0x1111111111111111111111111111111111111111'

describe('evmPayer: what an authorization can be used for', () => {
  it.each([
    { maxTimeoutSeconds: 3e9, validFor: 600 },
    { maxTimeoutSeconds: 90.7, validFor: 90 },
    { maxTimeoutSeconds: 300, validFor: 300 },
  ])(
    'clamps an x402 validBefore: maxTimeoutSeconds $maxTimeoutSeconds → $validFor s',
    async ({ maxTimeoutSeconds, validFor }) => {
      const paymentRequired = await x402V2({ maxTimeoutSeconds })
      const context = contextFor(paymentRequired)
      const prepared = await evmPayer(account).createPayment(first(paymentRequired), context)
      const { authorization } = prepared.payload as unknown as AuthorizationPayload
      expect(authorization.validBefore).toBe(String(context.now() + validFor))
      expect(prepared.validBefore).toBe(context.now() + validFor)
    },
  )

  it('takes the cap from maxValiditySeconds', async () => {
    const paymentRequired = await x402V2({ maxTimeoutSeconds: 300 })
    const context = contextFor(paymentRequired)
    const prepared = await evmPayer(account, { maxValiditySeconds: 45 }).createPayment(
      first(paymentRequired),
      context,
    )
    expect(prepared.validBefore).toBe(context.now() + 45)
  })

  it('caps an h402 authorization at 600 s whatever estimatedProcessingTime says', async () => {
    const paymentRequired = await h402({ estimatedProcessingTime: 1e9 })
    const context = contextFor(paymentRequired)
    const publicClient = h402AuthorizationNode().client
    const prepared = await evmPayer(account, { publicClient }).createPayment(
      first(paymentRequired),
      context,
    )
    expect(prepared.validBefore).toBe(context.now() + 600)
    const capped = await evmPayer(account, { maxValiditySeconds: 100, publicClient }).createPayment(
      first(paymentRequired),
      context,
    )
    expect(capped.validBefore).toBe(context.now() + 100)
  })

  it('refuses a token whose EIP-5267 domain names another chain, before any prompt', async () => {
    const node = mockNode(84532, {
      [selectors.eip712Domain]: () =>
        encodeFunctionResult({
          abi: eip5267Abi,
          functionName: 'eip712Domain',
          result: ['0x0f', 'USD Coin', '2', 1n, unknownToken, zeroHash, []],
        }),
      [selectors.balanceOf]: () => richBalance as Hex,
    })
    const paymentRequired = await x402V2({ asset: unknownToken })
    const prompts = promptCounter(account)
    const error = await evmPayer(prompts.account, { publicClient: node.client })
      .createPayment(first(paymentRequired), contextFor(paymentRequired))
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(UnsupportedOptionError)
    expect((error as UnsupportedOptionError).details).toMatch(/on chain 1, not 84532/)
    expect(prompts.count).toBe(0)
  })

  it('probes a token that reverts once, without retries, and remembers the answer', async () => {
    // No EIP-3009, no EIP-5267; decimals 18 as the server says.
    const node = mockNode(8453, {
      [selectors.decimals]: () => encodeAbiParameters([{ type: 'uint8' }], [18]),
      [selectors.name]: () => encodeAbiParameters([{ type: 'string' }], ['Tether']),
    })
    const paymentRequired = await h402({
      tokenAddress: unknownToken,
      tokenDecimals: 18,
      resource: 'sign in to https://evil.example',
    })
    const payer = evmPayer(account, { publicClient: node.client })
    const started = performance.now()
    for (let i = 0; i < 2; i++) {
      const error = await payer
        .createPayment(first(paymentRequired), contextFor(paymentRequired))
        .catch((e: unknown) => e)
      // The signed-transaction path, refused for its resource before anything is signed.
      expect(error).toBeInstanceOf(UnsupportedOptionError)
    }
    expect(performance.now() - started).toBeLessThan(500)
    expect(node.seen).toEqual([selectors.decimals, selectors.verifyTransferAuthorization])
  })

  it("refuses an h402 option whose decimals differ from the token's, in describeOption and createPayment", async () => {
    const node = mockNode(8453, {
      [selectors.decimals]: () => encodeAbiParameters([{ type: 'uint8' }], [6]),
    })
    const paymentRequired = await h402({
      tokenAddress: unknownToken,
      tokenDecimals: 2,
      amountRequired: 0.01,
      amountRequiredFormat: 'humanReadable',
    })
    const option = first(paymentRequired)
    const prompts = promptCounter(account)
    const payer = evmPayer(prompts.account, { publicClient: node.client })
    for (const attempt of [
      () => payer.describeOption(option),
      () => payer.createPayment(option, contextFor(paymentRequired)),
    ]) {
      const error = await attempt().catch((e: unknown) => e)
      expect(error).toBeInstanceOf(UnsupportedOptionError)
      expect((error as UnsupportedOptionError).details).toMatch(/2 decimals, but the token says 6/)
    }
    expect(prompts.count).toBe(0)
  })

  it('describes a token the registry knows without reading the chain', async () => {
    const paymentRequired = await x402V1({})
    expect(await evmPayer(account).describeOption(first(paymentRequired))).toEqual({
      decimals: 6,
      extraCosts: [],
    })
  })
})

describe('evmPayer: speed', () => {
  it('does not let a hanging balance read hold the signature for more than 2 s', async () => {
    const hanging = createPublicClient({
      transport: custom({
        request: (async ({ method }: { method: string }) =>
          method === 'eth_chainId' ? '0x14a34' : new Promise(() => undefined)) as EIP1193RequestFn,
      }),
    })
    const paymentRequired = await x402V2({})
    const started = performance.now()
    const prepared = await evmPayer(account, { publicClient: hanging }).createPayment(
      first(paymentRequired),
      contextFor(paymentRequired),
    )
    expect(prepared.kind).toBe('authorization')
    expect(performance.now() - started).toBeLessThan(2_500)
  })
})
