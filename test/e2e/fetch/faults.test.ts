/**
 * `createH402Fetch` (and its `PaymentSession`) when things go wrong, on the real devnet: a server
 * that drops the connection, fails after settling, redirects the payment away; a facilitator
 * that fails settlement or refuses a broadcast; a quote that expires; a wallet that says no.
 *
 * SPEC §5 is what is checked: one signature per intent (a counting decorator around the real
 * payer), the same payload on a resend (the server's request log), never two transfers (exact
 * on-chain balance deltas), no payment header to another origin, and the typed error that says
 * whether money may have moved.
 *
 * The tests start their own facilitator and demo server on the shared chains, so that faults can
 * be switched on and the request and facilitator logs read in-process.
 */
import type { VersionedTransaction } from '@solana/web3.js'
import { type Address, createWalletClient, custom, type Hex, http, type LocalAccount } from 'viem'
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest'
import {
  CrossOriginRedirectError,
  createH402Fetch,
  getPaymentResult,
  OutcomeUnknownError,
  type Payer,
  PaymentRejectedError,
  PaymentSession,
  type PaymentSessionState,
  type PaymentStatus,
  RequestTimeoutError,
  SettlementFailedError,
  UserRejectedError,
} from '../../../src/core/index.js'
import { type EvmSigner, evmPayer } from '../../../src/evm/index.js'
import { type SolanaSigner, type SolanaWallet, solanaPayer } from '../../../src/solana/index.js'
import { createEvmPayer, devnetEvmChain } from '../../devnet/evm/index.js'
import { type Facilitator, startFacilitator } from '../../devnet/facilitator/index.js'
import { type DemoServer, startDemoServer } from '../../devnet/server/index.js'
import { createSolanaPayer } from '../../devnet/solana/index.js'
import {
  type Balances,
  type CountingPayer,
  counting,
  decodeHeader,
  delta,
  devnetPolicy,
  evm,
  evmGasCost,
  PRICE,
  paymentHeaderOf,
  publicClient,
  snapshot,
  solana,
  solanaFee,
  solanaPayerOptions,
  unchanged,
  uniqueUrl,
} from './harness.js'

let facilitator: Facilitator
let server: DemoServer

beforeAll(async () => {
  facilitator = await startFacilitator({
    evm: { rpcUrl: evm.rpcUrl, chainId: evm.chainId, facilitatorKey: evm.facilitatorKey },
    solana: {
      rpcUrl: solana.rpcUrl,
      network: solana.network,
      feePayerSecret: solana.feePayer.secretKey,
    },
  })
  server = await startDemoServer({ facilitatorUrl: facilitator.url, evm, solana })
})

afterAll(async () => {
  await server?.stop()
  await facilitator?.stop()
})

afterEach(() => {
  facilitator.faults = {}
  facilitator.log.length = 0
  server.requests.length = 0
})

// ---- helpers -------------------------------------------------------------------------------------

/** Fresh funded keys on both chains, the kit's real payers around them, counted. */
async function freshPayers(options: {
  evm?: (account: LocalAccount) => EvmSigner
  solana?: (key: Awaited<ReturnType<typeof createSolanaPayer>>) => SolanaSigner
}) {
  const [evmKey, solanaKey] = await Promise.all([createEvmPayer(evm), createSolanaPayer(solana)])
  const account = evmKey.account as LocalAccount
  const evmSide = counting(evmPayer(options.evm?.(account) ?? account, { publicClient }))
  const solanaSide = counting(
    solanaPayer(options.solana?.(solanaKey) ?? solanaKey.keypair, solanaPayerOptions),
  )
  const addresses = { evm: evmKey.address, solana: solanaKey.address }
  return { evmKey, solanaKey, evmSide, solanaSide, addresses }
}

/** A paying fetch over both payers that remembers the session's last state. */
function payingFetch(evmSide: Payer, solanaSide: Payer) {
  let last: PaymentSessionState | undefined
  const fetch = createH402Fetch({
    evm: evmSide,
    solana: solanaSide,
    policy: devnetPolicy,
    // Resends are what is tested, not their back-off: keep the folder fast.
    resendDelayMs: 10,
    onEvent: (event) => {
      last = event.state
    },
  })
  return { fetch, state: () => last }
}

