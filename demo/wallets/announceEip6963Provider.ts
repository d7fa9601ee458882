import type { DevEip1193Provider, Eip6963ProviderInfo } from './createDevEvmWallet.js'

/**
 * Announces a provider by EIP-6963: one `eip6963:announceProvider` now, and one more on every
 * `eip6963:requestProvider` (which wagmi's and other dapps' discovery dispatch when they start).
 * Returns a function that stops answering requests (already-discovered copies stay discovered).
 */
export function announceEip6963Provider(wallet: {
  info: Eip6963ProviderInfo
  provider: DevEip1193Provider
}): () => void {
  // EIP-6963 asks for a frozen detail, so that one dapp cannot alter what another receives.
  const detail = Object.freeze({
    info: Object.freeze({ ...wallet.info }),
    provider: wallet.provider,
  })
  const announce = () =>
    window.dispatchEvent(new CustomEvent('eip6963:announceProvider', { detail }))
  window.addEventListener('eip6963:requestProvider', announce)
  announce()
  return () => window.removeEventListener('eip6963:requestProvider', announce)
}
