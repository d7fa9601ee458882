'use client'
import { focusManager, type UseQueryResult, useQueries, useQuery } from '@tanstack/react-query'
import { useCallback, useEffect, useMemo, useRef, useSyncExternalStore } from 'react'
import { isH402Error } from '../core/errors/base.js'
import { NetworkRequestError } from '../core/errors/payment.js'
import { getToken } from '../core/networks/tokens.js'
import type { ParseOptions } from '../core/parsePaymentRequired.js'
import type { OptionFacts } from '../core/payer.js'
import type { PaymentPolicy } from '../core/policy/paymentPolicy.js'
import { type RankedOption, rankPaymentOptions } from '../core/policy/selectPaymentOption.js'
import { serverSnapshot } from '../core/session/initialState.js'
import type { PaymentSession } from '../core/session/paymentSession.js'
import type { PaymentEvent, PaymentSessionState } from '../core/session/types.js'
import type { PaymentOption, PaymentRequired } from '../core/types.js'
import { getBalanceQueryOptions } from './balanceQuery.js'
import { connectWallet } from './connectWallet.js'
import { getReceipt } from './getReceipt.js'
import { useH402Context } from './H402Context.js'
import { loadPaymentSession, usePaymentSessionClass } from './loadPaymentSession.js'
import { requestKey } from './requestKey.js'
import type {
  H402OptionView,
  H402Payment,
  H402Receipt,
  WalletConnection,
  WalletNamespace,
} from './types.js'
import type { WalletBridges } from './walletRegistry.js'

/** Parameters of {@link useH402Payment}. */
export interface UseH402PaymentParameters<TData = unknown> {
  /** The paywalled resource. */
  url: string | URL
  /** The request, as for `fetch`: its method, headers and body are kept for the paid retry. */
  init?: RequestInit
  /** What may be paid; default: the provider's. Without one, a person's click is the consent. */
  policy?: PaymentPolicy
  /** Fetch on mount. Default `true`. */
  enabled?: boolean
  /** The session's cache key. Default: method, URL, headers and text body. */
  key?: string
  /** A 402 already at hand (e.g. rendered on the server): its options show before the fetch. */
  paymentRequired?: PaymentRequired
  /** Reads the paid response's body (from a clone) into `data`. */
  parse?: (response: Response) => Promise<TData>
  /** Called on every status change, with timing. */
  onEvent?: (event: PaymentEvent) => void
}

/**
 * The state and actions of one paywalled request: fetch it, read its 402, rank the options with
 * the connected wallets' balances, pay the chosen one once, resubmit, and give back the paid
 * response with its receipt. A thin subscription to a `PaymentSession` kept by the provider, so
 * StrictMode, remounts and several components showing the same request share one payment.
 *
 * @example
 * const payment = useH402Payment({ url: '/api/report' })
 * if (payment.status === 'settled') return <Report response={payment.response} />
 * return <button onClick={payment.pay}>Pay</button>
 */
