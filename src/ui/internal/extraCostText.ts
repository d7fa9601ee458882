import type { ExtraCost } from '../../core/payer.js'
import type { H402PaywallContextValue } from '../H402PaywallContext.js'

/** "Also paid: 0.00203928 SOL, rent of the payee's token account", in the person's language. */
export function extraCostText(context: H402PaywallContextValue, cost: ExtraCost): string {
  const { t, formatAmount } = context
  const { amount, token } = formatAmount(cost.amount, {
    address: '',
    symbol: cost.asset.symbol,
    decimals: cost.asset.decimals,
    native: true,
  })
  const what = cost.kind === 'account-rent' ? t('cost.account-rent') : cost.description
  return t('consent.extraCost', { amount, token, what })
}
