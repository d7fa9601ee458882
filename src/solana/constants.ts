import { PublicKey } from '@solana/web3.js'

/**
 * SPL Memo v2. x402's reference client and facilitator use this program id
 * (`MEMO_PROGRAM_ADDRESS` in `@x402/svm`), and it is the one that requires valid UTF-8.
 */
export const memoProgramId = new PublicKey('MemoSq4gqABAXKb96qnH8TysNcWxMyWCqXgDLGmfcHr')

/** The System Program, which h402 also uses as the "token address" of native SOL. */
export const systemProgramAddress = '11111111111111111111111111111111'

/**
 * Compute-unit limit of x402's reference client (`DEFAULT_COMPUTE_UNIT_LIMIT` in `@x402/svm`).
 * It fits a classic-Token `TransferChecked` plus its 32-character random memo (19,248 CU
 * measured on solana-bankrun 0.4.0); see {@link x402ComputeUnitLimit} for the cases it does not fit.
 */
export const x402BaseComputeUnits = 20_000

/**
 * Compute-unit price of both reference clients (`DEFAULT_COMPUTE_UNIT_PRICE_MICROLAMPORTS`).
 * x402 facilitators refuse more than 5 lamports per CU, and wallets that raise it break the
 * signature (x402#2855), so the kit never goes above this.
 */
export const computeUnitPriceMicroLamports = 1

/** x402 facilitators refuse a longer `extra.memo` (`MAX_MEMO_BYTES` in `@x402/svm`). */
export const maxX402MemoBytes = 256

/** Bytes of randomness in x402's default memo (hex-encoded, so 32 characters on chain). */
export const randomMemoBytes = 16

/**
 * Compute units the SPL Memo program spends per byte of memo, rounded up from measurements on
 * the Memo v2 build that ships with solana-bankrun 0.4.0 (32 B: 12,775 CU; 100 B: 36,890 CU;
 * 256 B: 91,455 CU; 600 B: 212,028 CU). The memo, not the transfer, dominates the budget.
 */
export const memoComputeUnitsPerByte = 400

/**
 * Extra compute units a Token-2022 `TransferChecked` needs over a classic-Token one (7,874 vs
 * 6,173 CU without extensions, more with them), so a Token-2022 payment with x402's default
 * memo (20,949 CU measured) does not run out of the reference 20,000.
 */
export const token2022ExtraComputeUnits = 10_000

/** h402 SOL payment: `SystemProgram.transfer` (150 CU) with headroom. */
export const h402SolComputeUnits = 5_000

/**
 * h402 SPL payment: create-ATA-idempotent plus `TransferChecked` (29,672 CU measured for a
 * new Token-2022 account), with headroom for mint extensions.
 */
export const h402SplComputeUnits = 80_000

/** The runtime's per-transaction compute-unit ceiling. */
export const maxComputeUnits = 1_400_000

/** Lamports per signature (the base network fee). */
export const lamportsPerSignature = 5_000n

/**
 * Seconds a blockhash stays usable: 150 blocks at about 400 ms. Used as the payload's
 * `validBefore`, because after it no one can land the transaction.
 */
export const blockhashLifetimeSeconds = 60

/** Largest serialized transaction the network accepts (`PACKET_DATA_SIZE`). */
export const maxTransactionBytes = 1232
