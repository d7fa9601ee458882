// First: spl-token needs the global Buffer while it loads (see installBufferGlobal.ts).
import './installBufferGlobal.js'
import { getAssociatedTokenAddressSync } from '@solana/spl-token'
import type { Connection, PublicKey } from '@solana/web3.js'
import { encodeBase64 } from '../core/codec/base64Json.js'
import { UnsupportedOptionError } from '../core/errors/policy.js'
import { InsufficientFundsError } from '../core/errors/wallet.js'
import type { PaymentContext, PreparedPayment } from '../core/payer.js'
import type { PaymentOption } from '../core/types.js'
import { buildX402Transaction } from './buildX402Transaction.js'
import { maxX402MemoBytes } from './constants.js'
import { RecipientCannotReceiveError } from './errors.js'
import { randomMemo } from './memoInstruction.js'
import { assertSignedInTime, openQuoteWindow } from './quoteWindow.js'
import { readMint, toPublicKey } from './readMint.js'
import { tokenAccountState } from './readTokenBalance.js'
import { signPaymentTransaction } from './signPaymentTransaction.js'
import type { SolanaSigner } from './solanaSigner.js'

/**
 * Pays an x402 `exact` option (v1 or v2) on Solana: builds the reference transaction with the
 * facilitator as fee payer, checks that the payee can receive the token and the payer holds
 * enough, then has the payer partially sign it. Nothing moves until the facilitator co-signs
 * and sends it, so the result is an `'authorization'`.
 */
export async function createX402Payment(
  signer: SolanaSigner,
  payer: PublicKey,
  connection: Connection,
  option: PaymentOption,
  context: PaymentContext,
): Promise<PreparedPayment> {
  const feePayer = x402FeePayer(option)
  if (feePayer.equals(payer))
    throw new UnsupportedOptionError({
      option,
      reason: "The facilitator's fee payer is the paying account; facilitators refuse that.",
    })
  const memo = x402Memo(option)
  const payTo = toPublicKey(option.payTo, option, 'payee')
  const mint = await readMint(connection, option)
  const source = getAssociatedTokenAddressSync(mint.address, payer, true, mint.programId)
  const destination = getAssociatedTokenAddressSync(mint.address, payTo, true, mint.programId)
  const [sourceAccount, destinationAccount, { blockhash, lastValidBlockHeight }] =
    await Promise.all([
      connection.getAccountInfo(source, 'confirmed'),
      connection.getAccountInfo(destination, 'confirmed'),
      connection.getLatestBlockhash('confirmed'),
    ])
  // The x402 layout has no create-account step: without this check the person would sign a
  // payment that fails at settlement with InvalidAccountData (x402#2395).
  if (!destinationAccount)
    throw new RecipientCannotReceiveError({ account: destination.toBase58() })
  const balance = tokenAccountState(source, sourceAccount, mint).amount
  if (balance < option.amount)
    throw new InsufficientFundsError({
      required: option.amount,
      available: balance,
      ...(option.asset.symbol ? { symbol: option.asset.symbol } : {}),
    })

  const transaction = buildX402Transaction({
    payer,
    feePayer,
    mint,
    payTo,
    amount: option.amount,
    memo,
    recentBlockhash: blockhash,
  })
  const validBefore = openQuoteWindow(option, context)
  context.onStep?.('signing')
  const signed = await signPaymentTransaction(signer, transaction, payer)
  assertSignedInTime(context, validBefore)
  return {
    kind: 'authorization',
    payload: { transaction: encodeBase64(signed.serialize()) },
    payer: payer.toBase58(),
    validBefore,
    lastValidBlockHeight,
  }
}

/** The facilitator's fee payer; x402 SVM cannot be paid without it (x402-rs#35). */
export function x402FeePayer(option: PaymentOption): PublicKey {
  const feePayer = option.extra?.feePayer
  if (typeof feePayer !== 'string' || feePayer === '')
    throw new UnsupportedOptionError({
      option,
      reason:
        'The server did not name the fee payer (extra.feePayer) that an x402 Solana payment needs.',
    })
  return toPublicKey(feePayer, option, 'fee payer (extra.feePayer)')
}

/**
 * The memo bytes: the seller's `extra.memo` as UTF-8 when set (the facilitator checks it
 * matches), otherwise a random nonce, like the reference client.
 */
function x402Memo(option: PaymentOption): Uint8Array {
  const memo = option.extra?.memo
  if (memo === undefined || memo === null || memo === '') return randomMemo()
  if (typeof memo !== 'string')
    throw new UnsupportedOptionError({ option, reason: 'The server sent a memo that is not text.' })
  const bytes = new TextEncoder().encode(memo)
  if (bytes.length > maxX402MemoBytes)
    throw new UnsupportedOptionError({
      option,
      reason: `The server's memo is ${bytes.length} bytes; x402 allows at most ${maxX402MemoBytes}.`,
    })
  return bytes
}
