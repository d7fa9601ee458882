import { useEffect, useState } from 'react'
import type { Eip6963ProviderInfo } from '../wallets/createDevEvmWallet.js'

/** EIP-1193 providers announced by EIP-6963 so far, as a dapp discovers them. */
export function useEip6963Providers(): Eip6963ProviderInfo[] {
  const [providers, setProviders] = useState<Eip6963ProviderInfo[]>([])
  useEffect(() => {
    const onAnnounce = (event: Event) => {
      const { info } = (event as CustomEvent<{ info: Eip6963ProviderInfo }>).detail
      // Wallets re-announce on every request: one entry per uuid.
      setProviders((known) => (known.some((p) => p.uuid === info.uuid) ? known : [...known, info]))
    }
    window.addEventListener('eip6963:announceProvider', onAnnounce)
    window.dispatchEvent(new Event('eip6963:requestProvider'))
    return () => window.removeEventListener('eip6963:announceProvider', onAnnounce)
  }, [])
  return providers
}
