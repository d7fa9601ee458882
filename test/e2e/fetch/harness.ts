/**
 * Shared pieces of the `createH402Fetch` end-to-end tests: the devnet's clients, an explicit
 * policy for its tokens, a counting decorator for real payers, exact balance readers and the
 * demo server's request log. Nothing here stands in for what the tests claim to test: the payers
 * are the kit's own, with real keys, against the real chains, facilitator and server.
 */
import { randomBytes } from 'node:crypto'
import {
  getAssociatedTokenAddressSync,
  TOKEN_2022_PROGRAM_ID,
  TOKEN_PROGRAM_ID,
} from '@solana/spl-token'
import { Connection, PublicKey } from '@solana/web3.js'
import { type Address, erc20Abi, type Hex, type PublicClient, zeroAddress } from 'viem'
import { inject } from 'vitest'
import { decodeBase64Json } from '../../../src/core/codec/base64Json.js'
import type {
  Payer,
  PaymentContext,
  PaymentOption,
  PaymentPolicy,
  PreparedPayment,
} from '../../../src/core/index.js'
import { devnetPublicClient } from '../../devnet/evm/index.js'
import type { RequestLogEntry } from '../../devnet/server/index.js'
import { NATIVE_SOL } from '../../devnet/server/routes.js'
import type { DevnetInfo } from '../../devnet/startDevnet.js'

export const devnet: DevnetInfo = inject('devnet')
export const { evm, solana } = devnet
export const EVM_NETWORK = `eip155:${evm.chainId}`

/** The devnet's prices (test/devnet/README.md), in atomic units. */
export const PRICE = {
  usdc: 10_000n,
  usdt: 10n ** 16n,
  eth: 10n ** 14n,
  sol: 1_000_000n,
} as const

/**
 * Caps every devnet asset at exactly its price: the default policy knows none of these local
 * tokens, and a cap equal to the price also checks that the amount compared is the exact one.
 */
export const devnetPolicy: PaymentPolicy = {
  caps: [
    { network: EVM_NETWORK, asset: evm.usdc, max: PRICE.usdc },
    { network: EVM_NETWORK, asset: evm.usdt, max: PRICE.usdt },
    { network: EVM_NETWORK, asset: evm.circleUsdc, max: PRICE.usdc },
    { network: EVM_NETWORK, asset: zeroAddress, max: PRICE.eth },
    { network: solana.network, asset: solana.usdcMint, max: PRICE.usdc },
    { network: solana.network, asset: solana.token2022Mint, max: PRICE.usdc },
    { network: solana.network, asset: NATIVE_SOL, max: PRICE.sol },
  ],
}

/** Reads with a 50 ms polling interval: blocks are automined, viem's 4 s default would dominate. */
export const publicClient: PublicClient = devnetPublicClient(evm.rpcUrl)

/** A web3.js connection as an app would make one. */
export const connection = new Connection(solana.rpcUrl, {
  commitment: 'confirmed',
  wsEndpoint: solana.wsUrl,
})

/** Short waits for the kit's own polling, so the folder stays fast. */
export const solanaPayerOptions = { connection, pollIntervalMs: 50 } as const

// ---- counting ------------------------------------------------------------------------------------

/** A real payer, wrapped so that every `createPayment` call (a signature asked for) is counted. */
export interface CountingPayer extends Payer {
  /** Calls of `createPayment`, successful or not. */
  readonly calls: PaymentOption[]
  /** The context of each call (which quote it signed, on which clock). */
  readonly contexts: PaymentContext[]
  /** The payments it returned, in order. */
  readonly payments: PreparedPayment[]
}

/** Delegates every method to `payer` and records each `createPayment` call and its result. */
export function counting(payer: Payer): CountingPayer {
  const calls: PaymentOption[] = []
  const contexts: PaymentContext[] = []
  const payments: PreparedPayment[] = []
  const wrapped: CountingPayer = {
    namespace: payer.namespace,
    calls,
    contexts,
    payments,
    canPay: (option) => payer.canPay(option),
    getAddress: (option) => payer.getAddress(option),
    async createPayment(option, context) {
      calls.push(option)
      contexts.push(context)
      const payment = await payer.createPayment(option, context)
      payments.push(payment)
      return payment
    },
  }
  const getBalance = payer.getBalance?.bind(payer)
  if (getBalance) wrapped.getBalance = (option, context) => getBalance(option, context)
  // The chain check is the payer's own: the session asks it before saying "nothing moved".
  const checkPayment = payer.checkPayment?.bind(payer)
  if (checkPayment) wrapped.checkPayment = checkPayment
  return wrapped
}

// ---- balances ------------------------------------------------------------------------------------

export type EvmAsset = 'usdc' | 'usdt' | 'eth' | 'circleUsdc'
export type SolanaAsset = 'usdc' | 'token2022' | 'sol'

export async function evmBalance(asset: EvmAsset, owner: Address): Promise<bigint> {
  if (asset === 'eth') return publicClient.getBalance({ address: owner })
  return publicClient.readContract({
    address: { usdc: evm.usdc, usdt: evm.usdt, circleUsdc: evm.circleUsdc }[asset],
    abi: erc20Abi,
    functionName: 'balanceOf',
    args: [owner],
  })
}

