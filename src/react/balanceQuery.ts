import type { Payer } from '../core/payer.js'
import type { PaymentOption } from '../core/types.js'

/** What a balance is read for. */
export interface BalanceQueryParameters {
  option: PaymentOption
  /** The paying address (part of the key, so another account reads again). */
  address: string
  payer: Payer
}

/**
 * The TanStack Query key of a balance: by network, asset and address, so every option (and every
 * paywall) paying the same token from the same account shares one read. Invalidate
 * `['h402', 'balance']` to read every balance again.
 */
export function getBalanceQueryKey({ option, address }: Omit<BalanceQueryParameters, 'payer'>) {
  return [
    'h402',
    'balance',
    { network: option.network.id, asset: option.asset.address, address },
  ] as const
}

/** Query options reading a balance through the payer of the connected wallet (the app's own RPC). */
export function getBalanceQueryOptions(parameters: BalanceQueryParameters) {
  return {
    queryKey: getBalanceQueryKey(parameters),
    queryFn: () => parameters.payer.getBalance!(parameters.option),
    staleTime: 15_000,
    retry: false,
  } as const
}
