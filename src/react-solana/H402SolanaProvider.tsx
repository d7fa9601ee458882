'use client'
import type { Adapter } from '@solana/wallet-adapter-base'
import { ConnectionContext, ConnectionProvider, WalletProvider } from '@solana/wallet-adapter-react'
import type { ConnectionConfig } from '@solana/web3.js'
import { type ReactNode, useContext } from 'react'
import { SolanaWalletBridge } from './SolanaWalletBridge.js'

/** Props of {@link H402SolanaProvider}. */
export interface H402SolanaProviderProps {
  /**
   * The Solana RPC, used only when the app has no wallet-adapter `ConnectionProvider` of its own.
   * Use your own endpoint: public ones throttle, and the kit never picks one for you.
   */
  endpoint?: string
  /**
   * An RPC endpoint per network, to pay on more than one cluster (one connection serves one):
   * keys are CAIP-2 ids or cluster names, e.g. `{ mainnet: 'https://…', devnet: 'https://…' }`.
   * Payments and balances then go through these only; an option on another cluster is shown as
   * not payable, with the reason. Without an app `ConnectionProvider` or `endpoint`, the first one
   * is also the wallet-adapter connection.
   */
  endpoints?: Readonly<Record<string, string>>
  /**
   * Options of that connection (default: `confirmed` commitment). Keep the object stable (a
   * constant or `useMemo`): a new one makes a new connection, as in wallet-adapter.
   */
  connectionConfig?: ConnectionConfig
  /**
   * Wallet adapters for that default `WalletProvider` (wallet-standard wallets are found without
   * any). Default: none.
   */
  wallets?: Adapter[]
  /** Reconnect the last wallet on load. Default `true`. */
  autoConnect?: boolean
  /** CAIP-2 ids of the network(s) the RPC serves; default: asked from the RPC. */
  networks?: readonly string[]
  children?: ReactNode
}

/**
 * Adds Solana wallets to the paywalls under an `H402Provider`. Reuses the app's wallet-adapter
 * `ConnectionProvider` and `WalletProvider` when it has them, and creates them from `endpoint`
 * only when it has none. Lives in its own entry (`@h402/paywall/react-solana`) so an EVM-only
 * app ships no Solana code.
 *
 * @example
 * <H402Provider config={config}>
 *   <H402SolanaProvider endpoint="https://my-rpc.example">
 *     <H402Paywall url="/api/report" />
 *   </H402SolanaProvider>
 * </H402Provider>
 */
export function H402SolanaProvider({
  endpoint,
  endpoints,
  connectionConfig,
  wallets,
  autoConnect = true,
  networks,
  children,
}: H402SolanaProviderProps) {
  // ConnectionContext's default value has no `connection`: there is no provider above.
  const appConnection = useContext(ConnectionContext).connection
  const bridge = (
    <SolanaWalletBridge {...(networks ? { networks } : {})} {...(endpoints ? { endpoints } : {})} />
  )
  if (appConnection)
    return (
      <>
        {bridge}
        {children}
      </>
    )
  const url = endpoint ?? (endpoints ? Object.values(endpoints)[0] : undefined)
  if (!url)
    throw new Error(
      '@h402/paywall: H402SolanaProvider needs an `endpoint` (or `endpoints`) when the app has no ConnectionProvider.',
    )
  return (
    <ConnectionProvider endpoint={url} config={connectionConfig ?? defaultConnectionConfig}>
      <WalletProvider wallets={wallets ?? emptyWallets} autoConnect={autoConnect}>
        {bridge}
        {children}
      </WalletProvider>
    </ConnectionProvider>
  )
}

const emptyWallets: Adapter[] = []
// wallet-adapter's own default is a new object on every render, so each render of the app made a
// new Connection, and with it a new payer that read the balances again.
const defaultConnectionConfig: ConnectionConfig = { commitment: 'confirmed' }
