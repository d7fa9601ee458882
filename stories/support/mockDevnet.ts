/**
 * The live demo without a devnet (a static Storybook build): MSW answers the demo server's x402 v1
 * and v2 EVM USDC routes and a minimal JSON-RPC on this page's origin, and a development wallet with a
 * throwaway key (made in this tab, never funded anywhere) signs. The mocked server still does what
 * a facilitator's verify does: it checks the EIP-3009 signature, payee, amount and validity
 * window, and refuses anything else. Nothing moves on any chain: the receipt's transaction is
 * made up, and the demo says so.
 */
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

/** The mock's wallet: its own name and rdns, never taken for the devnet's (or a real) wallet. */
export const MOCK_WALLET_NAME = 'h402 Dev Wallet (mock, no devnet)'

/** The routes the mock serves; the other live stories say how to start the devnet. */
export const MOCKED_PATHS: readonly string[] = ['/x402v2/evm/usdc', '/x402v1/evm/usdc']

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
      rpcUrl: `${base()}/solana-rpc`,
      network: 'solana:EtWTRABZaYq6iMfeYKouRu166VU2xqa1',
      usdcMint: '11111111111111111111111111111111',
      token2022Mint: '11111111111111111111111111111111',
    },
    serverUrl: base(),
  } as unknown as DevnetInfo
}

let wallet: DevEvmWallet | undefined

/** Starts the mock (once per page for the wallet) and returns the wallet, disconnected. */
export async function startMockDevnet(): Promise<DevEvmWallet> {
  const info = mockDevnetInfo()
  await startMockWorker(
    http.post(info.evm.rpcUrl, async ({ request }) =>
      HttpResponse.json(rpc(await request.json()) as JsonBodyType),
    ),
    http.post(info.solana.rpcUrl, async ({ request }) => {
      const { id } = (await request.json()) as { id?: number }
      return HttpResponse.json({
        jsonrpc: '2.0',
        id,
        result: 'EtWTRABZaYq6iMfeYKouRu166VU2xqa1wcaWoxPkrZBG',
      })
    }),
    http.get(`${info.serverUrl}/x402v2/evm/usdc`, ({ request }) => serve(request, 2)),
    http.get(`${info.serverUrl}/x402v1/evm/usdc`, ({ request }) => serve(request, 1)),
  )
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
        const call = decodeFunctionData({ abi: erc20Abi, data })
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
  const reason = !valid
    ? 'invalid_exact_evm_payload_signature'
    : !isAddressEqual(authorization.to, PAY_TO)
      ? 'invalid_exact_evm_payload_recipient_mismatch'
      : BigInt(authorization.value) !== PRICE
        ? 'invalid_exact_evm_payload_authorization_value'
        : BigInt(authorization.validBefore) < now + 6n || BigInt(authorization.validAfter) > now
          ? 'invalid_exact_evm_payload_authorization_valid_before'
          : undefined
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