/** The error a promise rejects with (fails the test if it resolves). */
async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    (value) => {
      throw new Error(`expected a rejection, got ${String(value)}`)
    },
    (error: unknown) => error,
  )
}

/** Exactly this class, not a subclass or a look-alike. */
function expectExactly<T>(error: unknown, type: abstract new (...args: never[]) => T): T {
  expect(error).toBeInstanceOf(type)
  expect((error as object).constructor).toBe(type)
  return error as T
}

/** Payment headers the server received for `url`, in order, per origin. */
function paidRequests(url: string) {
  const marker = new URL(url).search
  return server.requests
    .filter((entry) => entry.path.includes(marker))
    .map((entry) => ({ origin: entry.origin, header: paymentHeaderOf(entry) }))
}

function facilitatorCalls() {
  return facilitator.log.map((entry) => [entry.endpoint, entry.ok])
}

/** Deltas of one USDC payment on EVM (EIP-3009: the facilitator pays the gas). */
function evmUsdcMoved(times: 0n | 1n): Balances {
  const expected = unchanged()
  expected.evm.usdc = { payer: -PRICE.usdc * times, payee: PRICE.usdc * times }
  return expected
}

// ---- transport faults ----------------------------------------------------------------------------

describe('the connection drops after the paid request reached the server', () => {
  test('before settling: the same payload is resent, never re-signed; nothing moves; outcome unknown', async () => {
    const { evmSide, solanaSide, addresses } = await freshPayers({})
    const { fetch, state } = payingFetch(evmSide, solanaSide)
    const url = uniqueUrl(server.url, '/fault/drop-before-settle/x402v2/evm/usdc')
    const before = await snapshot(addresses)

    const error = await rejection(fetch(url))

    // No answer ever came back: the kit cannot know, so it says so (and carries no hash: an
    // authorization has none until someone settles it).
    expect(expectExactly(error, OutcomeUnknownError).transaction).toBeUndefined()
    expect(state()?.status).toBe('outcome-unknown')
    expect(evmSide.calls).toHaveLength(1)
    expect(solanaSide.calls).toHaveLength(0)
    // One unpaid request, then the first send and its two resends (maxResends 2), all carrying
    // the very same signed payload.
    const requests = paidRequests(url)
    expect(requests.map((r) => [r.origin, r.header !== undefined])).toEqual([
      ['main', false],
      ['main', true],
      ['main', true],
      ['main', true],
    ])
    expect(new Set(requests.slice(1).map((r) => r.header)).size).toBe(1)
    expect(state()?.attempts).toBe(3)
    // Verified three times, settled never.
    expect(facilitatorCalls()).toEqual([
      ['verify', true],
      ['verify', true],
      ['verify', true],
    ])
    expect(delta(before, await snapshot(addresses))).toEqual(evmUsdcMoved(0n))
  })

  // The resend of a payload that already settled is refused ("nonce used", "transaction already
  // used"): that refusal proves nothing, so the caller is told the outcome is unknown (SPEC §5.2).
  test.each([
    {
      name: 'x402 v2 EVM USDC (EIP-3009 nonce already used on the resend)',
      path: '/fault/drop-after-settle/x402v2/evm/usdc',
      chain: 'evm' as const,
    },
    {
      name: 'h402 Solana SOL (transaction already on chain on the resend)',
      path: '/fault/drop-after-settle/h402/solana/sol',
      chain: 'solana' as const,
    },
  ])(
    'after settling, $name: one signature, one transfer, then outcome unknown, never "refused"',
    async ({ path, chain }) => {
      const { evmSide, solanaSide, addresses } = await freshPayers({})
      const { fetch, state } = payingFetch(evmSide, solanaSide)
      const url = uniqueUrl(server.url, path)
      const before = await snapshot(addresses)

      const outcome = await fetch(url).then(
        (response) => response,
        (error: unknown) => error,
      )

      const used: CountingPayer = chain === 'evm' ? evmSide : solanaSide
      expect(used.calls).toHaveLength(1)
      expect(evmSide.calls.length + solanaSide.calls.length).toBe(1)
      // The first send settled; its resend carried the very same payload.
      const requests = paidRequests(url)
      expect(requests.map((r) => r.header !== undefined)).toEqual([false, true, true])
      expect(requests[1]!.header).toBe(requests[2]!.header)
      expect(facilitator.log.filter((e) => e.endpoint === 'settle' && e.ok)).toHaveLength(1)
      // Exactly one transfer on chain, never two.
      const expected = unchanged()
      if (chain === 'evm') expected.evm.usdc = { payer: -PRICE.usdc, payee: PRICE.usdc }
      else {
        const transaction = used.payments[0]!.transaction!
        expected.solana.sol = {
          payer: -PRICE.sol - (await solanaFee(transaction)),
          payee: PRICE.sol,
        }
      }
      expect(delta(before, await snapshot(addresses))).toEqual(expected)
      // What the caller is told: the outcome is unknown, never "refused" (which invites paying again).
      expectExactly(outcome, OutcomeUnknownError)
      expect(state()?.status).toBe('outcome-unknown')
    },
  )
})

