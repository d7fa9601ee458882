import http from 'node:http'
import { createKeyPairSignerFromBytes } from '@solana/kit'
import { x402Facilitator } from '@x402/core/facilitator'
import {
  FacilitatorResponseError,
  type HTTPAdapter,
  HTTPFacilitatorClient,
  type HTTPRequestContext,
  type HTTPResponseInstructions,
  type RoutesConfig,
  withPrivateCacheControl,
  x402HTTPResourceServer,
  x402ResourceServer,
} from '@x402/core/server'
import type { PaymentPayload, PaymentRequirements } from '@x402/core/types'
import { toFacilitatorEvmSigner } from '@x402/evm'
import { ExactEvmScheme as ExactEvmFacilitator } from '@x402/evm/exact/facilitator'
import { ExactEvmScheme as ExactEvmServer } from '@x402/evm/exact/server'
import { toFacilitatorSvmSigner } from '@x402/svm'
import { ExactSvmScheme as ExactSvmFacilitator } from '@x402/svm/exact/facilitator'
import { ExactSvmScheme as ExactSvmServer } from '@x402/svm/exact/server'
import {
  type Address,
  createWalletClient,
  http as httpTransport,
  publicActions,
  type VerifyTypedDataParameters,
} from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { listenHttp, type RunningHttpServer, readBody, sendJson } from '../../devnet/common/http.js'
import { devnetEvmChain, type EvmDevnetInfo } from '../../devnet/evm/index.js'
import { fromBase58 } from '../../devnet/solana/base58.js'
import type { SolanaDevnetInfo } from '../../devnet/solana/index.js'

/**
 * A resource server and a facilitator built only from x402's own packages (`@x402/core`,
 * `@x402/evm`, `@x402/svm` 2.27), on the shared devnet: code we did not write, to pay with our
 * client and to compare wire formats against. See toolchain.md §7 for why each piece is wired
 * the way it is.
 */

/** Where each priced route lives on the resource server. */
export const X402_ROUTES = { evm: '/x402/evm/usdc', svm: '/x402/svm/usdc' } as const

/** Every route costs 0.01 of a 6-decimal USDC, in atomic units. */
export const X402_PRICE = 10_000n

export interface X402StackOptions {
  evm: Pick<EvmDevnetInfo, 'rpcUrl' | 'chainId' | 'usdc' | 'facilitatorKey'> & {
    /** Recipient of the EVM route (a fresh address keeps the payee's balance to ourselves). */
    payTo: Address
  }
  /** Omit to run without Solana. */
  solana?: Pick<SolanaDevnetInfo, 'rpcUrl' | 'network' | 'usdcMint' | 'feePayer'> & {
    /** Recipient of the SVM route; its USDC token account must exist (x402 SVM creates none). */
    payTo: string
  }
}

/** One call the facilitator answered, so tests can count settlements. */
export interface X402FacilitatorCall {
  endpoint: 'verify' | 'settle'
  network: string
  ok: boolean
  reason?: string
  transaction?: string
}

export interface X402Stack {
  facilitatorUrl: string
  serverUrl: string
  /** Every `/verify` and `/settle` the facilitator answered, in order. */
  calls: X402FacilitatorCall[]
  stop(): Promise<void>
}

/**
 * Starts an x402 facilitator (`/verify`, `/settle`, `/supported`) and an x402 v2 resource server,
 * both on 127.0.0.1, with the EVM route priced in the devnet's TestUSDC and, when `solana` is
 * given, the SVM route priced in the devnet's SPL USDC.
 */