export async function solanaBalance(asset: SolanaAsset, owner: string): Promise<bigint> {
  const key = new PublicKey(owner)
  if (asset === 'sol') return BigInt(await connection.getBalance(key, 'confirmed'))
  const ata = getAssociatedTokenAddressSync(
    new PublicKey(asset === 'usdc' ? solana.usdcMint : solana.token2022Mint),
    key,
    true,
    asset === 'usdc' ? TOKEN_PROGRAM_ID : TOKEN_2022_PROGRAM_ID,
  )
  if (!(await connection.getAccountInfo(ata, 'confirmed'))) return 0n
  return BigInt((await connection.getTokenAccountBalance(ata, 'confirmed')).value.amount)
}

/** Every balance a payment could touch, of the payer and the payee, on both chains. */
export interface Balances {
  evm: Record<EvmAsset, { payer: bigint; payee: bigint }>
  solana: Record<SolanaAsset, { payer: bigint; payee: bigint }>
}

const evmAssets: EvmAsset[] = ['usdc', 'usdt', 'eth', 'circleUsdc']
const solanaAssets: SolanaAsset[] = ['usdc', 'token2022', 'sol']

/** A snapshot of every balance the payers and the payees hold. */
export async function snapshot(payers: { evm?: Address; solana?: string }): Promise<Balances> {
  const evmPart = Object.fromEntries(
    await Promise.all(
      evmAssets.map(async (asset) => [
        asset,
        {
          payer: payers.evm ? await evmBalance(asset, payers.evm) : 0n,
          payee: await evmBalance(asset, evm.payTo),
        },
      ]),
    ),
  ) as Balances['evm']
  const solanaPart = Object.fromEntries(
    await Promise.all(
      solanaAssets.map(async (asset) => [
        asset,
        {
          payer: payers.solana ? await solanaBalance(asset, payers.solana) : 0n,
          payee: await solanaBalance(asset, solana.payTo.address),
        },
      ]),
    ),
  ) as Balances['solana']
  return { evm: evmPart, solana: solanaPart }
}

/** `after − before` of every balance, so a test can assert that only one asset moved. */
export function delta(before: Balances, after: Balances): Balances {
  const minus = <K extends string>(
    a: Record<K, { payer: bigint; payee: bigint }>,
    b: Record<K, { payer: bigint; payee: bigint }>,
  ) =>
    Object.fromEntries(
      Object.keys(a).map((key) => {
        const k = key as K
        return [k, { payer: b[k].payer - a[k].payer, payee: b[k].payee - a[k].payee }]
      }),
    ) as Record<K, { payer: bigint; payee: bigint }>
  return { evm: minus(before.evm, after.evm), solana: minus(before.solana, after.solana) }
}

/** The deltas of a payment that moved nothing, to be overridden by what did move. */
export function unchanged(): Balances {
  const zero = () => ({ payer: 0n, payee: 0n })
  return {
    evm: { usdc: zero(), usdt: zero(), eth: zero(), circleUsdc: zero() },
    solana: { usdc: zero(), token2022: zero(), sol: zero() },
  }
}

/** Wei the sender of an EVM transaction paid for gas. */
export async function evmGasCost(hash: Hex): Promise<bigint> {
  const receipt = await publicClient.getTransactionReceipt({ hash })
  return receipt.gasUsed * receipt.effectiveGasPrice
}

/** Lamports the fee payer of a Solana transaction paid. */
export async function solanaFee(signature: string): Promise<bigint> {
  const transaction = await connection.getTransaction(signature, {
    commitment: 'confirmed',
    maxSupportedTransactionVersion: 0,
  })
  if (!transaction?.meta) throw new Error(`transaction ${signature} not found`)
  return BigInt(transaction.meta.fee)
}

// ---- requests ------------------------------------------------------------------------------------

/**
 * A URL of `path` on `base` made unique by a query string, so this test's entries can be told
 * apart in the server's request log without clearing it (the route ignores the query; the
 * `resource` the payment is bound to includes it).
 */
export function uniqueUrl(base: string, path: string): string {
  return `${base}${path}?run=${randomBytes(6).toString('hex')}`
}

/** The payment header a logged request carried (`PAYMENT-SIGNATURE` or `X-PAYMENT`), if any. */
export function paymentHeaderOf(entry: RequestLogEntry): string | undefined {
  const value = entry.headers['payment-signature'] ?? entry.headers['x-payment']
  return typeof value === 'string' ? value : undefined
}

/** The shared demo server's log (both origins), for requests whose path contains `marker`. */
export async function loggedRequests(marker: string): Promise<RequestLogEntry[]> {
  const response = await fetch(`${devnet.serverUrl}/_requests`)
  const log = (await response.json()) as RequestLogEntry[]
  return log.filter((entry) => entry.path.includes(marker))
}

/** The `run=` marker of a {@link uniqueUrl}. */
export function markerOf(url: string): string {
  return new URL(url).search
}

/** The decoded payment payload of a header, for comparing what was resent. */
export function decodeHeader(header: string): Record<string, unknown> {
  return decodeBase64Json(header) as Record<string, unknown>
}
