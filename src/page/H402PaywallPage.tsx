'use client'
import { useEffect, useRef, useState } from 'react'
import { H402Paywall, type H402PaywallProps } from '../ui/H402Paywall.js'
import { type InjectedPaywall, readInjectedPaywall } from './readInjectedPaywall.js'
import { showPaidResponse } from './showPaidResponse.js'

/** Props of {@link H402PaywallPage}. */
export interface H402PaywallPageProps
  extends Omit<H402PaywallProps, 'url' | 'paymentRequired' | 'children' | 'variant'> {
  /** The paywalled resource. Default: the page's own URL (the page is that resource's 402). */
  url?: string
  /**
   * Where the server put the requirements. Default: `window` (`window.x402`, `window.h402`).
   * Read once, on mount.
   */
  injected?: { x402?: unknown; h402?: unknown }
  /**
   * What to do with the paid response. Default {@link showPaidResponse}: an HTML page replaces
   * this one; anything else opens as a file.
   */
  onPaid?: (response: Response) => void | Promise<void>
}

type Loaded = { injected: InjectedPaywall | undefined; url: string }

/**
 * The drop-in page for a server's paywall route: the HTML a server answers a browser's visit to a
 * paywalled URL with. It shows the requirements the server injected (`window.x402` of x402 v1 and
 * v2, `window.h402` of h402) at once, reads the authoritative 402 from the page's own URL, pays it
 * with the person's wallet, and shows what was bought in place of the page. Render it under an
 * `H402Provider` (and `H402SolanaProvider` for Solana), like any paywall.
 *
 * @example
 * createRoot(document.getElementById('root')!).render(
 *   <H402Provider config={{ chains: [base], rpcUrls: { [base.id]: 'https://…' } }}>
 *     <H402PaywallPage />
 *   </H402Provider>,
 * )
 */
export function H402PaywallPage({ url, injected, onPaid, ...props }: H402PaywallPageProps) {
  const [loaded, setLoaded] = useState<Loaded>()
  const scope = useRef(injected)
  useEffect(() => {
    let live = true
    void readInjectedPaywall(scope.current ?? window).then((read) => {
      if (live) setLoaded({ injected: read, url: url ?? window.location.href })
    })
    return () => {
      live = false
    }
  }, [url])

  const { appName, appLogo, paymentRequired } = loaded?.injected ?? {}
  return (
    <main className="h402-root h402-page" aria-busy={loaded ? undefined : true}>
      {(appName || appLogo) && (
        <header className="h402-page-header">
          {appLogo && <img className="h402-page-logo" src={appLogo} alt="" />}
          {appName && <h1 className="h402-page-title">{appName}</h1>}
        </header>
      )}
      {loaded && (
        <H402Paywall {...props} url={loaded.url} {...(paymentRequired ? { paymentRequired } : {})}>
          {(response) => <ShowPaid response={response} onPaid={onPaid ?? showPaidResponse} />}
        </H402Paywall>
      )}
    </main>
  )
}

// Each paid response is shown once: StrictMode runs effects twice, and a body reads only once.
const shown = new WeakSet<Response>()

function ShowPaid({
  response,
  onPaid,
}: {
  response: Response
  onPaid: (response: Response) => void | Promise<void>
}) {
  useEffect(() => {
    if (shown.has(response)) return
    shown.add(response)
    void onPaid(response)
  }, [response, onPaid])
  return null
}
