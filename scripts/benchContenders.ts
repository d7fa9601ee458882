// What `npm run bench` times against x402's own client (@x402/core, @x402/fetch, @x402/evm 2.27):
// the same 402s, an in-process server, and each contender by name, made where it runs (in its own
// worker: scripts/benchIsolated.ts). Read from dist/, as an app loads the kit.
import { x402Client, x402HTTPClient } from '@x402/core/client'
import { decodePaymentRequiredHeader } from '@x402/core/http'
import { ExactEvmScheme } from '@x402/evm/exact/client'
import { ExactEvmSchemeV1 } from '@x402/evm/exact/v1/client'
import { wrapFetchWithPayment } from '@x402/fetch'
import { getAddress, type Hex } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import {
  createH402Fetch,
  encodeBase64Json,
  parsePaymentRequired,
  stablecoinCaps,
} from '../dist/core/index.js'
import { evmPayer } from '../dist/evm/index.js'
// Data only: the EIP-3009 type the floor signs, as the payer does.
import { transferWithAuthorizationTypes } from '../src/evm/abis.js'
import { bundleInternals } from './bundleInternals.js'

// A throwaway key: it signs for a token on a test network and is never funded.
const account = privateKeyToAccount(
  `0x${'59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d'}`,
)
const USDC = '0x036CbD53842c5426634e7929541eC2318f3dCF7e'
const PAY_TO = '0x209693Bc6afc0C5328bA36FaF03C514EF312287C'
const RESOURCE = 'https://api.example.com/premium'

/** An x402 v2 402 as x402's middleware sends it: Base Sepolia USDC, 0.01 USDC. */
const v2Document = {
  x402Version: 2,
  error: 'Payment required',
  resource: { url: RESOURCE, description: 'Premium data', mimeType: 'application/json' },
  accepts: [
    {
      scheme: 'exact',
      network: 'eip155:84532',
      amount: '10000',
      asset: USDC,
      payTo: PAY_TO,
      maxTimeoutSeconds: 300,
      extra: { name: 'USDC', version: '2' },
    },
  ],
}

/** The same price as an x402 v1 body. */
const v1Document = {
  x402Version: 1,
  error: 'X-PAYMENT header is required',
  accepts: [
    {
      scheme: 'exact',
      network: 'base-sepolia',
      maxAmountRequired: '10000',
      resource: RESOURCE,
      description: 'Premium data',
      mimeType: 'application/json',
      payTo: PAY_TO,
      maxTimeoutSeconds: 300,
      asset: USDC,
      extra: { name: 'USDC', version: '2' },
    },
  ],
}

const v2Header = encodeBase64Json(v2Document)
const v1Body = JSON.stringify(v1Document)

const v2Response = () =>
  new Response('{}', {
    status: 402,
    headers: { 'content-type': 'application/json', 'PAYMENT-REQUIRED': v2Header },
  })
const v1Response = () =>
  new Response(v1Body, { status: 402, headers: { 'content-type': 'application/json' } })

/** x402's parse of a 402, step for step as `wrapFetchWithPayment` runs it. */
const x402Http = new x402HTTPClient(new x402Client())
async function x402Parse(response: Response): Promise<unknown> {
  let body: unknown
  const text = await response.text()
  if (text) body = JSON.parse(text)
  return x402Http.getPaymentRequiredResponse((name) => response.headers.get(name), body)
}

/**
 * An in-process server as a `fetch`: a 402 for a request without a payment header, else 200 with a
 * settlement header. Both clients see the same responses; no socket, no chain. It makes a Request
 * of its arguments whatever they are, as undici's `fetch` does: a client that passes a `Request`
 * gets no discount a real `fetch` would not give it.
 */
function inProcessServer(version: 1 | 2): typeof fetch {
  const settlement = encodeBase64Json({
    success: true,
    transaction: `0x${'ab'.repeat(32)}`,
    network: version === 2 ? 'eip155:84532' : 'base-sepolia',
    payer: account.address,
  })
  return async (input, init) => {
    const request = new Request(input, init)
    const paid = request.headers.get('PAYMENT-SIGNATURE') ?? request.headers.get('X-PAYMENT')
    if (paid === null) return version === 2 ? v2Response() : v1Response()
    return new Response('{"data":1}', {
      status: 200,
      headers: {
        'content-type': 'application/json',
        [version === 2 ? 'PAYMENT-RESPONSE' : 'X-PAYMENT-RESPONSE']: settlement,
      },
    })
  }
}

function oursFetch(version: 1 | 2): typeof fetch {
  return createH402Fetch({
    evm: evmPayer(account),
    policy: { caps: stablecoinCaps('0.10') },
    fetch: inProcessServer(version),
  })
}

function x402Fetch(version: 1 | 2): typeof fetch {
  const client = new x402Client()
  if (version === 2) client.register('eip155:*', new ExactEvmScheme(account))
  else client.registerV1('base-sepolia', new ExactEvmSchemeV1(account))
  return wrapFetchWithPayment(inProcessServer(version), client)
}

/** The floor: one EIP-3009 signature with viem, nothing else. */
function rawSign(): Promise<Hex> {
  const nonce =
    `0x${Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString('hex')}` as Hex
  const now = BigInt(Math.floor(Date.now() / 1000))
  return account.signTypedData({
    domain: { name: 'USDC', version: '2', chainId: 84532, verifyingContract: USDC },
    types: transferWithAuthorizationTypes,
    primaryType: 'TransferWithAuthorization',
    message: {
      from: account.address,
      to: getAddress(PAY_TO),
      value: 10000n,
      validAfter: now - 600n,
      validBefore: now + 300n,
      nonce,
    },
  })
}

/**
 * The contender called `name`, ready to call: `parse:<case>:<who>` (`ours`: parsePaymentRequired,
 * `engine`: the engine's own read, `x402`, `x402Clone`, `decode`), `pay:<1|2>:<who>` (`ours`,
 * `x402`, `floor`: a raw signature). A paid flow's contender has paid once before it is given.
 * A name may end in `#` and anything, which is ignored.
 */
export async function contender(name: string): Promise<() => unknown> {
  // `#…` tells two contenders of the same code apart (to see the method's own spread).
  const [kind, which, who] = name.replace(/#.*/, '').split(':') as [string, string, string]
  if (kind === 'parse') {
    const response = which === 'v2-header' ? v2Response : v1Response
    if (who === 'ours') return () => parsePaymentRequired(response())
    if (who === 'x402') return () => x402Parse(response())
    if (who === 'x402Clone') return () => x402Parse(response().clone())
    if (who === 'decode') return () => decodePaymentRequiredHeader(v2Header)
    if (who === 'engine') {
      // As the engine reads a 402: with its request deadline's signal and abort callback.
      const { parseOwnPaymentRequired, deadline } = await bundleInternals()
      const limit = deadline(Infinity, [])
      return () =>
        parseOwnPaymentRequired(response(), { signal: limit.signal, onAbort: limit.onAbort })
    }
  }
  if (kind === 'pay') {
    const version = which === '1' ? 1 : 2
    if (who === 'floor') return rawSign
    const pay =
      who === 'ours' ? oursFetch(version) : who === 'x402' ? x402Fetch(version) : undefined
    if (pay) {
      // It must pay, or its figures mean nothing.
      const response = await pay(RESOURCE)
      if (response.status !== 200) throw new Error(`${who} did not pay the x402 v${version} 402`)
      return () => pay(RESOURCE)
    }
  }
  throw new Error(`no contender ${name}`)
}