describe('the server or the facilitator fails after the payment was submitted', () => {
  test.each([
    { name: 'x402 v1 EVM USDC', path: '/fault/error-after-settle/x402v1/evm/usdc', chain: 'evm' },
    {
      name: 'x402 v2 Solana USDC',
      path: '/fault/error-after-settle/x402v2/solana/usdc',
      chain: 'solana',
    },
  ] as const)(
    'a 500 after settling, $name: outcome unknown, exactly one transfer and one signature',
    async ({ path, chain }) => {
      const { evmSide, solanaSide, addresses } = await freshPayers({})
      const { fetch, state } = payingFetch(evmSide, solanaSide)
      const url = uniqueUrl(server.url, path)
      const before = await snapshot(addresses)

      const error = await rejection(fetch(url))

      expectExactly(error, OutcomeUnknownError)
      expect(state()?.status).toBe('outcome-unknown')
      expect(state()?.response?.status).toBe(500)
      expect(evmSide.calls).toHaveLength(chain === 'evm' ? 1 : 0)
      expect(solanaSide.calls).toHaveLength(chain === 'solana' ? 1 : 0)
      // An answer came back: no resend.
      expect(paidRequests(url).map((r) => r.header !== undefined)).toEqual([false, true])
      expect(facilitatorCalls()).toEqual([
        ['verify', true],
        ['settle', true],
      ])
      const expected = unchanged()
      if (chain === 'evm') expected.evm.usdc = { payer: -PRICE.usdc, payee: PRICE.usdc }
      // x402 on Solana: the facilitator is the fee payer, so the payer's SOL does not move.
      else expected.solana.usdc = { payer: -PRICE.usdc, payee: PRICE.usdc }
      expect(delta(before, await snapshot(addresses))).toEqual(expected)
    },
  )

  // SPEC §5.7: the server says settlement failed, but a server can settle and say so anyway. The
  // authorization is still valid and could still settle, so the chain cannot prove "nothing
  // moved" yet: outcome unknown, with the server's refusal as the cause (see the next test for
  // how it ends).
  test.each([
    {
      name: 'x402 v2 EVM USDC',
      path: '/x402v2/evm/usdc',
      chain: 'evm',
      // x402 servers send the failed settlement in PAYMENT-RESPONSE / X-PAYMENT-RESPONSE.
      error: SettlementFailedError,
    },
    {
      name: 'x402 v1 Solana USDC',
      path: '/x402v1/solana/usdc',
      chain: 'solana',
      error: SettlementFailedError,
    },
    {
      name: 'h402 EVM USDC',
      path: '/h402/evm/usdc',
      chain: 'evm',
      // h402 servers answer a failed settlement with a plain 402 and its `error`, no receipt:
      // indistinguishable from a refusal, and indeed nothing moved.
      error: PaymentRejectedError,
    },
  ] as const)(
    'settlement fails after verification, $name: outcome unknown (cause $error.name) until the chain proves it, nothing moves, one signature',
    async ({ path, chain, error: errorType }) => {
      facilitator.faults.failSettleAfterVerify = 'injected_settle_failure'
      const { evmSide, solanaSide, addresses } = await freshPayers({})
      const { fetch, state } = payingFetch(evmSide, solanaSide)
      const url = uniqueUrl(server.url, path)
      const before = await snapshot(addresses)

      const error = await rejection(fetch(url))

      const unknown = expectExactly(error, OutcomeUnknownError)
      const refusal = unknown.walk((e) => e instanceof errorType)
      expect(refusal).toBeInstanceOf(errorType)
      expect((refusal as SettlementFailedError | PaymentRejectedError).reason).toBe(
        'injected_settle_failure',
      )
      expect(state()?.status).toBe('outcome-unknown')
      // The payer looked: the payload has not moved, but it is still valid, so it could.
      expect(state()?.reconciliation?.status).toBe('unknown')
      expect(state()?.response?.status).toBe(402)
      expect(evmSide.calls.length + solanaSide.calls.length).toBe(1)
      expect((chain === 'evm' ? evmSide : solanaSide).calls).toHaveLength(1)
      expect(paidRequests(url).map((r) => r.header !== undefined)).toEqual([false, true])
      expect(facilitatorCalls()).toEqual([
        ['verify', true],
        ['settle', false],
      ])
      expect(delta(before, await snapshot(addresses))).toEqual(unchanged())
    },
  )
})