export function useH402Payment<TData = unknown>(
  parameters: UseH402PaymentParameters<TData>,
): H402Payment<TData> {
  const { sessions, wallets, queryClient, settings } = useH402Context()
  const { url, init, enabled = true, parse } = parameters
  const policy = parameters.policy ?? settings.policy
  const key = parameters.key ?? requestKey(url, init)

  const onEvent = useRef(parameters.onEvent)
  onEvent.current = parameters.onEvent
  // Read once, when the session is made; the key decides when a new one is needed.
  const create = (Session: typeof PaymentSession) => (dispatch: (event: PaymentEvent) => void) =>
    new Session({
      input: url,
      ...(init ? { init } : {}),
      ...(settings.fetch ? { fetch: settings.fetch } : {}),
      ...(policy ? { policy } : {}),
      ...(settings.parseOptions ? { parseOptions: settings.parseOptions } : {}),
      ...(settings.timeoutMs === undefined ? {} : { timeoutMs: settings.timeoutMs }),
      payers: () => wallets.payers(),
      connect: (namespace, options) => connectWallet(wallets, namespace, options?.signal),
      // Only the namespaces with a wallet bridge on this page (EVM: wagmi; Solana: opt-in).
      connectable: () => Object.keys(wallets.getSnapshot()),
      readBalances: 'always',
      getBalance: async (option) => {
        const bridge = wallets.getSnapshot()[option.network.namespace as WalletNamespace]
        if (!bridge?.payer?.getBalance || !bridge.address) return undefined
        return queryClient.fetchQuery(
          getBalanceQueryOptions({ option, address: bridge.address, payer: bridge.payer }),
        )
      },
      onEvent: dispatch,
    })
  // The engine's code follows the UI's (`loadPaymentSession`): until it is in, the state is idle.
  const engine = usePaymentSessionClass()
  const Session = engine && 'Session' in engine ? engine.Session : undefined
  const session = Session && sessions.get(key, create(Session))
  // biome-ignore lint/correctness/useExhaustiveDependencies: `create` is read once per key
  useEffect(() => {
    if (Session) return sessions.retain(key, create(Session), (event) => onEvent.current?.(event))
  }, [sessions, key, Session])
  // An action before the engine is in waits for it, then acts on the session as it would have.
  const withSession = (act: (session: PaymentSession) => Promise<void>): Promise<void> =>
    session
      ? act(session)
      : loadPaymentSession().then((Loaded) => act(sessions.get(key, create(Loaded))))

  const sessionState = useSyncExternalStore(
    session?.subscribe ?? subscribeToNothing,
    session?.getSnapshot ?? getPendingState,
    session?.getServerSnapshot ?? getPendingState,
  )
  const engineError = engine && 'error' in engine ? engine.error : undefined
  const unreachable = useMemo(
    () => (engineError === undefined ? undefined : failedToLoad(engineError)),
    [engineError],
  )
  const state = session ? sessionState : (unreachable ?? pendingState)
  const bridges = useSyncExternalStore(wallets.subscribe, wallets.getSnapshot, wallets.getSnapshot)

  useEffect(() => {
    if (enabled) void session?.start()
  }, [session, enabled])

  // A wallet connected, disconnected or switched account: rank again, read balances again.
  const connectedKey = Object.values(bridges)
    .map((bridge) => `${bridge?.namespace}:${bridge?.address ?? ''}:${bridge?.payer ? 1 : 0}`)
    .join('|')
  const firstRank = useRef(true)
  useEffect(() => {
    if (firstRank.current) {
      firstRank.current = false
      return
    }
    void connectedKey
    void session?.refresh()
  }, [session, connectedKey])

  // The paying wallet disconnected (locked, or the site's access revoked) while its prompt was
  // open: that prompt may never be answered, and the paywall would wait for it forever. End the
  // intent and start again: a late signature is dropped, never sent; a broadcast the wallet makes
  // anyway is still submitted (`PaymentSession.reset`).
  const payingNamespace = state.selected?.network.namespace as WalletNamespace | undefined
  const payingWallet = payingNamespace ? bridges[payingNamespace]?.status : undefined
  const waitingOnWallet = state.status === 'signing' || state.status === 'switching-network'
  useEffect(() => {
    if (!session || !waitingOnWallet || payingWallet !== 'disconnected') return
    if (session.reset() && enabled) void session.start()
  }, [session, waitingOnWallet, payingWallet, enabled])

  const paid = state.status === 'settled' && state.payment !== undefined
  useEffect(() => {
    if (paid) void queryClient.invalidateQueries({ queryKey: ['h402', 'balance'] })
  }, [paid, queryClient])

  // Back on the page (after adding funds elsewhere, say), balances are read again, as TanStack
  // Query refetches on window focus: "not enough" must not outlive the shortfall. Nothing observes
  // the balance queries, so the kit does it, unless the app turned focus refetching off.
  const choosing = state.status === 'payment-required' || state.status === 'selecting'
  useEffect(() => {
    if (!choosing || queryClient.getDefaultOptions().queries?.refetchOnWindowFocus === false) return
    return focusManager.subscribe((focused) => {
      if (focused) void queryClient.invalidateQueries({ queryKey: ['h402', 'balance'] })
    })
  }, [choosing, queryClient])

  // Balances are read with `fetchQuery`, so nothing observes them and invalidating them reads
  // nothing again by itself: on an invalidation (a payment made by another paywall, or the app's
  // own) the session ranks again with balances read anew. Several keys at once: one refresh.
  useEffect(() => {
    if (!session) return
    let scheduled = false
    return queryClient.getQueryCache().subscribe((event) => {
      if (event.type !== 'updated' || event.action.type !== 'invalidate') return
      const [scope, kind] = event.query.queryKey
      if (scope !== 'h402' || kind !== 'balance' || scheduled) return
      scheduled = true
      queueMicrotask(() => {
        scheduled = false
        void session.refresh()
      })
    })
  }, [queryClient, session])

  // Each component gets its own copy of the response, its body unread: a body reads only once,
  // and two paywalls showing the same request, or one mounted again after the payment, each read
  // it. The session's own copy is never read, so that it can be copied again.
  const ownResponse = useMemo(() => copyOf(state.response), [state.response])
  const response = state.status === 'settled' ? state.response : undefined
  const data = useQuery({
    queryKey: ['h402', 'data', key, state.since],
    queryFn: () => parse!(response!.clone()),
    enabled: parse !== undefined && response !== undefined,
    staleTime: Number.POSITIVE_INFINITY,
  })

  // What only the chain can tell about an option (an unknown token's decimals, a payee's missing
  // token account), read through the connected wallet's payer before the amount is shown.
  const facts = useQueries({
    queries: state.options.map(({ option }) => {
      const bridge = bridges[option.network.namespace as WalletNamespace]
      const payer = bridge?.payer
      return {
        queryKey: ['h402', 'option-facts', option.id, String(option.amount), bridge?.address ?? ''],
        queryFn: ({ signal }: { signal: AbortSignal }) =>
          payer!.describeOption!(option, { signal }),
        enabled: Boolean(payer?.describeOption && option.supported),
        staleTime: Number.POSITIVE_INFINITY,
        retry: false,
      }
    }),
  })
  const factsById = new Map(state.options.map((entry, index) => [entry.option.id, facts[index]]))

  const view = toView(
    state,
    bridges,
    parameters.paymentRequired,
    policy,
    factsById,
    settings.parseOptions,
  )

  const connect = useCallback(
    async (walletId: string) => {
      const bridge = Object.values(wallets.getSnapshot()).find((candidate) =>
        candidate?.wallets.some((wallet) => wallet.id === walletId),
      )
      if (bridge) await bridge.connect(walletId)
    },
    [wallets],
  )
  const disconnect = useCallback(
    async (namespace: WalletNamespace) => {
      await wallets.getSnapshot()[namespace]?.disconnect()
    },
    [wallets],
  )

  return {
    ...view,
    error: state.error,
    response: ownResponse,
    data: data.data,
    dataError: data.error ?? undefined,
    start: () => withSession((loaded) => loaded.start()),
    select: (optionId) => session?.select(optionId),
    connect,
    disconnect,
    pay: () => withSession((loaded) => loaded.pay()),
    retry: () => withSession((loaded) => loaded.retry()),
    check: () => withSession((loaded) => loaded.check()),
    reset: () => {
      // Without an engine (its code could not be fetched) this fetches it again; a session it
      // makes is started by the effect above.
      if (!session) return void loadPaymentSession().catch(() => {})
      session.reset()
      if (enabled) void session.start()
    },
    session,
  }
}

