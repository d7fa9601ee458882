/**
 * A paywall with its own UI on `useH402Payment`: no component of the kit, only the hook's state
 * and actions. What docs/Hook API shows.
 */
import { formatAmount } from '../../src/core/amount/formatAmount.js'
import { useH402Payment } from '../../src/react/index.js'

interface Delivered {
  paid?: boolean
  route?: string
}

export function HeadlessPaywall({ url }: { url: string }) {
  const payment = useH402Payment({
    url,
    parse: (response) => response.json() as Promise<Delivered>,
  })
  const { status, options, selected, wallet, receipt, error, data } = payment
  const price = (view: (typeof options)[number]) =>
    view.decimals === undefined
      ? `${view.option.amount} base units`
      : `${formatAmount(view.option.amount, view.decimals)} ${view.option.asset.symbol ?? 'tokens'}`

  if (status === 'settled')
    return (
      <section aria-label="Receipt" className="max-w-md rounded-xl bg-emerald-50 p-4 text-sm">
        <p className="font-semibold text-emerald-900">Unlocked.</p>
        <p className="break-all text-emerald-900">
          Transaction <code>{receipt?.transaction}</code>
        </p>
        <p className="text-emerald-900">Server says paid: {String(data?.paid)}</p>
      </section>
    )

  return (
    <section
      aria-label="Custom paywall"
      className="max-w-md space-y-3 rounded-xl border border-slate-300 bg-white p-4 text-sm text-slate-900"
    >
      <p className="font-semibold">Status: {status}</p>
      <fieldset className="space-y-1">
        <legend className="font-medium">Price</legend>
        {options.map((view) => (
          <label key={view.id} className="flex items-center gap-2">
            <input
              type="radio"
              name="headless-option"
              checked={selected?.id === view.id}
              disabled={!view.eligible}
              onChange={() => payment.select(view.id)}
            />
            {price(view)} on {view.option.network.name}
          </label>
        ))}
      </fieldset>
      {wallet?.status === 'connected' ? (
        <p>
          Wallet <code>{wallet.address}</code>
        </p>
      ) : (
        <div className="flex flex-wrap gap-2">
          {wallet?.wallets.map((choice) => (
            <button
              key={choice.id}
              type="button"
              className="rounded-md border border-slate-400 px-3 py-1"
              onClick={() => {
                payment.connect(choice.id).catch(() => {})
              }}
            >
              Use {choice.name}
            </button>
          ))}
        </div>
      )}
      <button
        type="button"
        className="rounded-md bg-slate-900 px-4 py-2 font-semibold text-white disabled:opacity-60"
        disabled={!selected?.eligible || wallet?.status !== 'connected' || status === 'signing'}
        onClick={() => {
          payment.pay().catch(() => {})
        }}
      >
        Unlock{selected ? ` for ${price(selected)}` : ''}
      </button>
      {error ? (
        <p role="alert" className="text-red-800">
          {error.shortMessage}
        </p>
      ) : null}
    </section>
  )
}
