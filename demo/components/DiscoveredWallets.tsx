import type { DevWallets } from '../wallets/installDevWallets.js'
import { useEip6963Providers } from './useEip6963Providers.js'
import { useStandardWallets } from './useStandardWallets.js'

export interface DiscoveredWalletsProps {
  /** The development wallets installed on this page, or none without a devnet. */
  devWallets?: DevWallets | undefined
}

/**
 * What a dapp on this page can discover: the EIP-6963 providers and the wallet-standard wallets,
 * with the funded addresses of the development wallets.
 */
export function DiscoveredWallets({ devWallets }: DiscoveredWalletsProps) {
  const providers = useEip6963Providers()
  const standardWallets = useStandardWallets()
  return (
    <div className="max-w-2xl space-y-6 font-sans text-slate-900">
      {!devWallets && (
        <p role="status" className="rounded border border-amber-400 bg-amber-50 p-3 text-sm">
          No devnet is running, so the development wallets are not installed. Run{' '}
          <code className="font-mono">npm start</code> and open this story from the URL it prints.
        </p>
      )}
      <section aria-labelledby="eip6963-heading">
        <h2 id="eip6963-heading" className="text-lg font-semibold">
          EVM wallets (EIP-6963)
        </h2>
        <ul className="mt-2 space-y-2">
          {providers.map((info) => (
            <li key={info.uuid} className="flex items-center gap-3 rounded border p-2">
              <img src={info.icon} alt="" width={40} height={40} />
              <div>
                <p className="font-medium">{info.name}</p>
                <p className="font-mono text-xs text-slate-700">{info.rdns}</p>
                {devWallets && info.rdns === devWallets.evm.info.rdns && (
                  <p className="font-mono text-xs text-slate-700">
                    devnet account {devWallets.evm.address}
                  </p>
                )}
              </div>
            </li>
          ))}
          {providers.length === 0 && <li className="text-sm text-slate-700">None announced.</li>}
        </ul>
      </section>
      <section aria-labelledby="standard-heading">
        <h2 id="standard-heading" className="text-lg font-semibold">
          Solana wallets (wallet standard)
        </h2>
        <ul className="mt-2 space-y-2">
          {standardWallets.map((wallet) => (
            <li key={wallet.name} className="flex items-center gap-3 rounded border p-2">
              <img src={wallet.icon} alt="" width={40} height={40} />
              <div>
                <p className="font-medium">{wallet.name}</p>
                <p className="font-mono text-xs text-slate-700">{wallet.chains.join(', ')}</p>
                {devWallets && wallet === devWallets.solana && (
                  <p className="font-mono text-xs text-slate-700">
                    devnet account {devWallets.solana.address}
                  </p>
                )}
              </div>
            </li>
          ))}
          {standardWallets.length === 0 && (
            <li className="text-sm text-slate-700">None registered.</li>
          )}
        </ul>
      </section>
    </div>
  )
}
