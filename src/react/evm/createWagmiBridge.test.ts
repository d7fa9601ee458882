import { expect, test } from 'vitest'
import { createConfig, http } from 'wagmi'
import { hardhat } from 'wagmi/chains'
import { injected, walletConnect } from 'wagmi/connectors'
import { UnsupportedWalletError, WalletNotConnectedError } from '../../core/errors/wallet.js'
import { createWagmiBridge } from './createWagmiBridge.js'

// This repository does not install @walletconnect/ethereum-provider, as an app that forgot it.
test('WalletConnect without its provider package: a typed refusal that says what to install', async () => {
  const config = createConfig({
    chains: [hardhat],
    connectors: [walletConnect({ projectId: 'h402-test-project', showQrModal: false })],
    transports: { [hardhat.id]: http('http://127.0.0.1:9') },
    multiInjectedProviderDiscovery: false,
  })
  const bridge = createWagmiBridge(config).getSnapshot()
  const choice = bridge.wallets.find((wallet) => wallet.name === 'WalletConnect')
  expect(choice).toBeDefined()
  const refusal = await bridge.connect(choice!.id).catch((error: unknown) => error)
  expect(refusal).toBeInstanceOf(UnsupportedWalletError)
  expect((refusal as UnsupportedWalletError).details).toBe(
    'WalletConnect is not set up: the app must install @walletconnect/ethereum-provider.',
  )
})

// Node has no window.ethereum, as a browser without a wallet extension.
test('a wallet that is not installed: "not connected", not a network failure', async () => {
  const config = createConfig({
    chains: [hardhat],
    connectors: [injected()],
    transports: { [hardhat.id]: http('http://127.0.0.1:9') },
    multiInjectedProviderDiscovery: false,
  })
  const bridge = createWagmiBridge(config).getSnapshot()
  const choice = bridge.wallets[0]
  expect(choice).toMatchObject({ installed: false })
  const refusal = await bridge.connect(choice!.id).catch((error: unknown) => error)
  expect(refusal).toBeInstanceOf(WalletNotConnectedError)
  expect(refusal).toMatchObject({ code: 'wallet_not_connected', userAction: 'reconnect' })
})

// The kit's own config (`ssr: true`) lists the browser's wallets in WagmiProvider's mount effect.
test('a config that lists its wallets on mount: "discovering" until its connectors first change', () => {
  const config = createConfig({
    chains: [hardhat],
    connectors: [injected()],
    transports: { [hardhat.id]: http('http://127.0.0.1:9') },
    multiInjectedProviderDiscovery: false,
    ssr: true,
  })
  const bridge = createWagmiBridge(config, { listsWalletsOnMount: true })
  const unsubscribe = bridge.subscribe(() => {})
  // Only the generic injected connector, not installed: what "No wallet found" would be shown for.
  expect(bridge.getSnapshot()).toMatchObject({ discovering: true, wallets: [{ installed: false }] })
  // What wagmi's mount does (hydrate.js), with or without wallets announced.
  config._internal.connectors.setState((connectors) => [...connectors])
  expect(bridge.getSnapshot().discovering).toBeUndefined()
  unsubscribe()

  // Any other config has listed its wallets when it was made.
  expect(createWagmiBridge(config).getSnapshot().discovering).toBeUndefined()
})
