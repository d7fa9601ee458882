import { type DevnetInfo, findDevnet } from '../../demo/devnet/devnetInfo.js'
import { type DevWallets, installDevWallets } from '../../demo/wallets/index.js'

/** What the live stories' loader gives them. */
export interface LiveLoaded {
  devnet: DevnetInfo | undefined
  devWallets: DevWallets | undefined
  /** True when MSW answers instead of a devnet (see mockDevnet.ts). */
  mocked: boolean
}

interface LoaderContext {
  args: { path?: string; url?: string }
  parameters: { h402Mock?: boolean }
}

/**
 * Finds the devnet and installs the development wallets for it. Every story starts with both
 * wallets disconnected from the page, as on a first visit: otherwise wagmi would reconnect the EVM
 * wallet the previous story authorised, as it does for a real wallet. Without a devnet (a static
 * build), or with `parameters.h402Mock`, a mocked route is answered by MSW (mockDevnet.ts).
 */
export async function loadLive(context: LoaderContext): Promise<LiveLoaded> {
  const found = await findDevnet()
  const devWallets = found ? installDevWallets(found) : undefined
  if (devWallets) {
    devWallets.evm.lock()
    await devWallets.solana.features['standard:disconnect'].disconnect()
  }
  if (found && !context.parameters.h402Mock) return { devnet: found, devWallets, mocked: false }
  const { MOCKED_PATHS, mockDevnetInfo, startMockDevnet } = await import('./mockDevnet.js')
  const path = context.args.path ?? context.args.url ?? ''
  if (!MOCKED_PATHS.includes(path))
    return { devnet: undefined, devWallets: undefined, mocked: false }
  await startMockDevnet()
  return { devnet: mockDevnetInfo(), devWallets: undefined, mocked: true }
}
