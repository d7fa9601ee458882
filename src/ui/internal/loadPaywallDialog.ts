import type { PaywallDialog } from './PaywallDialog.js'

let loading: Promise<typeof PaywallDialog> | undefined

/**
 * Loads the modal's Radix dialog (its own chunk: Radix Dialog, focus trap, scroll lock) once.
 * A failed load (a network error) is forgotten, so that the next open tries again.
 */
export function loadPaywallDialog(): Promise<typeof PaywallDialog> {
  loading ??= import('./PaywallDialog.js').then(
    (module) => module.PaywallDialog,
    (error: unknown) => {
      loading = undefined
      throw error
    },
  )
  return loading
}
