import { getWallets } from '@wallet-standard/app'
import type { Wallet } from '@wallet-standard/base'
import { useEffect, useState } from 'react'

/** Wallets registered by the wallet standard so far (what wallet-adapter-react auto-detects). */
export function useStandardWallets(): readonly Wallet[] {
  const [wallets, setWallets] = useState<readonly Wallet[]>(() => getWallets().get())
  useEffect(() => {
    const api = getWallets()
    const update = () => setWallets(api.get())
    update()
    const offRegister = api.on('register', update)
    const offUnregister = api.on('unregister', update)
    return () => {
      offRegister()
      offUnregister()
    }
  }, [])
  return wallets
}