describe('an h402 server that refuses with "error": {} (as h402-express does)', () => {
  let silent: DemoServer
  beforeAll(async () => {
    silent = await startDemoServer({
      facilitatorUrl: facilitator.url,
      evm,
      solana,
      h402EmptyRefusals: true,
    })
  })
  afterAll(async () => {
    await silent?.stop()
  })

  test('still gives a typed refusal that says no reason was given and what to do next', async () => {
    facilitator.faults.rejectVerify = 'injected_refusal'
    const { evmSide, solanaSide, addresses } = await freshPayers({})
    const { fetch, state } = payingFetch(evmSide, solanaSide)
    const url = uniqueUrl(silent.url, '/h402/evm/usdc')
    const before = await snapshot(addresses)

    const error = await rejection(fetch(url))

    // The authorization is still valid, so the chain cannot say "nothing moved" yet.
    const unknown = expectExactly(error, OutcomeUnknownError)
    const refusal = unknown.walk((e) => e instanceof PaymentRejectedError) as PaymentRejectedError
    expect(refusal).toBeInstanceOf(PaymentRejectedError)
    expect(refusal.status).toBe(402)
    expect(refusal.reason).toMatch(/refused the payment without saying why/)
    expect(refusal.reason).toMatch(/choose another payment option/)
    expect(refusal.userAction).toBe('chooseOther')
    expect(unknown.details).toMatch(/without saying why/)
    expect(state()?.status).toBe('outcome-unknown')
    expect(evmSide.calls).toHaveLength(1)
    expect(delta(before, await snapshot(addresses))).toEqual(unchanged())
  })
})

