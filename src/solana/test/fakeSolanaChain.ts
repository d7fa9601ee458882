import {
  ACCOUNT_SIZE,
  AccountLayout,
  getAssociatedTokenAddressSync,
  MINT_SIZE,
  MintLayout,
} from '@solana/spl-token'
import {
  type AccountInfo,
  type Connection,
  Keypair,
  PublicKey,
  SystemProgram,
} from '@solana/web3.js'

/**
 * An in-process Solana node for unit tests of the payment guards: the few RPC reads the payer
 * makes, over accounts encoded with spl-token's own layouts, so the code under test decodes
 * what a real node would return. Rent follows the runtime's formula
 * ((size + 128) × 6,960 lamports).
 */
export class FakeSolanaChain {
  readonly accounts = new Map<string, AccountInfo<Buffer>>()
  readonly blockhash = Keypair.generate().publicKey.toBase58()
  lastValidBlockHeight = 1_000
  /** The commitment of every read, in order: payments must read 'confirmed' state. */
  readonly commitments: unknown[] = []

  async getAccountInfo(key: PublicKey, commitment?: unknown) {
    this.commitments.push(commitment)
    return this.accounts.get(key.toBase58()) ?? null
  }
  async getBalance(key: PublicKey, commitment?: unknown) {
    this.commitments.push(commitment)
    return this.accounts.get(key.toBase58())?.lamports ?? 0
  }
  async getLatestBlockhash(commitment?: unknown) {
    this.commitments.push(commitment)
    return { blockhash: this.blockhash, lastValidBlockHeight: this.lastValidBlockHeight }
  }
  async getMinimumBalanceForRentExemption(size: number, commitment?: unknown) {
    this.commitments.push(commitment)
    return rentFor(size)
  }

  setSol(owner: PublicKey, lamports: number) {
    this.accounts.set(owner.toBase58(), {
      owner: SystemProgram.programId,
      data: Buffer.alloc(0),
      lamports,
      executable: false,
      rentEpoch: 0,
    })
  }
  /** A mint of `programId`; `extensions` are Token-2022 TLV entries after the account type. */
  addMint(programId: PublicKey, decimals: number, extensions?: Buffer): PublicKey {
    const address = Keypair.generate().publicKey
    const data = Buffer.alloc(extensions ? ACCOUNT_SIZE + 1 + extensions.length : MINT_SIZE)
    MintLayout.encode(
      {
        mintAuthorityOption: 1,
        mintAuthority: Keypair.generate().publicKey,
        supply: 1_000_000_000n,
        decimals,
        isInitialized: true,
        freezeAuthorityOption: 0,
        freezeAuthority: PublicKey.default,
      },
      data,
    )
    if (extensions) {
      data[ACCOUNT_SIZE] = 1 // AccountType.Mint
      extensions.copy(data, ACCOUNT_SIZE + 1)
    }
    this.accounts.set(address.toBase58(), {
      owner: programId,
      data,
      lamports: rentFor(data.length),
      executable: false,
      rentEpoch: 0,
    })
    return address
  }
  addTokenAccount(mint: PublicKey, owner: PublicKey, amount: bigint): PublicKey {
    const programId = this.accounts.get(mint.toBase58())!.owner
    const address = getAssociatedTokenAddressSync(mint, owner, true, programId)
    const data = Buffer.alloc(ACCOUNT_SIZE)
    AccountLayout.encode(
      {
        mint,
        owner,
        amount,
        delegateOption: 0,
        delegate: PublicKey.default,
        state: 1,
        isNativeOption: 0,
        isNative: 0n,
        delegatedAmount: 0n,
        closeAuthorityOption: 0,
        closeAuthority: PublicKey.default,
      },
      data,
    )
    this.accounts.set(address.toBase58(), {
      owner: programId,
      data,
      lamports: rentFor(ACCOUNT_SIZE),
      executable: false,
      rentEpoch: 0,
    })
    return address
  }
  asConnection(): Connection {
    return this as unknown as Connection
  }
}

export function rentFor(size: number): number {
  return (size + 128) * 6_960
}

/** A Token-2022 extension entry: type, length, value. */
export function tlv(type: number, value: Buffer): Buffer {
  const head = Buffer.alloc(4)
  head.writeUInt16LE(type, 0)
  head.writeUInt16LE(value.length, 2)
  return Buffer.concat([head, value])
}

/** TransferFeeConfig (type 1) with the given older and newer fees in basis points. */
export function transferFeeExtension(olderBasisPoints: number, newerBasisPoints: number): Buffer {
  const value = Buffer.alloc(108)
  const fee = (offset: number, basisPoints: number) => {
    value.writeBigUInt64LE(0n, offset) // epoch
    value.writeBigUInt64LE(1_000_000n, offset + 8) // maximum fee
    value.writeUInt16LE(basisPoints, offset + 16)
  }
  fee(72, olderBasisPoints)
  fee(90, newerBasisPoints)
  return tlv(1, value)
}

/** TransferHook (type 14) calling `program`; `PublicKey.default` is a hook that calls nothing. */
export function transferHookExtension(program: PublicKey): Buffer {
  return tlv(14, Buffer.concat([Keypair.generate().publicKey.toBuffer(), program.toBuffer()]))
}
