'use client'
import { WalletReadyState } from '@solana/wallet-adapter-base'
import { useConnection, useWallet } from '@solana/wallet-adapter-react'
import { Connection } from '@solana/web3.js'
import { useEffect, useMemo, useRef } from 'react'
import { WalletNotConnectedError } from '../core/errors/wallet.js'
import { solanaNetworkIds } from '../core/networks/solanaNetworkIds.js'
import { payerByNetwork } from '../core/payerByNetwork.js'
import { useH402Context } from '../react/H402Context.js'
import type { WalletBridge, WalletChoice } from '../react/types.js'
import { solanaPayer } from '../solana/solanaPayer.js'
import type { SolanaWallet } from '../solana/solanaSigner.js'
import { toH402Error } from '../solana/toH402Error.js'

/** Props of {@link SolanaWalletBridge}. */
export interface SolanaWalletBridgeProps {
  /** CAIP-2 ids of the network(s) the connection serves; default: asked from the RPC. */
  networks?: readonly string[]
  /**
   * An RPC endpoint per network (CAIP-2 id, or `'mainnet'`, `'devnet'`, `'testnet'`): to pay
   * on several clusters, since one connection serves one. Payments then go only through these.
   */
  endpoints?: Readonly<Record<string, string>>
}

interface Pending {
  name: string
  resolve: () => void
  reject: (error: unknown) => void
}

/**
 * Publishes the app's wallet-adapter wallet (wallet-standard wallets are found by the
 * `WalletProvider` itself) to the paywalls, with a payer reading through the app's `Connection`.
 */
export function SolanaWalletBridge({ networks, endpoints }: SolanaWalletBridgeProps) {
  const { wallets: registry } = useH402Context()
  const wallet = useWallet()
  const { connection } = useConnection()
  const pending = useRef<Pending | undefined>(undefined)

  // wallet-adapter connects the *selected* wallet: select first, connect once it is selected.
  const selectedName = wallet.wallet?.adapter.name
  useEffect(() => {
    const request = pending.current
    if (!request || selectedName !== request.name || wallet.connecting) return
    if (wallet.connected) {
      pending.current = undefined
      request.resolve()
      return
    }
    wallet.connect().then(
      () => {
        pending.current = undefined
        request.resolve()
      },
      (error: unknown) => {
        pending.current = undefined
        request.reject(toH402Error(error))
      },
    )
  }, [selectedName, wallet.connected, wallet.connecting, wallet.connect])

  const choices = useMemo<WalletChoice[]>(
    () =>
      wallet.wallets
        .filter((entry) => entry.readyState !== WalletReadyState.Unsupported)
        .map((entry) => ({
          id: entry.adapter.name,
          name: entry.adapter.name,
          ...(entry.adapter.icon ? { icon: entry.adapter.icon } : {}),
          namespace: 'solana' as const,
          installed: entry.readyState === WalletReadyState.Installed,
        }))
        .sort((a, b) => Number(b.installed) - Number(a.installed)),
    [wallet.wallets],
  )

  // wallet-adapter remakes its functions on every state change; the payer reads the latest ones.
  const latest = useRef(wallet)
  latest.current = wallet
  const address = wallet.publicKey?.toBase58()
  // By value: an inline `endpoints={{ … }}` is a new object on every render of the app, and each
  // new payer would open new connections and read the balances again.
  const endpointList = endpoints ? JSON.stringify(Object.entries(endpoints).sort()) : undefined
  // By value too: an inline `networks={[…]}` is a new array on every render.
  const networkList = networks ? JSON.stringify(networks) : undefined
  const payer = useMemo(() => {
    if (!address || !connection) return undefined
    const networkIds = networkList ? (JSON.parse(networkList) as string[]) : undefined
    const signer: SolanaWallet = {
      get publicKey() {
        return latest.current.publicKey
      },
      get signTransaction() {
        return latest.current.signTransaction
      },
      get sendTransaction() {
        return latest.current.sendTransaction
      },
      get wallet() {
        return latest.current.wallet
      },
    }
    if (!endpointList)
      return solanaPayer(signer, { connection, ...(networkIds ? { networks: networkIds } : {}) })
    return payerByNetwork(
      Object.fromEntries(
        (JSON.parse(endpointList) as [string, string][]).map(([network, url]) => {
          const id = toNetworkId(network)
          const perNetwork = new Connection(url, connection.commitment ?? 'confirmed')
          return [id, solanaPayer(signer, { connection: perNetwork, networks: [id] })]
        }),
      ),
    )
  }, [address, connection, networkList, endpointList])

  const bridge = useMemo<WalletBridge>(
    () => ({
      namespace: 'solana',
      status: wallet.connected ? 'connected' : wallet.connecting ? 'connecting' : 'disconnected',
      ...(address ? { address } : {}),
      ...(wallet.connected && selectedName ? { walletName: selectedName } : {}),
      wallets: choices,
      payer: wallet.connected ? payer : undefined,
      connect: (walletId: string) =>
        new Promise<void>((resolve, reject) => {
          const entry = wallet.wallets.find((candidate) => candidate.adapter.name === walletId)
          if (!entry) return reject(new WalletNotConnectedError({ namespace: 'solana' }))
          pending.current?.reject(new WalletNotConnectedError({ namespace: 'solana' }))
          pending.current = { name: walletId, resolve, reject }
          if (selectedName === walletId) {
            // Already selected: the effect above will not run again by itself.
            wallet.connect().then(resolve, (error: unknown) => reject(toH402Error(error)))
            pending.current = undefined
          } else wallet.select(entry.adapter.name)
        }),
      disconnect: () => wallet.disconnect().catch(() => undefined),
    }),
    [wallet, address, selectedName, choices, payer],
  )

  useEffect(() => {
    registry.set('solana', bridge)
  }, [registry, bridge])
  useEffect(() => () => registry.set('solana', undefined), [registry])
  return null
}

/** A CAIP-2 id as given, or the one a cluster name (`mainnet`, `devnet`, `testnet`) stands for. */
function toNetworkId(network: string): string {
  if (network.includes(':')) return network
  if (Object.hasOwn(solanaNetworkIds, network))
    return solanaNetworkIds[network as keyof typeof solanaNetworkIds]
  throw new Error(`@h402/paywall: unknown Solana network "${network}" in \`endpoints\`.`)
}
