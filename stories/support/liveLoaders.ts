import { type DevnetInfo, findDevnet } from '../../demo/devnet/devnetInfo.js'
import { type DevWallets, installDevWallets } from '../../demo/wallets/index.js'

/** What the live stories' loader gives them. */
export interface LiveLoaded {
  devnet: DevnetInfo | undefined
  devWallets: DevWallets | undefined
}

/**
 * Finds the devnet (none in a static build) and installs the development wallets for it. Every
 * story starts with both wallets disconnected from the page, as on a first visit: otherwise wagmi
 * would reconnect the EVM wallet the previous story authorised, as it does for a real wallet.
 */
export async function loadLive(): Promise<LiveLoaded> {
  const devnet = await findDevnet()
  if (!devnet) return { devnet, devWallets: undefined }
  const devWallets = installDevWallets(devnet)
  devWallets.evm.lock()
  await devWallets.solana.features['standard:disconnect'].disconnect()
  return { devnet, devWallets }
}
