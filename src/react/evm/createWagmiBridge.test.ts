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
