import { PublicKey } from '@solana/web3.js'

export const TOKEN_PROGRAM = 'TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA'
export const TOKEN_2022_PROGRAM = 'TokenzQdBNbLqP5VEhdkAS6EPFLC1PHnBqCXEpPxuEb'

export function isTokenProgram(owner: string): boolean {
  return owner === TOKEN_PROGRAM || owner === TOKEN_2022_PROGRAM
}

export interface ParsedTokenAccount {
  kind: 'account'
  mint: string
  owner: string
  amount: bigint
  state: 'uninitialized' | 'initialized' | 'frozen'
  isNative: boolean
}

export interface ParsedMint {
  kind: 'mint'
  mintAuthority: string | null
  supply: bigint
  decimals: number
  isInitialized: boolean
  freezeAuthority: string | null
}

// Token-2022 puts an account-type byte after the 165-byte base layout once extensions are present.
const ACCOUNT_TYPE_OFFSET = 165

/** Reads the base layout shared by the Token and Token-2022 programs (extensions are ignored). */
export function parseTokenData(
  owner: string,
  data: Uint8Array,
): ParsedTokenAccount | ParsedMint | undefined {
  if (!isTokenProgram(owner)) return undefined
  const buf = Buffer.from(data.buffer, data.byteOffset, data.byteLength)
  const kind =
    buf.length === 165
      ? 'account'
      : buf.length === 82
        ? 'mint'
        : buf.length > ACCOUNT_TYPE_OFFSET && buf[ACCOUNT_TYPE_OFFSET] === 2
          ? 'account'
          : buf.length > ACCOUNT_TYPE_OFFSET && buf[ACCOUNT_TYPE_OFFSET] === 1
            ? 'mint'
            : undefined
  if (kind === 'account') {
    const state = buf[108]
    return {
      kind,
      mint: new PublicKey(buf.subarray(0, 32)).toBase58(),
      owner: new PublicKey(buf.subarray(32, 64)).toBase58(),
      amount: buf.readBigUInt64LE(64),
      state: state === 2 ? 'frozen' : state === 1 ? 'initialized' : 'uninitialized',
      isNative: buf.readUInt32LE(109) === 1,
    }
  }
  if (kind === 'mint') {
    return {
      kind,
      mintAuthority:
        buf.readUInt32LE(0) === 1 ? new PublicKey(buf.subarray(4, 36)).toBase58() : null,
      supply: buf.readBigUInt64LE(36),
      decimals: buf[44] ?? 0,
      isInitialized: buf[45] === 1,
      freezeAuthority:
        buf.readUInt32LE(46) === 1 ? new PublicKey(buf.subarray(50, 82)).toBase58() : null,
    }
  }
  return undefined
}

/** The RPC's `UiTokenAmount`. */
export function uiTokenAmount(amount: bigint, decimals: number) {
  const text = amount.toString().padStart(decimals + 1, '0')
  const whole = text.slice(0, text.length - decimals)
  const fraction = text.slice(text.length - decimals).replace(/0+$/, '')
  const uiAmountString = fraction ? `${whole}.${fraction}` : whole
  return { amount: amount.toString(), decimals, uiAmount: Number(uiAmountString), uiAmountString }
}