describe('reconciliation with the chain (check())', () => {
  test('a refused x402 authorization: unknown while it is valid; once expired the chain proves "not paid"; a new intent pays once', async () => {
    facilitator.faults.failSettleAfterVerify = 'injected_settle_failure'
    const { evmSide, solanaSide, addresses } = await freshPayers({})
    const url = uniqueUrl(server.url, '/fault/short-timeout/x402v2/evm/usdc')
    const session = new PaymentSession({
      input: url,
      payers: [evmSide, solanaSide],
      policy: devnetPolicy,
      autoPay: true,
    })
    const before = await snapshot(addresses)

    await session.start()
    expect(session.getSnapshot()).toMatchObject({
      status: 'outcome-unknown',
      reconciliation: { status: 'unknown' },
    })
    // Still unknown when asked again before the authorization's validBefore (10 s)…
    await session.check()
    expect(session.getSnapshot().reconciliation?.status).toBe('unknown')
    // …and "not paid" once a block past it exists: the token refuses it from then on.
    const validBefore = Number(
      (evmSide.payments[0]!.payload as { authorization: { validBefore: string } }).authorization
        .validBefore,
    )
    await new Promise((resolve) => setTimeout(resolve, validBefore * 1000 - Date.now() + 1000))
    // The node stamps a block with its own clock, which may trail ours by a second or two.
    for (let tries = 0; tries < 8 && session.getSnapshot().status === 'outcome-unknown'; tries++) {
      await publicClient.request({ method: 'evm_mine' } as never)
      await session.check()
      if (session.getSnapshot().status === 'outcome-unknown')
        await new Promise((resolve) => setTimeout(resolve, 1000))
    }
    expect(session.getSnapshot()).toMatchObject({
      status: 'failed',
      reconciliation: { status: 'not-paid' },
      error: { name: 'PaymentNotSettledError', userAction: 'retry' },
    })
    expect(delta(before, await snapshot(addresses))).toEqual(evmUsdcMoved(0n))

    // retry() starts a fresh intent: a new quote, and a signature only on pay() (autoPay is
    // the agent's consent to the first intent, not to this one).
    facilitator.faults = {}
    await session.retry()
    expect(session.getSnapshot()).toMatchObject({ status: 'payment-required', payment: undefined })
    expect(evmSide.calls).toHaveLength(1)
    await session.pay()
    expect(session.getSnapshot().status).toBe('settled')
    expect(evmSide.calls).toHaveLength(2)
    expect(delta(before, await snapshot(addresses))).toEqual(evmUsdcMoved(1n))
  }, 40_000)

  test('the paid request times out while the facilitator settles: outcome unknown, then check() says paid, with the hash', async () => {
    facilitator.faults.delaySettleMs = 1500
    const { evmSide, solanaSide, addresses } = await freshPayers({})
    const url = uniqueUrl(server.url, '/x402v2/evm/usdc')
    const session = new PaymentSession({
      input: url,
      payers: [evmSide, solanaSide],
      policy: devnetPolicy,
      autoPay: true,
      timeoutMs: 500,
    })
    const before = await snapshot(addresses)

    await session.start()
    const state = session.getSnapshot()
    expect(state.status).toBe('outcome-unknown')
    expect(state.error?.walk((e) => e instanceof RequestTimeoutError)).toBeInstanceOf(
      RequestTimeoutError,
    )
    // Not resent: the server may be settling it.
    expect(paidRequests(url).map((r) => r.header !== undefined)).toEqual([false, true])
    // The facilitator settles after the kit gave up waiting.
    await new Promise((resolve) => setTimeout(resolve, 2500))
    await session.check()
    expect(session.getSnapshot()).toMatchObject({
      status: 'outcome-unknown',
      reconciliation: { status: 'paid', transaction: expect.stringMatching(/^0x[0-9a-f]{64}$/) },
      error: { name: 'PaidNotDeliveredError' },
    })
    expect(evmSide.calls).toHaveLength(1)
    expect(delta(before, await snapshot(addresses))).toEqual(evmUsdcMoved(1n))
  }, 30_000)
})

// ---- broadcast payments --------------------------------------------------------------------------

/** A viem WalletClient around a LocalAccount: h402 then has the wallet broadcast the transfer. */
function walletClientOf(account: LocalAccount) {
  return createWalletClient({
    account,
    chain: devnetEvmChain(evm.rpcUrl),
    transport: http(evm.rpcUrl),
    pollingInterval: 50,
  })
}

/** A wallet-adapter wallet that can only sign-and-send, as some adapters are. */
function sendOnlyWallet(
  key: Awaited<ReturnType<typeof createSolanaPayer>>,
  sent: VersionedTransaction[],
): SolanaWallet {
  return {
    publicKey: key.keypair.publicKey,
    async sendTransaction(transaction, rpc) {
      sent.push(transaction)
      transaction.sign([key.keypair])
      return rpc.sendRawTransaction(transaction.serialize())
    },
  }
}

