import { getBase58Decoder, getBase58Encoder } from '@solana/kit'

const encoder = getBase58Encoder()
const decoder = getBase58Decoder()

export const toBase58 = (bytes: Uint8Array): string => decoder.decode(bytes)
export const fromBase58 = (text: string): Uint8Array => new Uint8Array(encoder.encode(text))