export async function startX402Stack(options: X402StackOptions): Promise<X402Stack> {
  const evmNetwork = `eip155:${options.evm.chainId}` as const
  const facilitator = new x402Facilitator()

  // toolchain.md §7: a viem wallet client extended with public actions is the facilitator signer.
  // Hardhat automines, so poll receipts often: viem's 4 s default would dominate the test time.
  // The devnet's own facilitator signs with the same key (Hardhat #1). Their nonces cannot clash:
  // devnet test files run one at a time and each settlement waits for its receipt.
  const facilitatorAccount = privateKeyToAccount(options.evm.facilitatorKey)
  const walletClient = createWalletClient({
    account: facilitatorAccount,
    chain: devnetEvmChain(options.evm.rpcUrl),
    transport: httpTransport(options.evm.rpcUrl),
    pollingInterval: 50,
  }).extend(publicActions)
  facilitator.register(
    evmNetwork,
    new ExactEvmFacilitator(
      toFacilitatorEvmSigner({
        ...walletClient,
        address: facilitatorAccount.address,
        // viem's `verifyTypedData` parameters are a union (by block hash, number or tag) that x402's
        // loose signer type does not satisfy; the call is the same at run time.
        verifyTypedData: (args) => walletClient.verifyTypedData(args as VerifyTypedDataParameters),
      }),
    ),
  )

  const solana = options.solana
  if (solana) {
    // @x402/svm accepts only the public clusters' ids: the devnet poses as Solana devnet and the
    // RPC URL points at the bankrun shim (toolchain.md §7). The signer pays every fee.
    const feePayer = await createKeyPairSignerFromBytes(fromBase58(solana.feePayer.secretKey))
    facilitator.register(
      solana.network,
      new ExactSvmFacilitator(toFacilitatorSvmSigner(feePayer, { defaultRpcUrl: solana.rpcUrl })),
    )
  }

  const calls: X402FacilitatorCall[] = []
  const facilitatorServer = await listenHttp(
    http.createServer((req, res) => {
      serveFacilitator(facilitator, calls, req, res).catch((error) => {
        if (!res.headersSent) sendJson(res, 500, { error: String(error) })
        else res.destroy()
      })
    }),
  )

  let resourceServer: RunningHttpServer | undefined
  try {
    const resources = new x402ResourceServer(
      new HTTPFacilitatorClient({ url: facilitatorServer.url }),
    )
    resources.register(evmNetwork, new ExactEvmServer())
    // With an RPC URL the server puts a recent blockhash in `extra` (a "dynamic" field its matcher
    // ignores): the richest 402 @x402/svm sends, so our client is checked against it.
    if (solana) resources.register(solana.network, new ExactSvmServer({ rpcUrl: solana.rpcUrl }))

    const routes: RoutesConfig = {
      [`GET ${X402_ROUTES.evm}`]: {
        description: 'x402 reference server, EVM, TestUSDC',
        mimeType: 'application/json',
        accepts: {
          scheme: 'exact',
          network: evmNetwork,
          payTo: options.evm.payTo,
          // A token that is not x402's default for the network must be priced as an AssetAmount,
          // with the EIP-712 domain in `extra` (toolchain.md §7).
          price: {
            amount: X402_PRICE.toString(),
            asset: options.evm.usdc,
            extra: { name: 'USD Coin', version: '2' },
          },
          maxTimeoutSeconds: 60,
        },
      },
      ...(solana
        ? {
            [`GET ${X402_ROUTES.svm}`]: {
              description: 'x402 reference server, SVM, USDC',
              mimeType: 'application/json',
              accepts: {
                scheme: 'exact',
                network: solana.network,
                payTo: solana.payTo,
                price: { amount: X402_PRICE.toString(), asset: solana.usdcMint },
                maxTimeoutSeconds: 60,
              },
            },
          }
        : {}),
    }
    const http402 = new x402HTTPResourceServer(resources, routes)
    // Calls `/supported` and refuses routes the facilitator does not list.
    await http402.initialize()

    resourceServer = await listenHttp(
      http.createServer((req, res) => {
        serveResource(http402, req, res).catch((error) => {
          if (!res.headersSent) sendJson(res, 500, { error: String(error) })
          else res.destroy()
        })
      }),
    )
  } catch (error) {
    await facilitatorServer.close()
    throw error
  }

  const running = resourceServer
  return {
    facilitatorUrl: facilitatorServer.url,
    serverUrl: running.url,
    calls,
    stop: async () => {
      await running.close()
      await facilitatorServer.close()
    },
  }
}

/** The facilitator's HTTP face, as x402's example facilitator serves it. */
async function serveFacilitator(
  facilitator: x402Facilitator,
  calls: X402FacilitatorCall[],
  req: http.IncomingMessage,
  res: http.ServerResponse,
): Promise<void> {
  const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname
  if (req.method === 'GET' && path === '/supported') {
    sendJson(res, 200, facilitator.getSupported())
    return
  }
  if (req.method !== 'POST' || (path !== '/verify' && path !== '/settle')) {
    sendJson(res, 404, { error: `no route ${req.method} ${path}` })
    return
  }
  // HTTPFacilitatorClient posts `{ x402Version, paymentPayload, paymentRequirements }`; the
  // facilitator's schemes validate the payload themselves, hence the bare casts.
  const body = JSON.parse((await readBody(req)).toString('utf8')) as {
    paymentPayload: PaymentPayload
    paymentRequirements: PaymentRequirements
  }
  const { paymentPayload, paymentRequirements } = body
  const network = paymentRequirements.network
  if (path === '/verify') {
    try {
      const result = await facilitator.verify(paymentPayload, paymentRequirements)
      calls.push({
        endpoint: 'verify',
        network,
        ok: result.isValid,
        ...(result.invalidReason ? { reason: result.invalidReason } : {}),
      })
      sendJson(res, 200, result)
    } catch (error) {
      calls.push({ endpoint: 'verify', network, ok: false, reason: String(error) })
      sendJson(res, 200, {
        isValid: false,
        invalidReason: 'unexpected_verify_error',
        invalidMessage: String(error),
      })
    }
    return
  }
  try {
    const result = await facilitator.settle(paymentPayload, paymentRequirements)
    calls.push({
      endpoint: 'settle',
      network,
      ok: result.success,
      transaction: result.transaction,
      ...(result.errorReason ? { reason: result.errorReason } : {}),
    })
    sendJson(res, 200, result)
  } catch (error) {
    // Schemes throw `SettleError`s for refused settlements; the resource server wants an answer.
    calls.push({ endpoint: 'settle', network, ok: false, reason: String(error) })
    sendJson(res, 200, {
      success: false,
      errorReason: 'unexpected_settle_error',
      errorMessage: String(error),
      transaction: '',
      network,
    })
  }
}