/** Before the engine is in, the state is the one the server renders: idle. */
const pendingState = serverSnapshot
const getPendingState = () => pendingState
const subscribeToNothing = () => () => {}

/** The engine's code could not be fetched (offline, say): a failure to retry, nothing signed. */
function failedToLoad(cause: unknown): PaymentSessionState {
  const error = new NetworkRequestError({
    cause,
    details: 'The payment code could not be loaded.',
  })
  return Object.freeze({ ...pendingState, status: 'failed', error })
}

/** A copy of `response` with its body unread; the response itself when its body was read already. */
function copyOf(response: Response | undefined): Response | undefined {
  if (!response || response.bodyUsed) return response
  return response.clone()
}

function toView(
  state: PaymentSessionState,
  bridges: WalletBridges,
  initial: PaymentRequired | undefined,
  policy: PaymentPolicy | undefined,
  facts: ReadonlyMap<string, UseQueryResult<OptionFacts> | undefined>,
  parseOptions: ParseOptions | undefined,
) {
  // Before the session has its own 402 (on the server, and while hydrating), a 402 given by the
  // app shows its price and options.
  const paymentRequired = state.paymentRequired ?? initial
  const ranked: readonly RankedOption[] =
    state.paymentRequired || !initial ? state.options : rankPaymentOptions(initial.options, policy)
  const view = (entry: RankedOption) =>
    toOptionView(entry, facts.get(entry.option.id), parseOptions)
  const options = ranked.map(view)
  const selected = state.selected
    ? (options.find((entry) => entry.option === state.selected) ??
      view({ option: state.selected, eligible: true, affordable: undefined }))
    : undefined
  const timeout = selected?.option.maxTimeoutSeconds
  const walletViews: Partial<Record<WalletNamespace, WalletConnection>> = {}
  for (const bridge of Object.values(bridges)) {
    if (!bridge) continue
    const { connect: _c, disconnect: _d, payer: _p, ...connection } = bridge
    walletViews[bridge.namespace] = connection
  }
  return {
    status: state.status,
    step: state.step,
    paymentRequired,
    options,
    selected,
    receipt: withDecimals(getReceipt(state), selected?.decimals),
    reconciliation: state.reconciliation,
    expiresAt:
      paymentRequired && timeout !== undefined
        ? paymentRequired.receivedAt + timeout * 1000
        : undefined,
    wallets: walletViews,
    wallet: selected
      ? walletViews[selected.option.network.namespace as WalletNamespace]
      : undefined,
  }
}

