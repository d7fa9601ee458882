/**
 * The live demo without a devnet (a static Storybook build): MSW answers the demo server's x402 v1
 * and v2 EVM USDC routes, h402 EVM USDC (authorization), x402 v2 Solana USDC and h402 Solana SOL
 * and USDC, and minimal JSON-RPCs on this page's origin; development wallets with throwaway keys
 * (made in this tab, never funded anywhere) sign: an EIP-6963 EVM wallet and a wallet-standard
 * Solana wallet, both named "h402 Dev Wallet (mock, no devnet)". The mocked server still does what
 * a facilitator's verify does: on EVM it checks the EIP-3009 signature, payee, amount and validity
 * window; on Solana it deserializes the transaction, checks its one transfer (amount, payee) and
 * the payer's ed25519 signature over the message (mockSolana.ts); and it refuses anything else.
 * Nothing moves on any chain: the receipt's transaction is made up, and the demo says so.
 */

import { registerWallet } from '@wallet-standard/wallet'
import { HttpResponse, http, type JsonBodyType } from 'msw'
import {
  type Address,
  decodeFunctionData,
  encodeAbiParameters,
  erc20Abi,
  type Hex,
  isAddressEqual,
  keccak256,
  numberToHex,
  verifyTypedData,
} from 'viem'
import { generatePrivateKey } from 'viem/accounts'
import type { DevnetInfo } from '../../demo/devnet/devnetInfo.js'
import { startMockWorker } from '../../demo/msw/startMockWorker.js'
import {
  announceEip6963Provider,
  createDevEvmWallet,
  type DevEvmWallet,
} from '../../demo/wallets/index.js'
import { verifyTransferAuthorizationAbi } from '../../src/evm/abis.js'
import {
  forgedSolanaTransaction,
  mockSolanaWallet,
  SOLANA_FEE_PAYER,
  SOLANA_NETWORK,
  SOLANA_PAY_TO,
  SOLANA_SOL_PRICE,
  SOLANA_T22,
  SOLANA_USDC,
  SOLANA_USDC_PRICE,
  type SolanaExpectation,
  solanaRpc,
  verifySolanaPayment,
} from './mockSolana.js'

/** The mock's wallet: its own name and rdns, never taken for the devnet's (or a real) wallet. */
export const MOCK_WALLET_NAME = 'h402 Dev Wallet (mock, no devnet)'

/** The routes the mock serves; the other live stories say how to start the devnet. */
export const MOCKED_PATHS: readonly string[] = [
  '/x402v2/evm/usdc',
  '/x402v1/evm/usdc',
  '/h402/evm/usdc',
  '/x402v2/solana/usdc',
  '/h402/solana/sol',
  '/h402/solana/usdc',
]

const CHAIN_ID = 31337
const USDC: Address = '0x5FbDB2315678afecb367f032d93F642f64180aa3'
const PAY_TO: Address = '0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC'
const PRICE = 10_000n
const BALANCE = 1_000_000_000n

function base(): string {
  return `${globalThis.location.origin}/__h402-mock`
}

/** The mocked devnet, shaped like a real one's info for the demo's providers. */
export function mockDevnetInfo(): DevnetInfo {
  return {
    evm: { chainId: CHAIN_ID, rpcUrl: `${base()}/evm-rpc`, usdc: USDC, usdt: USDC },
    solana: {
      // "devnet" in the path: wallet-adapter then asks the wallet for solana:devnet on any host.
      rpcUrl: `${base()}/solana-devnet-rpc`,
      network: SOLANA_NETWORK,
      usdcMint: SOLANA_USDC.toBase58(),
      token2022Mint: SOLANA_T22.toBase58(),
    },
    serverUrl: base(),
  } as unknown as DevnetInfo
}

let wallet: DevEvmWallet | undefined
let solanaRegistered = false