/** `HTTPAdapter` over `node:http`, with the same answers as `@x402/express`'s `ExpressAdapter`. */
function nodeAdapter(req: http.IncomingMessage, url: URL): HTTPAdapter {
  const header = (name: string) => {
    const value = req.headers[name.toLowerCase()]
    return Array.isArray(value) ? value[0] : value
  }
  return {
    getHeader: header,
    getMethod: () => req.method ?? 'GET',
    getPath: () => url.pathname,
    getUrl: () => url.href,
    getAcceptHeader: () => header('accept') ?? '',
    getUserAgent: () => header('user-agent') ?? '',
    getQueryParams: () => Object.fromEntries(url.searchParams),
    getQueryParam: (name) => url.searchParams.get(name) ?? undefined,
  }
}

function writeInstructions(res: http.ServerResponse, response: HTTPResponseInstructions): void {
  if (response.isHtml) {
    res.writeHead(response.status, { 'Content-Type': 'text/html', ...response.headers })
    res.end(String(response.body))
    return
  }
  sendJson(res, response.status, response.body ?? {}, response.headers)
}

/** As `@x402/express` decodes a path for route matching: a malformed escape stays as it is. */
function decodedPath(path: string): string {
  try {
    return decodeURIComponent(path)
  } catch {
    return path
  }
}

/**
 * The contract of `@x402/express`'s middleware on `node:http`: `processHTTPRequest` either answers
 * (402 with `PAYMENT-REQUIRED`, or a refusal) or hands over a verified payment; then the resource
 * is produced, `processSettlement` settles it, and its headers (`PAYMENT-RESPONSE`) go out with
 * the resource. The handlers here cannot fail, so express's cancel path (a handler status ≥ 400
 * voids the verified payment) is not needed.
 */
async function serveResource(
  http402: x402HTTPResourceServer,
  req: http.IncomingMessage,
  res: http.ServerResponse,
): Promise<void> {
  const url = new URL(req.url ?? '/', `http://${req.headers.host ?? '127.0.0.1'}`)
  const adapter = nodeAdapter(req, url)
  const context: HTTPRequestContext = {
    adapter,
    path: url.pathname,
    decodedPath: decodedPath(url.pathname),
    method: req.method ?? 'GET',
    paymentHeader: adapter.getHeader('payment-signature') ?? adapter.getHeader('x-payment'),
  }

  try {
    const result = await http402.processHTTPRequest(context)
    // Every route here is priced: "no payment required" means no such route.
    if (result.type === 'no-payment-required') {
      sendJson(res, 404, { error: `no route ${context.method} ${url.pathname}` })
      return
    }
    if (result.type === 'payment-error') {
      writeInstructions(res, result.response)
      return
    }
    const body = { ok: true, paid: true, path: url.pathname }
    const settled = await http402.processSettlement(
      result.paymentPayload,
      result.paymentRequirements,
      result.declaredExtensions,
      {
        request: context,
        responseBody: Buffer.from(JSON.stringify(body)),
        responseHeaders: { 'content-type': 'application/json' },
      },
      undefined,
      result.beforeHandlerSettlement,
    )
    if (!settled.success) {
      writeInstructions(res, settled.response)
      return
    }
    sendJson(res, 200, body, {
      ...settled.headers,
      'Cache-Control': withPrivateCacheControl(null),
    })
  } catch (error) {
    // @x402/express answers 502 when the facilitator itself failed, 500 otherwise.
    sendJson(res, error instanceof FacilitatorResponseError ? 502 : 500, { error: String(error) })
  }
}
