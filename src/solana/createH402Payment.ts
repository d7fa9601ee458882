// First: spl-token needs the global Buffer while it loads (see installBufferGlobal.ts).
import './installBufferGlobal.js'
import { getAssociatedTokenAddressSync } from '@solana/spl-token'
import type { Connection, PublicKey } from '@solana/web3.js'
import bs58 from 'bs58'
import { formatAmount } from '../core/amount/formatAmount.js'
import { encodeBase64 } from '../core/codec/base64Json.js'
import { UnsupportedOptionError } from '../core/errors/policy.js'
import { InsufficientFundsError } from '../core/errors/wallet.js'
import type { PaymentContext, PreparedPayment } from '../core/payer.js'
import type { PaymentOption } from '../core/types.js'
import { buildH402Transaction } from './buildH402Transaction.js'
import { h402ComputeUnitLimit, priorityFeeLamports } from './computeBudget.js'
import { lamportsPerSignature } from './constants.js'
import { RecipientCannotReceiveError } from './errors.js'
import { assertSignedInTime, openQuoteWindow } from './quoteWindow.js'
import { type MintInfo, readMint, toPublicKey } from './readMint.js'
import { tokenAccountState } from './readTokenBalance.js'
import { resourceReference } from './resourceReference.js'
import { sendWithWallet } from './sendWithWallet.js'
import { signPaymentTransaction } from './signPaymentTransaction.js'
import { isKeypairSigner, type SolanaSigner } from './solanaSigner.js'
import { waitForConfirmation } from './waitForConfirmation.js'

/** How the h402 path waits for a transaction the wallet broadcast, and what it may cost. */
export interface H402Settings {
  /** Give up waiting for confirmation after this many milliseconds. */
  confirmTimeoutMs: number
  /** Milliseconds between two status polls. */
  pollIntervalMs: number
  /** Whether the payer may pay the rent of the payee's token account (see `solanaPayer`). */
  allowAccountRent: boolean
}

/**
 * Pays an h402 option on Solana: the payer is the fee payer, the transaction is bound to the
 * resource by a reference account ({@link resourceReference}; h402 servers refuse a Memo), and balances (SOL for amount, fees and any rent; the token) are checked
 * before anything is signed. A keypair or a wallet that can sign gives a fully signed
 * transaction for the facilitator to broadcast (`'transaction'`); a wallet that can only
 * sign-and-send broadcasts it itself, once, and the kit waits for confirmation (`'broadcast'`).
 */
export async function createH402Payment(
  signer: SolanaSigner,
  payer: PublicKey,
  connection: Connection,
  option: PaymentOption,
  context: PaymentContext,
  settings: H402Settings,
): Promise<PreparedPayment> {
  const resource = option.resource
  if (!resource)
    throw new UnsupportedOptionError({
      option,
      reason: 'The option names no resource, which the payment must be bound to.',
    })
  const payTo = toPublicKey(option.payTo, option, 'payee')
  const mint = option.asset.native ? undefined : await readMint(connection, option)
  // h402 facilitators check what the payee received (≥ amount); with a transfer fee it gets
  // less, and a broadcast payment would be refused after the money moved.
  if (mint?.transferFee)
    throw new UnsupportedOptionError({
      option,
      reason: 'The token charges a Token-2022 transfer fee, so the payee would receive less.',
    })
  const [reference, { blockhash, lastValidBlockHeight }] = await Promise.all([
    resourceReference(resource),
    connection.getLatestBlockhash('confirmed'),
  ])
  const transaction = buildH402Transaction({
    payer,
    payTo,
    mint,
    reference,
    amount: option.amount,
    recentBlockhash: blockhash,
  })
  const signs = signsAlone(signer)
  await checkFunds(connection, option, { payer, payTo, mint }, settings.allowAccountRent, signs)

  const validBefore = openQuoteWindow(option, context)
  if (signs) {
    context.onStep?.('signing')
    const signed = await signPaymentTransaction(signer, transaction, payer)
    assertSignedInTime(context, validBefore)
    const signature = bs58.encode(signed.signatures[0]!)
    return {
      kind: 'transaction',
      payload: {
        type: 'signTransaction',
        signature,
        transaction: encodeBase64(signed.serialize()),
      },
      payer: payer.toBase58(),
      validBefore,
      transaction: signature,
      lastValidBlockHeight,
    }
  }
  // The wallet's one prompt signs and sends: from here money may move (the session then reads
  // any failure as an unknown outcome, as for EVM's broadcast).
  context.onStep?.('broadcasting')
  const signature = await sendWithWallet(signer, transaction, connection)
  context.onStep?.('confirming')
  await waitForConfirmation(connection, signature, {
    timeoutMs: settings.confirmTimeoutMs,
    intervalMs: settings.pollIntervalMs,
    signal: context.signal,
  })
  return {
    kind: 'broadcast',
    payload: { type: 'signAndSendTransaction', signature },
    payer: payer.toBase58(),
    transaction: signature,
    lastValidBlockHeight,
  }
}

/**
 * The rent the payer pays for the payee's token account when the payee has none yet (the
 * transaction creates it, idempotently), in lamports; `0n` when it exists or for SOL.
 */
