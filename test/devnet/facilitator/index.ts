import http from 'node:http'
import { decodeBase64Json, isRecord } from '../common/encoding.js'
import { listenHttp, readBody, sendJson } from '../common/http.js'
import { sleep } from '../common/ports.js'
import { EvmFacilitator, type EvmFacilitatorConfig } from './evm.js'
import { SolanaFacilitator, type SolanaFacilitatorConfig } from './solana.js'
import type {
  H402PaymentPayload,
  H402Requirements,
  SettleOutcome,
  VerifyOutcome,
  X402Requirements,
} from './types.js'

/** Faults a test can switch on, at start or later through `facilitator.faults`. */
export interface FacilitatorFaults {
  /** `/verify` answers invalid with this reason, without looking at the payment. */
  rejectVerify?: string
  /** `/settle` answers failure (this reason, or `unexpected_settle_error`) after the payment verified, without settling. */
  failSettleAfterVerify?: boolean | string
  /** `/settle` settles on chain, then answers HTTP 500: the settlement happened but its answer is lost. */
  loseSettleResponse?: boolean
  delayVerifyMs?: number
  delaySettleMs?: number
}

export interface FacilitatorOptions {
  evm?: EvmFacilitatorConfig
  solana?: SolanaFacilitatorConfig
  faults?: FacilitatorFaults
  /** Port to listen on; a free one when omitted. */
  port?: number
}

export type Dialect = 'x402-v1' | 'x402-v2' | 'h402-v1'

/** One line per request, so tests can assert what was verified and settled (e.g. never twice). */
export interface FacilitatorLogEntry {
  endpoint: 'verify' | 'settle'
  dialect: Dialect
  chain: 'evm' | 'solana' | 'unknown'
  ok: boolean
  reason?: string
  transaction?: string
}

export interface Facilitator {
  url: string
  /** Mutable: change faults between requests. */
  faults: FacilitatorFaults
  log: FacilitatorLogEntry[]
  evmAddress?: string
  solanaFeePayer?: string
  stop(): Promise<void>
}

type Chain = { kind: 'evm'; impl: EvmFacilitator } | { kind: 'solana'; impl: SolanaFacilitator }

/**
 * A facilitator (x402 `/verify`, `/settle`, `/supported`; h402 `/verify`, `/settle`) that really checks
 * payments against the devnet and settles them on it. It is written from the wire formats, not from
 * the kit's code, so that it can judge the kit.
 */