/** Starts the mock (once per page for the wallet) and returns the wallet, disconnected. */
export async function startMockDevnet(): Promise<DevEvmWallet> {
  const info = mockDevnetInfo()
  await startMockWorker(
    http.post(info.evm.rpcUrl, async ({ request }) =>
      HttpResponse.json(rpc(await request.json()) as JsonBodyType),
    ),
    http.post(info.solana.rpcUrl, async ({ request }) =>
      HttpResponse.json(solanaRpc(await request.json()) as JsonBodyType),
    ),
    http.get(`${info.serverUrl}/x402v2/evm/usdc`, ({ request }) => serve(request, 2)),
    http.get(`${info.serverUrl}/x402v1/evm/usdc`, ({ request }) => serve(request, 1)),
    http.get(`${info.serverUrl}/h402/evm/usdc`, ({ request }) => serveH402Evm(request)),
    http.get(`${info.serverUrl}/x402v2/solana/usdc`, ({ request }) => serveX402Solana(request)),
    http.get(`${info.serverUrl}/h402/solana/sol`, ({ request }) => serveH402Solana(request, 'sol')),
    http.get(`${info.serverUrl}/h402/solana/usdc`, ({ request }) =>
      serveH402Solana(request, 'usdc'),
    ),
  )
  if (!solanaRegistered) {
    registerWallet(mockSolanaWallet(info.solana.rpcUrl, MOCK_WALLET_NAME))
    solanaRegistered = true
  }
  await mockSolanaWallet(info.solana.rpcUrl, MOCK_WALLET_NAME).features[
    'standard:disconnect'
  ].disconnect()
  if (!wallet) {
    wallet = createDevEvmWallet({
      rpcUrl: info.evm.rpcUrl,
      chainId: CHAIN_ID,
      privateKey: generatePrivateKey(),
      name: MOCK_WALLET_NAME,
      rdns: 'dev.h402.devwallet.mock',
    })
    announceEip6963Provider(wallet)
  }
  wallet.lock()
  return wallet
}

function decodeCall(data: Hex) {
  return decodeFunctionData({ abi: [...erc20Abi, ...verifyTransferAuthorizationAbi], data })
}

interface RpcRequest {
  id?: number
  method: string
  params?: unknown[]
}

function rpc(body: unknown): unknown {
  if (Array.isArray(body)) return body.map(rpc)
  const { id, method, params = [] } = body as RpcRequest
  const result = (value: unknown) => ({ jsonrpc: '2.0', id, result: value })
  switch (method) {
    case 'eth_chainId':
      return result(numberToHex(CHAIN_ID))
    case 'eth_blockNumber':
      return result('0x1')
    case 'eth_getBalance':
      return result(numberToHex(10n ** 19n))
    case 'eth_call': {
      const { to, data } = (params[0] ?? {}) as { to?: Address; data?: Hex }
      if (to && data && isAddressEqual(to, USDC)) {
        let call: ReturnType<typeof decodeCall>
        try {
          call = decodeCall(data)
        } catch {
          return { jsonrpc: '2.0', id, error: { code: 3, message: 'execution reverted' } }
        }
        // h402 takes authorizations only for tokens whose contract can verify them.
        if (call.functionName === 'verifyTransferAuthorization')
          return result(encodeAbiParameters([{ type: 'bool' }], [false]))
        if (call.functionName === 'balanceOf')
          return result(encodeAbiParameters([{ type: 'uint256' }], [BALANCE]))
        if (call.functionName === 'decimals')
          return result(encodeAbiParameters([{ type: 'uint8' }], [6]))
        if (call.functionName === 'symbol')
          return result(encodeAbiParameters([{ type: 'string' }], ['USDC']))
        if (call.functionName === 'name')
          return result(encodeAbiParameters([{ type: 'string' }], ['USD Coin']))
      }
      return { jsonrpc: '2.0', id, error: { code: 3, message: 'execution reverted' } }
    }
    default:
      return { jsonrpc: '2.0', id, error: { code: -32601, message: `${method} is not mocked` } }
  }
}

function encode(value: unknown): string {
  return btoa(JSON.stringify(value))
}

function accepted(resource: string) {
  return {
    scheme: 'exact',
    network: `eip155:${CHAIN_ID}`,
    amount: PRICE.toString(),
    asset: USDC,
    payTo: PAY_TO,
    maxTimeoutSeconds: 60,
    extra: { name: 'USD Coin', version: '2' },
    resource,
  }
}

function paymentRequired(resource: string, error: string, version: 1 | 2): Response {
  const description = `x402 v${version}, EVM, USDC (mocked: no devnet)`
  if (version === 1)
    return HttpResponse.json(
      {
        x402Version: 1,
        error,
        accepts: [
          {
            scheme: 'exact',
            network: 'hardhat',
            maxAmountRequired: PRICE.toString(),
            resource,
            description,
            mimeType: 'application/json',
            payTo: PAY_TO,
            maxTimeoutSeconds: 60,
            asset: USDC,
            extra: { name: 'USD Coin', version: '2' },
          },
        ],
      },
      { status: 402 },
    ) as Response
  const document = {
    x402Version: 2,
    error,
    resource: { url: resource, description, mimeType: 'application/json' },
    accepts: [accepted(resource)],
  }
  return HttpResponse.json(
    {},
    { status: 402, headers: { 'PAYMENT-REQUIRED': encode(document) } },
  ) as Response
}

