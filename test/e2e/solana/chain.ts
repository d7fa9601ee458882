import {
  getAssociatedTokenAddressSync,
  TOKEN_2022_PROGRAM_ID,
  TOKEN_PROGRAM_ID,
} from '@solana/spl-token'
import { Connection, type Keypair, PublicKey, type VersionedTransaction } from '@solana/web3.js'
import { inject } from 'vitest'
import { encodeBase64Json } from '../../../src/core/codec/base64Json.js'
import { keypairFromSecret } from '../../devnet/solana/client.js'
import type { SolanaDevnetInfo } from '../../devnet/solana/index.js'
import { quote } from '../quote.js'

/** The Solana half of the shared devnet (bankrun behind a JSON-RPC shim). */
export function solanaDevnet(): SolanaDevnetInfo {
  return inject('devnet').solana
}

/** A web3.js connection to the devnet, as an app would make one. */
export function connectionTo(devnet: SolanaDevnetInfo): Connection {
  return new Connection(devnet.rpcUrl, { commitment: 'confirmed', wsEndpoint: devnet.wsUrl })
}

/** The two devnet tokens: classic SPL Token ("USDC") and Token-2022. */
export const tokens = [
  { name: 'Token', mint: (d: SolanaDevnetInfo) => d.usdcMint, programId: TOKEN_PROGRAM_ID },
  {
    name: 'Token-2022',
    mint: (d: SolanaDevnetInfo) => d.token2022Mint,
    programId: TOKEN_2022_PROGRAM_ID,
  },
] as const

/** The owner's token balance (0 without a token account). */
export async function tokenBalance(
  connection: Connection,
  owner: PublicKey,
  mint: string,
  programId: PublicKey,
): Promise<bigint> {
  const ata = getAssociatedTokenAddressSync(new PublicKey(mint), owner, true, programId)
  const account = await connection.getAccountInfo(ata, 'confirmed')
  if (!account) return 0n
  return BigInt((await connection.getTokenAccountBalance(ata, 'confirmed')).value.amount)
}

/** Lamports of an account. */
export async function lamports(connection: Connection, owner: PublicKey): Promise<bigint> {
  return BigInt(await connection.getBalance(owner, 'confirmed'))
}

/** The facilitator's fee payer as a keypair, to co-sign x402 transactions as settlement does. */
export function feePayerKeypair(devnet: SolanaDevnetInfo): Keypair {
  return keypairFromSecret(devnet.feePayer.secretKey)
}

/** Sends a signed transaction raw and waits until the RPC reports it confirmed. */
export async function sendRaw(
  connection: Connection,
  transaction: VersionedTransaction,
): Promise<string> {
  const signature = await connection.sendRawTransaction(transaction.serialize())
  await confirmed(connection, signature)
  return signature
}

/** Polls the signature status, as the kit does (no websocket needed). */
export async function confirmed(connection: Connection, signature: string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    const status = (await connection.getSignatureStatuses([signature])).value[0]
    if (status?.err) throw new Error(`${signature} failed: ${JSON.stringify(status.err)}`)
    if (status?.confirmationStatus === 'confirmed' || status?.confirmationStatus === 'finalized')
      return
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  throw new Error(`${signature} not confirmed`)
}

/** The memo texts a landed transaction logged. */
export async function memosOf(connection: Connection, signature: string): Promise<string[]> {
  const transaction = await connection.getTransaction(signature, {
    commitment: 'confirmed',
    maxSupportedTransactionVersion: 0,
  })
  const logs = transaction?.meta?.logMessages ?? []
  return logs.flatMap((line) => {
    const match = /^Program log: Memo \(len \d+\): "(.*)"$/.exec(line)
    return match ? [match[1]!] : []
  })
}

/** An x402 v2 402 (`PAYMENT-REQUIRED` header) for the devnet, which poses as Solana devnet. */
export function x402V2Quote(devnet: SolanaDevnetInfo, entry: Record<string, unknown>) {
  const document = {
    x402Version: 2,
    resource: { url: 'http://127.0.0.1/paid' },
    accepts: [
      {
        scheme: 'exact',
        network: devnet.network,
        payTo: devnet.payTo.address,
        maxTimeoutSeconds: 120,
        extra: { feePayer: devnet.feePayer.address },
        ...entry,
      },
    ],
  }
  return quote(
    new Response('{}', {
      status: 402,
      headers: { 'PAYMENT-REQUIRED': encodeBase64Json(document) },
    }),
  )
}

/** An x402 v1 402 (body) for the devnet, by its v1 name. */
export function x402V1Quote(devnet: SolanaDevnetInfo, entry: Record<string, unknown>) {
  const body = {
    x402Version: 1,
    accepts: [
      {
        scheme: 'exact',
        network: 'solana-devnet',
        resource: 'http://127.0.0.1/paid',
        description: 'Paid data',
        mimeType: 'application/json',
        payTo: devnet.payTo.address,
        maxTimeoutSeconds: 60,
        extra: { feePayer: devnet.feePayer.address },
        ...entry,
      },
    ],
  }
  return quote(new Response(JSON.stringify(body), { status: 402 }))
}

/** An h402 402 for the devnet (`networkId: 'devnet'`), amounts in atomic units. */
export function h402Quote(devnet: SolanaDevnetInfo, entry: Record<string, unknown>) {
  const body = {
    h402Version: 1,
    accepts: [
      {
        namespace: 'solana',
        networkId: 'devnet',
        scheme: 'exact',
        amountRequiredFormat: 'smallestUnit',
        payToAddress: devnet.payTo.address,
        resource: 'http://127.0.0.1/image?prompt=cat',
        ...entry,
      },
    ],
  }
  return quote(new Response(JSON.stringify(body), { status: 402 }))
}

export { contextFor, type Quote } from '../quote.js'