describe('h402 payments the wallet broadcast itself: the money has moved before the server answers', () => {
  test.each([
    { name: 'ETH, the facilitator refuses', path: '/h402/evm/eth', refused: true },
    { name: 'USDT, the server answers 500', path: '/fault/error-after-settle/h402/evm/usdt' },
  ])(
    'EVM $name: outcome unknown with the transaction hash, exactly one transfer',
    async ({ path, refused = false }) => {
      if (refused) facilitator.faults.rejectVerify = 'injected_refusal'
      const { evmSide, solanaSide, addresses } = await freshPayers({ evm: walletClientOf })
      const { fetch, state } = payingFetch(evmSide, solanaSide)
      const url = uniqueUrl(server.url, path)
      const before = await snapshot(addresses)

      const error = await rejection(fetch(url))

      expect(evmSide.payments.map((p) => p.kind)).toEqual(['broadcast'])
      const hash = evmSide.payments[0]!.transaction as Hex
      expect(hash).toMatch(/^0x[0-9a-f]{64}$/)
      expect(expectExactly(error, OutcomeUnknownError).transaction).toBe(hash)
      expect(state()?.status).toBe('outcome-unknown')
      expect(state()?.response?.status).toBe(refused ? 402 : 500)
      expect(solanaSide.calls).toHaveLength(0)
      // Submitted once: a broadcast payment is never sent, nor broadcast, twice.
      expect(paidRequests(url).map((r) => r.header !== undefined)).toEqual([false, true])
      expect(facilitatorCalls()).toEqual(
        refused
          ? [['verify', false]]
          : [
              ['verify', true],
              ['settle', true],
            ],
      )
      const expected = unchanged()
      const gas = await evmGasCost(hash)
      if (path.endsWith('/eth')) expected.evm.eth = { payer: -PRICE.eth - gas, payee: PRICE.eth }
      else {
        expected.evm.usdt = { payer: -PRICE.usdt, payee: PRICE.usdt }
        expected.evm.eth = { payer: -gas, payee: 0n }
      }
      expect(delta(before, await snapshot(addresses))).toEqual(expected)
    },
  )

  test('Solana USDC sent by a sign-and-send wallet, the facilitator refuses: outcome unknown with the signature', async () => {
    facilitator.faults.rejectVerify = 'injected_refusal'
    const sent: VersionedTransaction[] = []
    const { evmSide, solanaSide, addresses } = await freshPayers({
      solana: (key) => sendOnlyWallet(key, sent),
    })
    const { fetch, state } = payingFetch(evmSide, solanaSide)
    const url = uniqueUrl(server.url, '/h402/solana/usdc')
    const before = await snapshot(addresses)

    const error = await rejection(fetch(url))

    expect(sent).toHaveLength(1)
    expect(solanaSide.payments.map((p) => p.kind)).toEqual(['broadcast'])
    const signature = solanaSide.payments[0]!.transaction!
    expect(expectExactly(error, OutcomeUnknownError).transaction).toBe(signature)
    expect(state()?.status).toBe('outcome-unknown')
    expect(paidRequests(url).map((r) => r.header !== undefined)).toEqual([false, true])
    expect(facilitatorCalls()).toEqual([['verify', false]])
    const expected = unchanged()
    expected.solana.usdc = { payer: -PRICE.usdc, payee: PRICE.usdc }
    expected.solana.sol = { payer: -(await solanaFee(signature)), payee: 0n }
    expect(delta(before, await snapshot(addresses))).toEqual(expected)
  })
})

// ---- before the payment is submitted --------------------------------------------------------------

describe('an expired quote', () => {
  test('is fetched again before signing, and only the fresh quote is signed, once', async () => {
    const { evmSide, solanaSide, addresses } = await freshPayers({})
    const url = uniqueUrl(server.url, '/fault/short-timeout/x402v2/evm/usdc')
    const statuses: PaymentStatus[] = []
    const quotes: number[] = []
    // The session's clock jumps 11 s (past the route's 10 s maxTimeoutSeconds) as soon as the
    // first 402 has been read, i.e. between the 402 and the automatic pay(): the wall clock
    // stays near, so the chain and the facilitator still accept the fresh authorization.
    let offset = 0
    const session = new PaymentSession({
      input: url,
      payers: [evmSide, solanaSide],
      policy: devnetPolicy,
      autoPay: true,
      now: () => Date.now() + offset,
      onEvent: (event) => {
        statuses.push(event.type)
        if (event.type !== 'payment-required') return
        quotes.push(event.state.paymentRequired!.receivedAt)
        if (quotes.length === 1) offset += 11_000
      },
    })
    const before = await snapshot(addresses)

    const response = await session.run()

    expect(response.status).toBe(200)
    expect(statuses).toEqual([
      'fetching',
      'payment-required',
      'fetching',
      'payment-required',
      'selecting',
      'signing',
      'submitting',
      'settled',
    ])
    expect(quotes).toHaveLength(2)
    expect(quotes[1]! - quotes[0]!).toBeGreaterThanOrEqual(11_000)
    // One signature, made on the second quote, valid for that quote's 10 s from the new clock.
    expect(evmSide.calls).toHaveLength(1)
    expect(evmSide.contexts[0]!.paymentRequired.receivedAt).toBe(quotes[1])
    const authorization = (
      evmSide.payments[0]!.payload as { authorization: Record<string, string> }
    ).authorization
    expect(Number(authorization.validBefore)).toBeGreaterThan(Math.floor(quotes[0]! / 1000) + 10)
    expect(paidRequests(url).map((r) => r.header !== undefined)).toEqual([false, false, true])
    expect(delta(before, await snapshot(addresses))).toEqual(evmUsdcMoved(1n))
  })
})