const transferWithAuthorization = {
  TransferWithAuthorization: [
    { name: 'from', type: 'address' },
    { name: 'to', type: 'address' },
    { name: 'value', type: 'uint256' },
    { name: 'validAfter', type: 'uint256' },
    { name: 'validBefore', type: 'uint256' },
    { name: 'nonce', type: 'bytes32' },
  ],
} as const

interface Authorization {
  from: Address
  to: Address
  value: string
  validAfter: string
  validBefore: string
  nonce: Hex
}

/** What a facilitator's verify says of an EIP-3009 authorization: `undefined` when valid. */
async function authorizationRefusal(
  signature: Hex,
  authorization: Authorization,
): Promise<string | undefined> {
  const now = BigInt(Math.floor(Date.now() / 1000))
  const valid = await verifyTypedData({
    address: authorization.from,
    domain: { name: 'USD Coin', version: '2', chainId: CHAIN_ID, verifyingContract: USDC },
    types: transferWithAuthorization,
    primaryType: 'TransferWithAuthorization',
    message: {
      from: authorization.from,
      to: authorization.to,
      value: BigInt(authorization.value),
      validAfter: BigInt(authorization.validAfter),
      validBefore: BigInt(authorization.validBefore),
      nonce: authorization.nonce,
    },
    signature,
  }).catch(() => false)
  return !valid
    ? 'invalid_exact_evm_payload_signature'
    : !isAddressEqual(authorization.to, PAY_TO)
      ? 'invalid_exact_evm_payload_recipient_mismatch'
      : BigInt(authorization.value) !== PRICE
        ? 'invalid_exact_evm_payload_authorization_value'
        : BigInt(authorization.validBefore) < now + 6n || BigInt(authorization.validAfter) > now
          ? 'invalid_exact_evm_payload_authorization_valid_before'
          : undefined
}

/** A demo route: 402 without a payment, the content for a valid EIP-3009 signature. */
async function serve(request: Request, version: 1 | 2): Promise<Response> {
  const resource = request.url.split('?')[0] ?? request.url
  const refuse = (reason: string) => paymentRequired(resource, reason, version)
  const header = request.headers.get(version === 2 ? 'PAYMENT-SIGNATURE' : 'X-PAYMENT')
  if (!header) return refuse('Payment required')
  let payload: { signature: Hex; authorization: Authorization }
  try {
    payload = (JSON.parse(atob(header)) as { payload: typeof payload }).payload
  } catch {
    return refuse('invalid_payload')
  }
  const { signature, authorization } = payload
  const reason = await authorizationRefusal(signature, authorization)
  if (reason) return refuse(reason)
  // Nothing was settled: a made-up transaction id, derived from the signature.
  const transaction = keccak256(signature)
  return HttpResponse.json(
    {
      ok: true,
      paid: true,
      mocked: true,
      route: `/x402v${version}/evm/usdc`,
      dialect: `x402-v${version}`,
      payer: authorization.from,
    },
    {
      headers: {
        [version === 2 ? 'PAYMENT-RESPONSE' : 'X-PAYMENT-RESPONSE']: encode({
          success: true,
          transaction,
          network: version === 2 ? `eip155:${CHAIN_ID}` : 'hardhat',
          payer: authorization.from,
        }),
      },
    },
  ) as Response
}

/**
 * Asks the mocked route with a forged payment (a valid-looking authorization whose signature is
 * not the payer's) and returns the server's refusal reason: the mock verifies, it does not wave
 * payments through.
 */
export async function forgedPaymentRefusal(): Promise<string | undefined> {
  const now = Math.floor(Date.now() / 1000)
  const forged = {
    x402Version: 2,
    accepted: accepted(`${base()}/x402v2/evm/usdc`),
    payload: {
      signature: `0x${'11'.repeat(65)}`,
      authorization: {
        from: '0x90F79bf6EB2c4f870365E785982E1f101E93b906',
        to: PAY_TO,
        value: PRICE.toString(),
        validAfter: String(now - 600),
        validBefore: String(now + 60),
        nonce: `0x${'22'.repeat(32)}`,
      },
    },
  }
  const response = await fetch(`${base()}/x402v2/evm/usdc`, {
    headers: { 'PAYMENT-SIGNATURE': encode(forged) },
  })
  const header = response.headers.get('PAYMENT-REQUIRED')
  if (response.status !== 402 || !header) return undefined
  return (JSON.parse(atob(header)) as { error?: string }).error
}

