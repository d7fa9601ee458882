import { describe, expect, test } from 'vitest'
import { encodeBase64Json } from './codec/base64Json.js'
import { decodeSettlement } from './decodeSettlement.js'
import type { NetworkInfo } from './networks/networks.js'

// An app's own network (NetworkLookupOptions.networks) may have no block explorer: its
// settlements then carry no link, and no `explorerUrl` key either, so that an app spreading a
// settlement over its own defaults (`{ explorerUrl: ownExplorer, ...settlement }`) keeps its link.

const devnet: NetworkInfo = {
  id: 'eip155:31337',
  namespace: 'evm',
  chainId: 31337,
  name: 'Local devnet',
  testnet: true,
  x402Names: ['local-devnet'],
  nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
}
const hash = `0x${'ab'.repeat(32)}`

function paid(body: unknown): Response {
  return new Response('ok', { headers: { 'PAYMENT-RESPONSE': encodeBase64Json(body) } })
}

describe('decodeSettlement: a network without an explorer', () => {
  test('gives no explorerUrl, not even an undefined one', () => {
    const settlement = decodeSettlement(
      paid({ success: true, transaction: hash, network: 'eip155:31337' }),
      { networks: [devnet] },
    )
    expect(settlement).toMatchObject({ success: true, transaction: hash, network: 'eip155:31337' })
    expect(Object.keys(settlement ?? {})).not.toContain('explorerUrl')
    const ownLink = 'http://localhost:8545/tx'
    expect({ explorerUrl: ownLink, ...settlement }.explorerUrl).toBe(ownLink)
  })

  test('the same network with an explorer does link (the test above is not vacuous)', () => {
    const settlement = decodeSettlement(
      paid({ success: true, transaction: hash, network: 'local-devnet' }),
      { networks: [{ ...devnet, explorer: 'https://scan.example' }] },
    )
    expect(settlement?.explorerUrl).toBe(`https://scan.example/tx/${hash}`)
    expect(settlement?.network).toBe('eip155:31337')
  })
})
