// First: spl-token needs the global Buffer while it loads (see installBufferGlobal.ts).
import './installBufferGlobal.js'
import { TOKEN_2022_PROGRAM_ID } from '@solana/spl-token'
import { ComputeBudgetProgram, type PublicKey, type TransactionInstruction } from '@solana/web3.js'
import {
  computeUnitPriceMicroLamports,
  h402SolComputeUnits,
  h402SplComputeUnits,
  maxComputeUnits,
  memoComputeUnitsPerByte,
  randomMemoBytes,
  token2022ExtraComputeUnits,
  x402BaseComputeUnits,
} from './constants.js'

/** `SetComputeUnitLimit` then `SetComputeUnitPrice`, the order x402 facilitators require. */
export function computeBudgetInstructions(units: number): TransactionInstruction[] {
  return [
    ComputeBudgetProgram.setComputeUnitLimit({ units }),
    ComputeBudgetProgram.setComputeUnitPrice({ microLamports: computeUnitPriceMicroLamports }),
  ]
}

/**
 * The x402 compute-unit limit: the reference client's 20,000 for the reference case (classic
 * Token, 32-character memo). A Token-2022 transfer or a longer `extra.memo` does not fit in
 * 20,000 (20,949 CU measured for Token-2022 with the default memo), and a transaction that runs
 * out fails at settlement, so those get what they need. The SVM `exact` spec leaves the limit to
 * the sponsor's policy (reference default maximum: 400,000).
 */
export function x402ComputeUnitLimit(tokenProgram: PublicKey, memoBytes: number): number {
  const longerMemo = Math.max(0, memoBytes - randomMemoBytes * 2) * memoComputeUnitsPerByte
  const token2022 = tokenProgram.equals(TOKEN_2022_PROGRAM_ID) ? token2022ExtraComputeUnits : 0
  return Math.min(maxComputeUnits, x402BaseComputeUnits + token2022 + longerMemo)
}

/**
 * The h402 compute-unit limit. h402's reference client simulates to estimate it; a static
 * estimate saves a round trip and, at 1 microlamport per unit, costs at most 2 lamports more.
 */
export function h402ComputeUnitLimit(native: boolean): number {
  return native ? h402SolComputeUnits : h402SplComputeUnits
}

/** The priority fee in lamports for a compute-unit limit at the kit's unit price. */
export function priorityFeeLamports(units: number): bigint {
  const microLamports = BigInt(units) * BigInt(computeUnitPriceMicroLamports)
  return (microLamports + 999_999n) / 1_000_000n
}