/* ---------------------------------------------------------------- h402 and Solana routes */

/** An h402 `accepts` entry, as the devnet's demo server sends it. */
function h402Accept(resource: string, option: Record<string, unknown>, description: string) {
  return {
    scheme: 'exact',
    ...option,
    resource,
    description: `${description} (mocked: no devnet)`,
    mimeType: 'application/json',
    estimatedProcessingTime: 60,
  }
}

function h402Required(accepts: unknown[], error: string): Response {
  return HttpResponse.json({ h402Version: 1, error, accepts }, { status: 402 }) as Response
}

/** The h402 `X-PAYMENT` envelope, or `undefined` when it cannot be read. */
function h402Envelope(request: Request): Record<string, unknown> | undefined {
  const header = request.headers.get('X-PAYMENT')
  if (!header) return undefined
  try {
    const decoded = JSON.parse(atob(header)) as unknown
    return typeof decoded === 'object' && decoded !== null
      ? (decoded as Record<string, unknown>)
      : undefined
  } catch {
    return undefined
  }
}

function paid(route: string, dialect: string, payer: string, headers: Record<string, string>) {
  return HttpResponse.json(
    { ok: true, paid: true, mocked: true, route, dialect, payer },
    { headers },
  ) as Response
}

/** `/h402/evm/usdc`: h402's `authorization` payload, an EIP-3009 signature checked like x402's. */
async function serveH402Evm(request: Request): Promise<Response> {
  const resource = request.url.split('?')[0] ?? request.url
  const accepts = [
    h402Accept(
      resource,
      {
        namespace: 'evm',
        networkId: String(CHAIN_ID),
        tokenAddress: USDC,
        tokenDecimals: 6,
        tokenSymbol: 'USDC',
        amountRequired: Number(PRICE),
        amountRequiredFormat: 'smallestUnit',
        payToAddress: PAY_TO,
        extra: { name: 'USD Coin', version: '2' },
      },
      'h402, EVM, USDC (EIP-3009 authorization)',
    ),
  ]
  const envelope = h402Envelope(request)
  if (!request.headers.get('X-PAYMENT'))
    return h402Required(accepts, 'X-PAYMENT header is required')
  const payload = envelope?.payload as
    | { type?: string; signature?: Hex; authorization?: Authorization }
    | undefined
  if (
    envelope?.namespace !== 'evm' ||
    envelope.networkId !== String(CHAIN_ID) ||
    envelope.resource !== resource ||
    payload?.type !== 'authorization' ||
    !payload.signature ||
    !payload.authorization
  )
    return h402Required(accepts, 'Invalid X-PAYMENT header')
  const reason = await authorizationRefusal(payload.signature, payload.authorization)
  if (reason) return h402Required(accepts, reason)
  return paid('/h402/evm/usdc', 'h402-v1', payload.authorization.from, {
    'X-PAYMENT-RESPONSE': encode({
      success: true,
      transaction: keccak256(payload.signature),
      namespace: 'evm',
      payer: payload.authorization.from,
    }),
  })
}

function x402SolanaAccepted(resource: string) {
  return {
    scheme: 'exact',
    network: SOLANA_NETWORK,
    amount: SOLANA_USDC_PRICE.toString(),
    asset: SOLANA_USDC.toBase58(),
    payTo: SOLANA_PAY_TO.toBase58(),
    maxTimeoutSeconds: 60,
    extra: { feePayer: SOLANA_FEE_PAYER.toBase58() },
    resource,
  }
}

