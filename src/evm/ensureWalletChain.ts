import type { Chain } from 'viem'
import { addChain, getChainId, switchChain } from 'viem/actions'
import { walk } from '../core/errors/base.js'
import { UserRejectedError, WrongNetworkError } from '../core/errors/wallet.js'
import { getNetworkByChainId } from '../core/networks/getNetwork.js'
import type { PaymentStep } from '../core/payer.js'
import type { AnyWalletClient } from './toEvmWallet.js'
import { isUserRejection } from './toH402Error.js'

/** How to bring a wallet onto the payment's chain. */
export interface EnsureWalletChainOptions {
  /** Ask the wallet to switch (default) or refuse with `WrongNetworkError`. */
  switchChain?: boolean
  /** Chains the wallet may be asked to add (EIP-3085) when it does not know the one needed. */
  chains?: readonly Chain[]
  /** Reports `'switching-network'` before the wallet prompt. */
  onStep?: ((step: PaymentStep) => void) | undefined
}

/**
 * Makes sure the wallet is on `chainId` before anything is signed: typed data carries the chain
 * id, and wallets refuse or mis-sign on another chain (wagmi#3455, #3840). A switch request can
 * succeed without switching (MicroAI-Paygate#166), so the chain is read again afterwards.
 */
export async function ensureWalletChain(
  client: AnyWalletClient,
  chainId: number,
  options: EnsureWalletChainOptions = {},
): Promise<void> {
  const expected = chainName(chainId)
  const current = await getChainId(client)
  if (current === chainId) return
  if (options.switchChain === false)
    throw new WrongNetworkError({ expected, actual: chainName(current) })

  options.onStep?.('switching-network')
  try {
    await switchChain(client, { id: chainId })
  } catch (error) {
    if (isUserRejection(error)) throw new UserRejectedError({ cause: error })
    const chain = options.chains?.find((known) => known.id === chainId)
    if (!chain || !isUnknownChain(error))
      throw new WrongNetworkError({ expected, actual: chainName(current), cause: error })
    try {
      await addChain(client, { chain })
      await switchChain(client, { id: chainId })
    } catch (addError) {
      if (isUserRejection(addError)) throw new UserRejectedError({ cause: addError })
      throw new WrongNetworkError({ expected, actual: chainName(current), cause: addError })
    }
  }

  const after = await getChainId(client)
  if (after !== chainId) throw new WrongNetworkError({ expected, actual: chainName(after) })
}

function chainName(chainId: number): string {
  return getNetworkByChainId(chainId)?.name ?? `chain ${chainId}`
}

/**
 * EIP-1193 `4902`: the wallet does not know the chain. MetaMask Mobile nests it in
 * `data.originalError` of a `-32603`.
 */
function isUnknownChain(error: unknown): boolean {
  return (
    walk(error, (e) => {
      const candidate = e as { code?: unknown; data?: { originalError?: { code?: unknown } } }
      return candidate?.code === 4902 || candidate?.data?.originalError?.code === 4902
    }) !== null
  )
}