describe('the wallet rejects the signature request', () => {
  test('EVM: a WalletClient whose EIP-1193 provider answers 4001: UserRejectedError, nothing sent or moved', async () => {
    const prompts: string[] = []
    const signing = new Set(['eth_signTypedData_v4', 'personal_sign', 'eth_sendTransaction'])
    // A browser wallet: reads go to the node, signing requests are declined by the person.
    const provider = custom({
      async request({ method, params }: { method: string; params?: unknown }) {
        if (signing.has(method)) {
          prompts.push(method)
          throw Object.assign(new Error('User rejected the request.'), { code: 4001 })
        }
        const answer = await fetch(evm.rpcUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params: params ?? [] }),
        })
        const body = (await answer.json()) as { result?: unknown; error?: { message: string } }
        if (body.error) throw Object.assign(new Error(body.error.message), body.error)
        return body.result
      },
    })
    const { evmSide, solanaSide, addresses } = await freshPayers({
      evm: (account) =>
        createWalletClient({
          account: account.address as Address,
          chain: devnetEvmChain(evm.rpcUrl),
          transport: provider,
        }),
    })
    const { fetch, state } = payingFetch(evmSide, solanaSide)
    const url = uniqueUrl(server.url, '/x402v2/evm/usdc')
    const before = await snapshot(addresses)

    const error = await rejection(fetch(url))

    expectExactly(error, UserRejectedError)
    // Back to the choice, with nothing signed: the person may try again.
    expect(state()?.status).toBe('payment-required')
    expect(state()?.payment).toBeUndefined()
    expect(prompts).toEqual(['eth_signTypedData_v4'])
    expect(evmSide.calls).toHaveLength(1)
    expect(evmSide.payments).toHaveLength(0)
    expect(paidRequests(url).map((r) => r.header)).toEqual([undefined])
    expect(facilitatorCalls()).toEqual([])
    expect(delta(before, await snapshot(addresses))).toEqual(unchanged())
  })

  test('Solana: a wallet-adapter wallet whose signTransaction is declined: UserRejectedError, nothing sent or moved', async () => {
    // wallet-adapter wraps the wallet's own error (here Phantom's 4001) in WalletSignTransactionError.
    class WalletSignTransactionError extends Error {
      override name = 'WalletSignTransactionError'
      constructor(readonly error: unknown) {
        super('User rejected the request.')
      }
    }
    let prompts = 0
    const { evmSide, solanaSide, addresses } = await freshPayers({
      solana: (key) => ({
        publicKey: key.keypair.publicKey,
        signTransaction: async () => {
          prompts++
          throw new WalletSignTransactionError({
            code: 4001,
            message: 'User rejected the request.',
          })
        },
      }),
    })
    const { fetch, state } = payingFetch(evmSide, solanaSide)
    const url = uniqueUrl(server.url, '/x402v2/solana/usdc')
    const before = await snapshot(addresses)

    const error = await rejection(fetch(url))

    expectExactly(error, UserRejectedError)
    expect(state()?.status).toBe('payment-required')
    expect(prompts).toBe(1)
    expect(solanaSide.calls).toHaveLength(1)
    expect(solanaSide.payments).toHaveLength(0)
    expect(paidRequests(url).map((r) => r.header)).toEqual([undefined])
    expect(facilitatorCalls()).toEqual([])
    expect(delta(before, await snapshot(addresses))).toEqual(unchanged())
  })
})