/** `/x402v2/solana/usdc`: the payer's partially signed transfer; the facilitator pays the fee. */
async function serveX402Solana(request: Request): Promise<Response> {
  const resource = request.url.split('?')[0] ?? request.url
  const accepted = x402SolanaAccepted(resource)
  const refuse = (error: string) => {
    const document = {
      x402Version: 2,
      error,
      resource: {
        url: resource,
        description: 'x402 v2, Solana, USDC (mocked: no devnet)',
        mimeType: 'application/json',
      },
      accepts: [accepted],
    }
    return HttpResponse.json(
      {},
      { status: 402, headers: { 'PAYMENT-REQUIRED': encode(document) } },
    ) as Response
  }
  const header = request.headers.get('PAYMENT-SIGNATURE')
  if (!header) return refuse('Payment required')
  let transaction: unknown
  try {
    transaction = (JSON.parse(atob(header)) as { payload?: { transaction?: unknown } }).payload
      ?.transaction
  } catch {
    return refuse('invalid_payload')
  }
  if (typeof transaction !== 'string') return refuse('invalid_payload')
  const verdict = await verifySolanaPayment(transaction, {
    amount: SOLANA_USDC_PRICE,
    mint: SOLANA_USDC,
    feePayer: 'facilitator',
  })
  if (!verdict.ok) return refuse(verdict.reason)
  return paid('/x402v2/solana/usdc', 'x402-v2', verdict.payer, {
    'PAYMENT-RESPONSE': encode({
      success: true,
      transaction: verdict.signature,
      network: SOLANA_NETWORK,
      payer: verdict.payer,
    }),
  })
}

/** `/h402/solana/sol` and `/h402/solana/usdc`: a fully signed transfer; the payer pays the fee. */
async function serveH402Solana(request: Request, asset: 'sol' | 'usdc'): Promise<Response> {
  const resource = request.url.split('?')[0] ?? request.url
  const token =
    asset === 'sol'
      ? {
          tokenAddress: '11111111111111111111111111111111',
          tokenDecimals: 9,
          tokenSymbol: 'SOL',
          amountRequired: Number(SOLANA_SOL_PRICE),
          amountRequiredFormat: 'smallestUnit',
        }
      : {
          tokenAddress: SOLANA_USDC.toBase58(),
          tokenDecimals: 6,
          tokenSymbol: 'USDC',
          amountRequired: 0.01,
          amountRequiredFormat: 'humanReadable',
        }
  const accepts = [
    h402Accept(
      resource,
      {
        namespace: 'solana',
        networkId: 'devnet',
        ...token,
        payToAddress: SOLANA_PAY_TO.toBase58(),
      },
      `h402, Solana, ${asset === 'sol' ? 'SOL' : 'USDC'}`,
    ),
  ]
  if (!request.headers.get('X-PAYMENT'))
    return h402Required(accepts, 'X-PAYMENT header is required')
  const envelope = h402Envelope(request)
  const payload = envelope?.payload as
    | { type?: string; signature?: string; transaction?: string }
    | undefined
  if (
    envelope?.namespace !== 'solana' ||
    envelope.networkId !== 'devnet' ||
    envelope.resource !== resource ||
    payload?.type !== 'signTransaction' ||
    typeof payload.transaction !== 'string'
  )
    return h402Required(accepts, 'Invalid X-PAYMENT header')
  const expected: SolanaExpectation =
    asset === 'sol'
      ? { amount: SOLANA_SOL_PRICE, feePayer: 'payer' }
      : { amount: SOLANA_USDC_PRICE, mint: SOLANA_USDC, feePayer: 'payer' }
  const verdict = await verifySolanaPayment(payload.transaction, expected)
  if (!verdict.ok) return h402Required(accepts, verdict.reason)
  if (payload.signature !== verdict.signature)
    return h402Required(accepts, 'invalid_exact_svm_payload_transaction_signature')
  return paid(`/h402/solana/${asset}`, 'h402-v1', verdict.payer, {
    'X-PAYMENT-RESPONSE': encode({
      success: true,
      transaction: verdict.signature,
      namespace: 'solana',
      payer: verdict.payer,
    }),
  })
}

/**
 * Asks the mocked `/x402v2/solana/usdc` with a forged payment (the right transfer, signed by a
 * key that is not the payer's) and returns the server's refusal reason.
 */
export async function forgedSolanaPaymentRefusal(): Promise<string | undefined> {
  const resource = `${base()}/x402v2/solana/usdc`
  const forged = {
    x402Version: 2,
    accepted: x402SolanaAccepted(resource),
    payload: { transaction: await forgedSolanaTransaction() },
  }
  const response = await fetch(resource, { headers: { 'PAYMENT-SIGNATURE': encode(forged) } })
  const header = response.headers.get('PAYMENT-REQUIRED')
  if (response.status !== 402 || !header) return undefined
  return (JSON.parse(atob(header)) as { error?: string }).error
}