function toOptionView(
  entry: RankedOption,
  facts: UseQueryResult<OptionFacts> | undefined,
  parseOptions: ParseOptions | undefined,
): H402OptionView {
  const { option } = entry
  const decimals = option.asset.decimals ?? facts?.data?.decimals
  const view: H402OptionView = {
    ...entry,
    id: option.id,
    verified: isVerified(option, parseOptions),
    extraCosts: facts?.data?.extraCosts ?? [],
    ...(decimals === undefined ? {} : { decimals }),
  }
  // The chain contradicts the server (decimals), or a cost is not allowed: the payer would refuse.
  if (facts?.error && entry.eligible) {
    view.eligible = false
    view.reason = isH402Error(facts.error)
      ? (facts.error.details ?? facts.error.shortMessage)
      : String(facts.error)
  }
  return view
}

/** The registry's tokens and the app's own (`parseOptions.tokens`) are vouched for; others are not. */
function isVerified(option: PaymentOption, parseOptions: ParseOptions | undefined): boolean {
  return (
    option.asset.native ||
    getToken(option.network.id, option.asset.address, parseOptions) !== undefined
  )
}

/** The receipt shows the amount as the consent did: with the decimals read from the chain. */
function withDecimals(receipt: H402Receipt | undefined, decimals: number | undefined) {
  if (!receipt || decimals === undefined || receipt.asset.decimals !== undefined) return receipt
  return { ...receipt, asset: { ...receipt.asset, decimals } }
}
