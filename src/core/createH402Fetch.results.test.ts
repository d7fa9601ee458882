import { expect, test } from 'vitest'
import { mockPayer } from '../testing/mockPayer.js'
import { mockServer } from '../testing/mockServer.js'
import { createH402Fetch, getPaymentResult } from './createH402Fetch.js'
import { stablecoinCaps } from './policy/paymentPolicy.js'

const url = 'https://shop.example/article'
const policy = { caps: stablecoinCaps('1') }

/** A fetch that answers the paid request with `paid(response)` of the mock server's answer. */
function serving(paid: (response: Response) => Response): typeof fetch {
  const server = mockServer()
  return async (input, init) => {
    const response = await server.fetch(input, init)
    return response.status === 402 ? response : paid(response)
  }
}

test('a paid response carries its payment, and a fresh one of the same fetch carries its own', async () => {
  const pay = createH402Fetch({ evm: mockPayer(), policy, fetch: mockServer().fetch })
  const first = await pay(url)
  const second = await pay(url)
  expect(getPaymentResult(first)?.state.response).toBe(first)
  expect(getPaymentResult(second)?.state.response).toBe(second)
  expect(getPaymentResult(first)).not.toBe(getPaymentResult(second))
  // Kept on the response under a symbol, out of sight (a WeakMap entry whose value holds its key
  // kept every paid response and its session until a full collection).
  expect(Object.keys(first)).toEqual([])
  expect(Object.getOwnPropertySymbols(first).map(String)).toContain('Symbol(h402.paymentResult)')
})

test('a fetch that hands back the same response object twice: the result is the latest payment', async () => {
  let kept: Response | undefined
  const pay = createH402Fetch({
    evm: mockPayer(),
    policy,
    fetch: serving((response) => (kept ??= response)),
  })
  const first = await pay(url)
  const firstResult = getPaymentResult(first)
  const second = await pay(url)
  expect(second).toBe(first)
  expect(getPaymentResult(second)).not.toBe(firstResult)
  expect(getPaymentResult(second)?.state.response).toBe(second)
})

test('a response that takes no property (frozen) still has its result', async () => {
  const pay = createH402Fetch({
    evm: mockPayer(),
    policy,
    fetch: serving((response) => Object.freeze(response)),
  })
  const response = await pay(url)
  expect(Object.isExtensible(response)).toBe(false)
  expect(getPaymentResult(response)?.option.protocol).toBe('x402-v2')
  expect(getPaymentResult(response)?.state.response).toBe(response)
})
