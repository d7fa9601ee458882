let loading: Promise<typeof import('./wagmiPayer.js')> | undefined

/**
 * Loads `wagmiPayer` (with the EVM payer, its wallet-error classifier and the viem signing code
 * they bring) once, on the first wallet connection: the paywall renders, ranks and reads the 402
 * without it, so apps do not load it up front. A failed load (a network error) is forgotten, to
 * be tried again.
 */
export function loadWagmiPayer(): Promise<typeof import('./wagmiPayer.js')> {
  loading ??= import('./wagmiPayer.js').catch((error: unknown) => {
    loading = undefined
    throw error
  })
  return loading
}
