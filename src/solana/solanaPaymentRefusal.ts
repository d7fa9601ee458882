import type { PaymentOption } from '../core/types.js'
import {
  isKeypairSigner,
  type SolanaSigner,
  supportsVersionedTransactions,
} from './solanaSigner.js'

/**
 * Why the signer cannot pay the option, judged without the network: the option's scheme and
 * fields, and the wallet's capabilities. `undefined` when nothing stands in the way yet (the
 * chain is checked when paying: mint, token program, payee account, balances).
 */
export function solanaPaymentRefusal(
  option: PaymentOption,
  signer: SolanaSigner,
): string | undefined {
  if (!option.supported) return option.unsupportedReason ?? 'The option is not supported.'
  if (option.network.namespace !== 'solana') return 'The option is not on a Solana network.'
  if (option.scheme !== 'exact') return `The scheme "${option.scheme}" is not supported on Solana.`
  if (supportsVersionedTransactions(signer) === false)
    return 'This wallet cannot sign versioned (v0) transactions, which Solana payments use.'
  const wallet = isKeypairSigner(signer) ? undefined : signer
  if (option.protocol === 'h402-v1') {
    if (!option.resource) return 'The option names no resource, which the payment must be bound to.'
    if (wallet && !wallet.signTransaction && !wallet.sendTransaction)
      return 'This wallet can neither sign nor send transactions.'
    return undefined
  }
  if (option.asset.native) return 'x402 pays SPL tokens on Solana, not native SOL.'
  if (typeof option.extra?.feePayer !== 'string' || option.extra.feePayer === '')
    return 'The server did not name the fee payer (extra.feePayer) that an x402 Solana payment needs.'
  // x402 must only ever be signed, never signed-and-sent: the facilitator broadcasts it
  // (user-needs item 9; a wallet broadcast would fail without the fee payer's signature).
  if (wallet && !wallet.signTransaction)
    return 'This wallet cannot sign a transaction without sending it, which x402 needs.'
  return undefined
}
