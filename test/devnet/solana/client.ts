import { Keypair } from '@solana/web3.js'
import { fromBase58, toBase58 } from './base58.js'

/** A bare JSON-RPC call, for helpers that must not depend on a websocket or on web3.js's retries. */
export async function solanaRpc<T>(
  rpcUrl: string,
  method: string,
  params: unknown[] = [],
): Promise<T> {
  const response = await fetch(rpcUrl, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
  })
  const body = (await response.json()) as {
    result?: T
    error?: { code: number; message: string; data?: { logs?: string[] } }
  }
  if (body.error) {
    const logs = body.error.data?.logs?.join('\n')
    throw new Error(`${method}: ${body.error.message}${logs ? `\n${logs}` : ''}`)
  }
  return body.result as T
}

/** Secret keys cross process boundaries as base58 (the format wallets import). */
export function keypairFromSecret(secret: string): Keypair {
  return Keypair.fromSecretKey(fromBase58(secret))
}

export function secretOf(keypair: Keypair): string {
  return toBase58(keypair.secretKey)
}
