// Renders of a component on `useH402Payment` per status transition of its session, for
// `npm run bench`: a paywall should re-render about once per thing a person can see change.
import { QueryClient } from '@tanstack/react-query'
import { JSDOM } from 'jsdom'
import { act, useEffect } from 'react'
import type { H402Payment, WalletBridge } from '../dist/index.js'

const { window } = new JSDOM('<!doctype html><div id="root"></div>')
Object.assign(globalThis, {
  window,
  document: window.document,
  navigator: window.navigator,
  IS_REACT_ACT_ENVIRONMENT: true,
})
const { createRoot } = await import('react-dom/client')
const { H402Provider, useH402Context, useH402Payment } = await import('../dist/index.js')
const { mockPayer, mockServer } = await import('../dist/testing/index.js')

const server = mockServer()
const bridge: WalletBridge = {
  namespace: 'evm',
  status: 'connected',
  address: '0x0000000000000000000000000000000000000001',
  wallets: [],
  payer: mockPayer({ balance: 10n ** 9n }),
  connect: async () => {},
  disconnect: async () => {},
}
const count = { renders: 0, transitions: 0 }
let payment: H402Payment | undefined

/** A connected mock wallet, published as the EVM bridge would. */
function MockWallet() {
  const { wallets } = useH402Context()
  useEffect(() => wallets.set('evm', bridge), [wallets])
  return null
}

function Counted() {
  count.renders++
  payment = useH402Payment({
    url: 'https://api.example/report',
    onEvent: () => {
      count.transitions++
    },
  })
  return <p>{payment.status}</p>
}

/** Pays one mock 402 with a mock wallet and counts renders and status transitions. */
export async function rendersPerTransition(): Promise<{ renders: number; transitions: number }> {
  const root = createRoot(window.document.getElementById('root')!)
  await act(async () => {
    root.render(
      <H402Provider config={{ fetch: server.fetch, queryClient: new QueryClient() }}>
        <MockWallet />
        <Counted />
      </H402Provider>,
    )
  })
  for (let i = 0; i < 50 && payment?.selected === undefined; i++)
    await act(() => new Promise((resolve) => setTimeout(resolve, 10)))
  await act(async () => {
    await payment!.pay()
  })
  if (payment?.status !== 'settled') throw new Error(`bench: the payment ended ${payment?.status}`)
  await act(async () => root.unmount())
  return { ...count }
}