export async function startFacilitator(options: FacilitatorOptions): Promise<Facilitator> {
  const evm = options.evm ? new EvmFacilitator(options.evm) : undefined
  const solana = options.solana ? new SolanaFacilitator(options.solana) : undefined
  const state: Facilitator = {
    url: '',
    faults: { ...options.faults },
    log: [],
    ...(evm ? { evmAddress: evm.address } : {}),
    ...(solana ? { solanaFeePayer: solana.feePayer.publicKey.toBase58() } : {}),
    stop: async () => undefined,
  }

  const chainForNetwork = (network: unknown): Chain | undefined => {
    if (typeof network !== 'string') return undefined
    if (evm?.handlesNetwork(network)) return { kind: 'evm', impl: evm }
    if (solana?.handlesNetwork(network)) return { kind: 'solana', impl: solana }
    return undefined
  }

  const supported = () => {
    const kinds: Record<string, unknown>[] = []
    const signers: Record<string, string[]> = {}
    if (evm && options.evm) {
      kinds.push(
        { x402Version: 1, scheme: 'exact', network: 'hardhat' },
        { x402Version: 2, scheme: 'exact', network: `eip155:${options.evm.chainId}` },
      )
      signers['eip155:*'] = [evm.address]
    }
    if (solana && options.solana) {
      const extra = { feePayer: solana.feePayer.publicKey.toBase58() }
      kinds.push(
        { x402Version: 1, scheme: 'exact', network: 'solana-devnet', extra },
        { x402Version: 2, scheme: 'exact', network: options.solana.network, extra },
      )
      signers['solana:*'] = [extra.feePayer]
    }
    return { kinds, extensions: [], signers }
  }

  const handle = async (endpoint: 'verify' | 'settle', body: unknown) => {
    if (!isRecord(body)) return { status: 400, body: { error: 'body must be a JSON object' } }
    const faults = state.faults
    await sleep((endpoint === 'verify' ? faults.delayVerifyMs : faults.delaySettleMs) ?? 0)

    if (typeof body.payload === 'string')
      return handleH402(endpoint, body.payload, body.paymentRequirements)

    const paymentPayload = body.paymentPayload
    const requirements = body.paymentRequirements as X402Requirements | undefined
    const version = Number(
      body.x402Version ?? (isRecord(paymentPayload) ? paymentPayload.x402Version : undefined),
    )
    const dialect: Dialect = version === 1 ? 'x402-v1' : 'x402-v2'
    const network = isRecord(requirements) ? requirements.network : undefined
    const chain = chainForNetwork(network)
    const record = (entry: Omit<FacilitatorLogEntry, 'endpoint' | 'dialect' | 'chain'>) =>
      state.log.push({ endpoint, dialect, chain: chain?.kind ?? 'unknown', ...entry })
    const x402Network = typeof network === 'string' ? network : ''

    if (endpoint === 'verify') {
      let outcome: VerifyOutcome
      if (faults.rejectVerify) outcome = { isValid: false, reason: faults.rejectVerify }
      else if (version !== 1 && version !== 2)
        outcome = { isValid: false, reason: 'invalid_x402_version' }
      else if (!isRecord(requirements) || !chain)
        outcome = { isValid: false, reason: 'invalid_network' }
      else
        outcome = await guardVerify(() =>
          chain.impl.verifyX402(version, paymentPayload, requirements),
        )
      record(outcome.isValid ? { ok: true } : { ok: false, reason: outcome.reason })
      return {
        status: 200,
        body: outcome.isValid
          ? { isValid: true, payer: outcome.payer }
          : {
              isValid: false,
              invalidReason: outcome.reason,
              ...(outcome.message ? { invalidMessage: outcome.message } : {}),
              ...(outcome.payer ? { payer: outcome.payer } : {}),
            },
      }
    }

    let outcome: SettleOutcome
    if (version !== 1 && version !== 2) outcome = { success: false, reason: 'invalid_x402_version' }
    else if (!isRecord(requirements) || !chain)
      outcome = { success: false, reason: 'invalid_network' }
    else if (faults.failSettleAfterVerify) {
      outcome = await injectSettleFailure(() =>
        chain.impl.verifyX402(version, paymentPayload, requirements),
      )
    } else
      outcome = await guardSettle(() =>
        chain.impl.settleX402(version, paymentPayload, requirements),
      )
    record(
      outcome.success
        ? { ok: true, transaction: outcome.transaction }
        : {
            ok: false,
            reason: outcome.reason,
            ...(outcome.transaction ? { transaction: outcome.transaction } : {}),
          },
    )
    if (outcome.success && faults.loseSettleResponse)
      return { status: 500, body: { error: 'injected: settle answer lost' } }
    return {
      status: 200,
      body: outcome.success
        ? {
            success: true,
            transaction: outcome.transaction,
            network: x402Network,
            payer: outcome.payer,
          }
        : {
            success: false,
            errorReason: outcome.reason,
            ...(outcome.message ? { errorMessage: outcome.message } : {}),
            transaction: outcome.transaction ?? '',
            network: x402Network,
            ...(outcome.payer ? { payer: outcome.payer } : {}),
          },
    }
  }

  const handleH402 = async (
    endpoint: 'verify' | 'settle',
    encoded: string,
    rawRequirements: unknown,
  ) => {
    const faults = state.faults
    let paymentPayload: H402PaymentPayload
    try {
      const decoded = decodeBase64Json(encoded)
      if (!isRecord(decoded) || !isRecord(decoded.payload))
        throw new Error('payload must be an object')
      paymentPayload = decoded as unknown as H402PaymentPayload
    } catch (error) {
      return {
        status: 400,
        body: { error: `cannot decode the X-PAYMENT payload: ${String(error)}` },
      }
    }
    const requirements = rawRequirements as H402Requirements
    const chain: Chain | undefined =
      paymentPayload.namespace === 'evm' && evm
        ? { kind: 'evm', impl: evm }
        : paymentPayload.namespace === 'solana' && solana
          ? { kind: 'solana', impl: solana }
          : undefined
    const record = (entry: Omit<FacilitatorLogEntry, 'endpoint' | 'dialect' | 'chain'>) =>
      state.log.push({ endpoint, dialect: 'h402-v1', chain: chain?.kind ?? 'unknown', ...entry })

    if (endpoint === 'verify') {
      let outcome: VerifyOutcome
      if (faults.rejectVerify) outcome = { isValid: false, reason: faults.rejectVerify }
      else if (!isRecord(requirements) || !chain)
        outcome = { isValid: false, reason: 'invalid_namespace' }
      else outcome = await guardVerify(() => chain.impl.verifyH402(paymentPayload, requirements))
      record(outcome.isValid ? { ok: true } : { ok: false, reason: outcome.reason })
      return {
        status: 200,
        body: outcome.isValid
          ? {
              isValid: true,
              type: outcome.kind,
              ...(outcome.txHash ? { txHash: outcome.txHash } : {}),
              payer: outcome.payer,
            }
          : {
              isValid: false,
              invalidReason: outcome.reason,
              ...(outcome.message ? { errorMessage: outcome.message } : {}),
              ...(outcome.payer ? { payer: outcome.payer } : {}),
            },
      }
    }

    let outcome: SettleOutcome
    if (!isRecord(requirements) || !chain) outcome = { success: false, reason: 'invalid_namespace' }
    else if (faults.failSettleAfterVerify) {
      outcome = await injectSettleFailure(() => chain.impl.verifyH402(paymentPayload, requirements))
    } else outcome = await guardSettle(() => chain.impl.settleH402(paymentPayload, requirements))
    record(
      outcome.success
        ? { ok: true, transaction: outcome.transaction }
        : { ok: false, reason: outcome.reason },
    )
    if (outcome.success && faults.loseSettleResponse)
      return { status: 500, body: { error: 'injected: settle answer lost' } }
    return {
      status: 200,
      body: outcome.success
        ? {
            success: true,
            transaction: outcome.transaction,
            namespace: paymentPayload.namespace,
            payer: outcome.payer,
          }
        : {
            success: false,
            transaction: outcome.transaction ?? '',
            namespace: paymentPayload.namespace,
            errorReason: outcome.reason,
            ...(outcome.message ? { error: outcome.message } : {}),
            ...(outcome.payer ? { payer: outcome.payer } : {}),
          },
    }
  }

  const injectSettleFailure = async (
    verify: () => Promise<VerifyOutcome>,
  ): Promise<SettleOutcome> => {
    const verified = await guardVerify(verify)
    if (!verified.isValid) return { success: false, reason: verified.reason }
    const reason = state.faults.failSettleAfterVerify
    return {
      success: false,
      reason: typeof reason === 'string' ? reason : 'unexpected_settle_error',
      message: 'injected settlement failure',
      payer: verified.payer,
    }
  }

  const server = http.createServer((req, res) => {
    const respond = async () => {
      const path = new URL(req.url ?? '/', 'http://localhost').pathname
      if (req.method === 'GET' && path === '/supported') return sendJson(res, 200, supported())
      if (req.method === 'GET' && path === '/health') return sendJson(res, 200, { status: 'ok' })
      if (req.method === 'POST' && (path === '/verify' || path === '/settle')) {
        let body: unknown
        try {
          body = JSON.parse((await readBody(req)).toString('utf8'))
        } catch {
          return sendJson(res, 400, { error: 'body is not JSON' })
        }
        const answer = await handle(path === '/verify' ? 'verify' : 'settle', body)
        return sendJson(res, answer.status, answer.body)
      }
      sendJson(res, 404, { error: `no route ${req.method} ${path}` })
    }
    respond().catch((error) => sendJson(res, 500, { error: String(error) }))
  })
  const running = await listenHttp(server, options.port ?? 0)
  state.url = running.url
  state.stop = () => running.close()
  return state
}

async function guardVerify(run: () => Promise<VerifyOutcome>): Promise<VerifyOutcome> {
  try {
    return await run()
  } catch (error) {
    return { isValid: false, reason: 'unexpected_verify_error', message: String(error) }
  }
}

async function guardSettle(run: () => Promise<SettleOutcome>): Promise<SettleOutcome> {
  try {
    return await run()
  } catch (error) {
    return { success: false, reason: 'unexpected_settle_error', message: String(error) }
  }
}
