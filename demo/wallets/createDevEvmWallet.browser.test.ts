import { createPublicClient, http, parseEther, verifyTypedData } from 'viem'
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts'
import { describe, expect, inject, it } from 'vitest'
import { createConfig } from 'wagmi'
import { connect, sendTransaction, signTypedData, switchChain } from 'wagmi/actions'
import { devnetEvmChain } from '../devnet/devnetEvmChain.js'
import { announceEip6963Provider } from './announceEip6963Provider.js'
import { createDevEvmWallet } from './createDevEvmWallet.js'
import { DEV_WALLET_NAME, DEV_WALLET_RDNS } from './devWalletIcon.js'

const devnet = inject('devnet')
const chain = devnetEvmChain(devnet)
// The last dev account: stories use the first ones, so nonces and balances do not interfere.
const devAccount = devnet.evm.devAccounts.at(-1)!

const typedData = {
  domain: { name: 'Dev wallet test', version: '1', chainId: devnet.evm.chainId },
  types: {
    Greeting: [
      { name: 'text', type: 'string' },
      { name: 'amount', type: 'uint256' },
    ],
  },
  primaryType: 'Greeting',
  message: { text: 'hello devnet', amount: 10_000n },
} as const

describe('createDevEvmWallet in Chromium', () => {
  it('is discovered by wagmi through EIP-6963, signs typed data and sends a real transaction', async () => {
    const wallet = createDevEvmWallet({
      rpcUrl: devnet.evm.rpcUrl,
      chainId: devnet.evm.chainId,
      privateKey: devAccount.privateKey,
    })
    const stopAnnouncing = announceEip6963Provider(wallet)
    try {
      // wagmi's multiInjectedProviderDiscovery asks for providers when the config is created.
      const config = createConfig({ chains: [chain], transports: { [chain.id]: http() } })
      const connector = config.connectors.find((c) => c.id === DEV_WALLET_RDNS)
      expect(connector?.name).toBe(DEV_WALLET_NAME)
      expect(connector?.icon).toMatch(/^data:image\/svg\+xml;base64,/)

      const { accounts } = await connect(config, { connector: connector! })
      expect(accounts).toEqual([devAccount.address])

      const signature = await signTypedData(config, typedData)
      expect(await verifyTypedData({ ...typedData, address: devAccount.address, signature })).toBe(
        true,
      )

      const recipient = privateKeyToAccount(generatePrivateKey()).address
      const hash = await sendTransaction(config, { to: recipient, value: parseEther('0.25') })
      const client = createPublicClient({ chain, transport: http(), pollingInterval: 50 })
      const receipt = await client.waitForTransactionReceipt({ hash })
      expect(receipt.status).toBe('success')
      expect(receipt.from.toLowerCase()).toBe(devAccount.address.toLowerCase())
      expect(await client.getBalance({ address: recipient })).toBe(parseEther('0.25'))
    } finally {
      stopAnnouncing()
    }
  })

  it('answers with EIP-1193 codes: 4100 before connecting, 4001 when the user rejects, 4902 for unknown chains', async () => {
    let approve = true
    const wallet = createDevEvmWallet({
      rpcUrl: devnet.evm.rpcUrl,
      chainId: devnet.evm.chainId,
      privateKey: devAccount.privateKey,
      approve: () => approve,
    })
    const { provider } = wallet
    await expect(
      provider.request({ method: 'personal_sign', params: ['0x68656c6c6f', devAccount.address] }),
    ).rejects.toMatchObject({ code: 4100 })
    approve = false
    await expect(provider.request({ method: 'eth_requestAccounts' })).rejects.toMatchObject({
      code: 4001,
    })
    approve = true
    const changes: unknown[] = []
    provider.on('accountsChanged', (accounts) => changes.push(accounts))
    expect(await provider.request({ method: 'eth_requestAccounts' })).toEqual([devAccount.address])
    approve = false
    await expect(
      provider.request({ method: 'personal_sign', params: ['0x68656c6c6f', devAccount.address] }),
    ).rejects.toMatchObject({ code: 4001 })
    await expect(
      provider.request({ method: 'wallet_switchEthereumChain', params: [{ chainId: '0x1' }] }),
    ).rejects.toMatchObject({ code: 4902 })
    // Signing methods are never forwarded to the node, which would sign with its own accounts.
    await expect(
      provider.request({ method: 'eth_sign', params: [devAccount.address, '0x00'] }),
    ).rejects.toMatchObject({ code: 4200 })
    wallet.lock()
    expect(changes).toEqual([[devAccount.address], []])
    // Reads go to the devnet.
    expect(await provider.request({ method: 'eth_blockNumber' })).toMatch(/^0x/)
  })

  it('starts on another chain when asked and switches to the devnet through wagmi', async () => {
    const wallet = createDevEvmWallet({
      rpcUrl: devnet.evm.rpcUrl,
      chainId: devnet.evm.chainId,
      privateKey: devAccount.privateKey,
      initialChainId: 1,
      rdns: 'dev.h402.devwallet.wrongchain',
      name: 'h402 Dev Wallet (wrong chain)',
    })
    const stopAnnouncing = announceEip6963Provider(wallet)
    try {
      const config = createConfig({ chains: [chain], transports: { [chain.id]: http() } })
      const connector = config.connectors.find((c) => c.id === 'dev.h402.devwallet.wrongchain')!
      const connected = await connect(config, { connector })
      expect(connected.chainId).toBe(1)
      const switched = await switchChain(config, { chainId: chain.id })
      expect(switched.id).toBe(chain.id)
      expect(await wallet.provider.request({ method: 'eth_chainId' })).toBe(
        `0x${chain.id.toString(16)}`,
      )
    } finally {
      stopAnnouncing()
    }
  })
})