export async function payeeAccountRent(
  connection: Connection,
  payTo: PublicKey,
  mint: MintInfo | undefined,
): Promise<bigint> {
  if (!mint) return 0n
  const destination = getAssociatedTokenAddressSync(mint.address, payTo, true, mint.programId)
  const [account, rent] = await Promise.all([
    connection.getAccountInfo(destination, 'confirmed'),
    connection.getMinimumBalanceForRentExemption(mint.accountSize, 'confirmed'),
  ])
  return account ? 0n : BigInt(rent)
}

/**
 * SPEC §5.7: a cost beyond the amount is shown and allowed, never silently added. Without
 * `allowAccountRent` an option whose payee has no token account is refused, naming the rent.
 */
export function refuseAccountRent(option: PaymentOption, rent: bigint): UnsupportedOptionError {
  return new UnsupportedOptionError({
    option,
    reason: `The payee has no account for this token yet; paying would also cost ${formatAmount(rent, 9)} SOL of rent to open it. Pass \`allowAccountRent: true\` to solanaPayer to allow that.`,
  })
}

/**
 * h402 counts a token payment a wallet broadcast by the payee's balance before and after it, and
 * reads "before" only for token accounts that already existed (bit-gpt/h402
 * typescript/packages/h402/src/schemes/exact/solana/facilitator.ts, verifyPaymentAmount): a
 * broadcast that opens the payee's account is refused after the money moved, so it is not sent.
 */
export function refuseBroadcastOpeningAccount(option: PaymentOption): UnsupportedOptionError {
  return new UnsupportedOptionError({
    option,
    reason:
      'The payee has no account for this token yet, and h402 servers refuse a payment a wallet sends itself that opens it. Pay with a wallet that can sign without sending, or choose another option.',
  })
}

/** Whether the signer signs without sending (a keypair, a wallet with `signTransaction`). */
export function signsAlone(signer: SolanaSigner): boolean {
  return isKeypairSigner(signer) || signer.signTransaction !== undefined
}

/**
 * Refuses before signing when the payment would fail on chain for lack of funds: SOL for the
 * amount (native), the network fee and the rent of a token account the payment creates, and
 * the token itself, and a broadcast that h402 would refuse. The payer's account must also stay rent-exempt (the runtime refuses a
 * transfer that leaves it with less than the minimum but more than zero), and a SOL payment
 * must make a new payee account rent-exempt.
 */
async function checkFunds(
  connection: Connection,
  option: PaymentOption,
  { payer, payTo, mint }: { payer: PublicKey; payTo: PublicKey; mint: MintInfo | undefined },
  allowAccountRent: boolean,
  signs: boolean,
): Promise<void> {
  const source = mint && getAssociatedTokenAddressSync(mint.address, payer, true, mint.programId)
  const destination =
    mint && getAssociatedTokenAddressSync(mint.address, payTo, true, mint.programId)
  const [lamports, reserve, payeeAccount, sourceAccount, destinationAccount, accountRent] =
    await Promise.all([
      connection.getBalance(payer, 'confirmed'),
      connection.getMinimumBalanceForRentExemption(0, 'confirmed'),
      mint ? null : connection.getAccountInfo(payTo, 'confirmed'),
      source ? connection.getAccountInfo(source, 'confirmed') : null,
      destination ? connection.getAccountInfo(destination, 'confirmed') : null,
      mint ? connection.getMinimumBalanceForRentExemption(mint.accountSize, 'confirmed') : 0,
    ])
  if (!mint && !payeeAccount && option.amount < BigInt(reserve))
    throw new RecipientCannotReceiveError({
      account: payTo.toBase58(),
      details: `The payee account does not exist yet, and ${option.amount} lamports would not make it rent-exempt (it needs ${reserve}).`,
    })
  if (mint && source) {
    const balance = tokenAccountState(source, sourceAccount, mint).amount
    if (balance < option.amount)
      throw new InsufficientFundsError({
        required: option.amount,
        available: balance,
        ...(option.asset.symbol ? { symbol: option.asset.symbol } : {}),
      })
  }
  const fee = lamportsPerSignature + priorityFeeLamports(h402ComputeUnitLimit(mint === undefined))
  const rent = mint && !destinationAccount ? BigInt(accountRent) : 0n
  // h402 checks a broadcast token payment by the payee's balance before and after it, read only
  // for token accounts that existed before (bit-gpt/h402 .../schemes/exact/solana/facilitator.ts,
  // verifyPaymentAmount): one that opens the payee's account is refused after the money moved.
  if (rent > 0n && !signs) throw refuseBroadcastOpeningAccount(option)
  if (rent > 0n && !allowAccountRent) throw refuseAccountRent(option, rent)
  const required = fee + rent + (mint ? 0n : option.amount)
  const available = BigInt(lamports)
  const left = available - required
  if (left < 0n || (left > 0n && left < BigInt(reserve)))
    throw new InsufficientFundsError({
      required: left < 0n ? required : required + BigInt(reserve),
      available,
      symbol: 'SOL',
    })
}
