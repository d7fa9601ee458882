// First: spl-token needs the global Buffer while it loads (see installBufferGlobal.ts).
import './installBufferGlobal.js'
import { getAssociatedTokenAddressSync, unpackAccount } from '@solana/spl-token'
import type { Connection, PublicKey } from '@solana/web3.js'
import type { MintInfo } from './readMint.js'

/** A token account of the owner for the mint: its address and, if it exists, its balance. */
export interface TokenAccountState {
  /** The owner's associated token account for the mint. */
  address: PublicKey
  /** Atomic units held; `0n` when the account does not exist. */
  amount: bigint
  /** True when the account exists. */
  exists: boolean
}

/** The state of the owner's associated token account for a mint. */
export async function readTokenBalance(
  connection: Connection,
  owner: PublicKey,
  mint: Pick<MintInfo, 'address' | 'programId'>,
): Promise<TokenAccountState> {
  const address = getAssociatedTokenAddressSync(mint.address, owner, true, mint.programId)
  const account = await connection.getAccountInfo(address, 'confirmed')
  return tokenAccountState(address, account, mint)
}

/** Reads a token account fetched elsewhere (e.g. in a batch). */
export function tokenAccountState(
  address: PublicKey,
  account: Awaited<ReturnType<Connection['getAccountInfo']>>,
  mint: Pick<MintInfo, 'address' | 'programId'>,
): TokenAccountState {
  if (!account) return { address, amount: 0n, exists: false }
  const state = unpackAccount(address, account, mint.programId)
  return { address, amount: state.mint.equals(mint.address) ? state.amount : 0n, exists: true }
}
