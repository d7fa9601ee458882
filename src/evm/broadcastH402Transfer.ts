import { type Chain, defineChain, type Hash, type TransactionReceipt } from 'viem'
import { sendTransaction } from 'viem/actions'
import { OutcomeUnknownError, TransactionRevertedError } from '../core/errors/payment.js'
import { WalletNotConnectedError } from '../core/errors/wallet.js'
import { getNetworkByChainId } from '../core/networks/getNetwork.js'
import type { PreparedPayment } from '../core/payer.js'
import type { PaymentOption } from '../core/types.js'
import { assertCanAfford } from './assertCanAfford.js'
import type { EvmPaymentEnv } from './evmPaymentEnv.js'
import { isTransportFailure } from './readOrUndefined.js'
import type { AnyWalletClient, EvmWallet } from './toEvmWallet.js'
import { transferCall } from './transferCall.js'
import { waitForReceipt } from './waitForReceipt.js'

/**
 * h402's `signAndSendTransaction` payload for a WalletClient (browser wallets cannot sign
 * without sending): personal_sign of the resource, then the wallet broadcasts a plain transfer
 * and we wait for its receipt. The money has moved once this returns (`kind: 'broadcast'`).
 *
 * SPEC §5.2: nothing here ever sends twice. Once the wallet may have broadcast, every failure
 * (a lost answer, a receipt that does not come, an abort) is `OutcomeUnknownError` carrying the
 * hash when known, never an error that invites paying again. A reverted receipt is
 * `TransactionRevertedError` with the hash.
 */
export async function broadcastH402Transfer(
  option: PaymentOption,
  env: EvmPaymentEnv,
  wallet: Extract<EvmWallet, { kind: 'client' }>,
  resource: string,
): Promise<PreparedPayment> {
  const { chainId, from, context } = env
  const { client, account } = wallet
  if (!account) throw new WalletNotConnectedError({ namespace: 'evm' })
  const reader = await env.reader.get(chainId)
  const call = transferCall(option)
  await assertCanAfford(reader, option, chainId, from, call)

  context.onStep?.('signing-message')
  const signedMessage = await wallet.signMessage(resource)
  context.signal?.throwIfAborted()

  context.onStep?.('broadcasting')
  let hash: Hash
  try {
    hash = await sendTransaction(client, {
      account,
      chain: chainFor(client, chainId),
      to: call.to,
      data: call.data,
      ...(option.asset.native ? { value: call.value } : {}),
    })
  } catch (error) {
    if (isTransportFailure(error))
      throw new OutcomeUnknownError({
        cause: error,
        details: 'The wallet may have broadcast the transaction, but its answer was lost.',
      })
    throw error
  }

  context.onStep?.('confirming')
  let receipt: TransactionReceipt
  try {
    receipt = await waitForReceipt(reader, {
      hash,
      timeout: env.receiptTimeout,
      pollingInterval: env.pollingInterval,
      signal: context.signal,
    })
  } catch (error) {
    throw new OutcomeUnknownError({
      transaction: hash,
      cause: error,
      details: `Transaction ${hash} was broadcast, but its receipt could not be read.`,
    })
  }
  if (receipt.status !== 'success') throw new TransactionRevertedError({ transaction: hash })
  return {
    kind: 'broadcast',
    payer: from,
    transaction: hash,
    payload: { type: 'signAndSendTransaction', signedMessage, transactionHash: hash },
  }
}

/**
 * The chain to send on. viem checks it against the wallet's before sending, which catches a
 * network switch made in the wallet after our own check. After a switch the client's `chain`
 * is stale, so a minimal chain is built from the network registry.
 */
function chainFor(client: AnyWalletClient, chainId: number): Chain {
  if (client.chain?.id === chainId) return client.chain
  const network = getNetworkByChainId(chainId)
  return defineChain({
    id: chainId,
    name: network?.name ?? `Chain ${chainId}`,
    nativeCurrency: network?.nativeCurrency ?? { name: 'Ether', symbol: 'ETH', decimals: 18 },
    rpcUrls: { default: { http: [] } },
  })
}