// ---- redirects and request bodies ----------------------------------------------------------------

describe('redirects and the request itself', () => {
  test('a redirect to another origin after payment: CrossOriginRedirectError, the other origin sees no payment', async () => {
    const { evmSide, solanaSide, addresses } = await freshPayers({})
    const { fetch, state } = payingFetch(evmSide, solanaSide)
    const url = uniqueUrl(server.url, '/fault/redirect-after-payment/x402v2/evm/usdc')
    const before = await snapshot(addresses)

    const error = await rejection(fetch(url))

    expectExactly(error, CrossOriginRedirectError)
    // The first origin received the payment and may have settled it: never "try again".
    expect(state()?.status).toBe('outcome-unknown')
    expect(evmSide.calls).toHaveLength(1)
    // The redirect was not followed: the other origin received nothing at all.
    expect(server.requests.filter((entry) => entry.origin === 'other')).toEqual([])
    expect(paidRequests(url).map((r) => r.header !== undefined)).toEqual([false, true])
    // The server settled before redirecting: the one payment the kit signed did happen.
    expect(facilitatorCalls()).toEqual([
      ['verify', true],
      ['settle', true],
    ])
    expect(delta(before, await snapshot(addresses))).toEqual(evmUsdcMoved(1n))
  })

  test('a quote served from another origin after a redirect: the payment goes nowhere else, nothing moves', async () => {
    // `/redirect/<route>` sends the unpaid request to the other origin, whose 402 the kit pays;
    // the paid request goes to the URL the caller asked for, which redirects again.
    const { evmSide, solanaSide, addresses } = await freshPayers({})
    const { fetch } = payingFetch(evmSide, solanaSide)
    const url = uniqueUrl(server.url, '/redirect/x402v2/evm/usdc')
    const before = await snapshot(addresses)

    const error = await rejection(fetch(url))

    expectExactly(error, CrossOriginRedirectError)
    expect(evmSide.calls).toHaveLength(1)
    expect(paidRequests(url)).toEqual([
      { origin: 'main', header: undefined },
      { origin: 'other', header: undefined },
      // The caller's own origin gets the paid request (and redirects it again)…
      { origin: 'main', header: expect.any(String) },
    ])
    // …and the other origin never sees it, so nobody verifies or settles it.
    expect(facilitatorCalls()).toEqual([])
    expect(delta(before, await snapshot(addresses))).toEqual(evmUsdcMoved(0n))
  })

  test('a POST with a JSON body keeps its method, headers and body through the paid retry', async () => {
    const { evmSide, solanaSide, addresses } = await freshPayers({})
    const { fetch } = payingFetch(evmSide, solanaSide)
    const url = uniqueUrl(server.url, '/x402v2/evm/usdc')
    const payload = JSON.stringify({ prompt: 'a cat', n: 1 })
    const before = await snapshot(addresses)

    const response = await fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Trace': 'abc' },
      body: payload,
    })

    expect(response.status).toBe(200)
    expect(await response.json()).toMatchObject({
      paid: true,
      method: 'POST',
      contentType: 'application/json',
      body: payload,
    })
    const result = getPaymentResult(response)
    expect(result?.settlement?.success).toBe(true)
    const requests = server.requests.filter((entry) => entry.path.includes(new URL(url).search))
    expect(
      requests.map((entry) => [entry.method, entry.headers['x-trace'], !!paymentHeaderOf(entry)]),
    ).toEqual([
      ['POST', 'abc', false],
      ['POST', 'abc', true],
    ])
    // The header is an x402 v2 payload echoing, unchanged, the requirement that was paid.
    expect(decodeHeader(paymentHeaderOf(requests[1]!)!)).toMatchObject({
      x402Version: 2,
      accepted: result?.option.raw,
    })
    expect(evmSide.calls).toHaveLength(1)
    expect(delta(before, await snapshot(addresses))).toEqual(evmUsdcMoved(1n))
  })
})
