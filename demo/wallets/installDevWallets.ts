import { registerWallet } from '@wallet-standard/wallet'
import type { DevnetInfo } from '../devnet/devnetInfo.js'
import { announceEip6963Provider } from './announceEip6963Provider.js'
import { createDevEvmWallet, type DevEvmWallet } from './createDevEvmWallet.js'
import { createDevSolanaWallet, type DevSolanaWallet } from './createDevSolanaWallet.js'

/** Both development wallets of a page. */
export interface DevWallets {
  evm: DevEvmWallet
  solana: DevSolanaWallet
}

const installed = new Map<string, DevWallets>()

/**
 * Creates the two development wallets for a devnet's first funded accounts and makes them
 * discoverable: the EVM one announced by EIP-6963, the Solana one registered as a wallet-standard
 * wallet. Idempotent per page and devnet, because a registered standard wallet cannot be
 * unregistered and a second one of the same name would shadow the first in wallet-adapter.
 */
export function installDevWallets(devnet: DevnetInfo, accountIndex = 0): DevWallets {
  const key = `${devnet.evm.rpcUrl} ${devnet.solana.rpcUrl} ${accountIndex}`
  const existing = installed.get(key)
  if (existing) return existing
  const evmAccount = devnet.evm.devAccounts[accountIndex]
  const solanaAccount = devnet.solana.devAccounts[accountIndex]
  if (!evmAccount || !solanaAccount)
    throw new Error(`The devnet has no dev account #${accountIndex}`)
  const wallets: DevWallets = {
    evm: createDevEvmWallet({
      rpcUrl: devnet.evm.rpcUrl,
      chainId: devnet.evm.chainId,
      privateKey: evmAccount.privateKey,
    }),
    solana: createDevSolanaWallet({
      rpcUrl: devnet.solana.rpcUrl,
      secretKey: solanaAccount.secretKey,
    }),
  }
  announceEip6963Provider(wallets.evm)
  registerWallet(wallets.solana)
  installed.set(key, wallets)
  return wallets
}
