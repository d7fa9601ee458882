/**
 * `createH402Fetch` pays every demo route of the devnet for real: x402 v1 and v2 and h402, EVM and
 * Solana, every payload kind (EIP-3009 authorization, signed transaction, wallet broadcast, partially
 * and fully signed Solana transactions), with fresh funded keys. Each test checks what a caller sees
 * (status, body, settlement) and what the chains saw: exactly one payment of exactly the price.
 */
import type { VersionedTransaction } from '@solana/web3.js'
import { createWalletClient, type Hex, http, type LocalAccount } from 'viem'
import { describe, expect, test } from 'vitest'
import {
  createH402Fetch,
  decodeSettlement,
  getPaymentResult,
  NoPayableOptionError,
  type PaymentPolicy,
  PaymentSession,
  type PreparedPayment,
} from '../../../src/core/index.js'
import { evmPayer } from '../../../src/evm/index.js'
import { type SolanaWallet, solanaPayer } from '../../../src/solana/index.js'
import {
  type CreateEvmPayerOptions,
  createEvmPayer,
  devnetEvmChain,
} from '../../devnet/evm/index.js'
import type { Dialect } from '../../devnet/server/routes.js'
import { type CreateSolanaPayerOptions, createSolanaPayer } from '../../devnet/solana/index.js'
import {
  type Balances,
  counting,
  delta,
  devnet,
  devnetPolicy,
  EVM_NETWORK,
  type EvmAsset,
  evm,
  evmGasCost,
  loggedRequests,
  markerOf,
  PRICE,
  paymentHeaderOf,
  publicClient,
  type SolanaAsset,
  snapshot,
  solana,
  solanaFee,
  solanaPayerOptions,
  unchanged,
  uniqueUrl,
} from './harness.js'

/** How the EVM side signs: a bare LocalAccount, or the same key behind a viem WalletClient. */
type EvmSignerKind = 'account' | 'walletClient'
/** How the Solana side signs: a Keypair, or a wallet-adapter wallet that can only sign-and-send. */
type SolanaSignerKind = 'keypair' | 'sendOnly'

interface RouteCase {
  name: string
  path: string
  dialect: Dialect
  /** The chain, asset and price the kit must choose (multi routes: by policy and balances). */
  paid: { chain: 'evm'; asset: EvmAsset } | { chain: 'solana'; asset: SolanaAsset }
  amount: bigint
  /** What the payer produced, which decides who pays the network fee. */
  kind: PreparedPayment['kind']
  evmSigner?: EvmSignerKind
  solanaSigner?: SolanaSignerKind
  fundEvm?: CreateEvmPayerOptions
  fundSolana?: CreateSolanaPayerOptions
}

const cases: RouteCase[] = [
  {
    name: 'x402 v1 EVM USDC (EIP-3009)',
    path: '/x402v1/evm/usdc',
    dialect: 'x402-v1',
    paid: { chain: 'evm', asset: 'usdc' },
    amount: PRICE.usdc,
    kind: 'authorization',
  },
  {
    name: 'x402 v2 EVM USDC (EIP-3009)',
    path: '/x402v2/evm/usdc',
    dialect: 'x402-v2',
    paid: { chain: 'evm', asset: 'usdc' },
    amount: PRICE.usdc,
    kind: 'authorization',
  },
  {
    name: 'x402 v1 Solana USDC (partially signed, facilitator pays the fee)',
    path: '/x402v1/solana/usdc',
    dialect: 'x402-v1',
    paid: { chain: 'solana', asset: 'usdc' },
    amount: PRICE.usdc,
    kind: 'authorization',
  },
  {
    name: 'x402 v2 Solana USDC',
    path: '/x402v2/solana/usdc',
    dialect: 'x402-v2',
    paid: { chain: 'solana', asset: 'usdc' },
    amount: PRICE.usdc,
    kind: 'authorization',
  },
  {
    name: 'x402 v2 Solana Token-2022',
    path: '/x402v2/solana/token2022',
    dialect: 'x402-v2',
    paid: { chain: 'solana', asset: 'token2022' },
    amount: PRICE.usdc,
    kind: 'authorization',
  },
  {
    name: 'h402 EVM USDC (EIP-3009 authorization)',
    path: '/h402/evm/usdc',
    dialect: 'h402-v1',
    paid: { chain: 'evm', asset: 'usdc' },
    amount: PRICE.usdc,
    kind: 'authorization',
  },
  {
    // Circle's interface has no verifyTransferAuthorization: h402's facilitator would refuse an
    // authorization, so a local key signs a transaction and a wallet broadcasts one.
    name: "h402 EVM USDC with Circle's interface, signedTransaction from a LocalAccount",
    path: '/h402/evm/circle-usdc',
    dialect: 'h402-v1',
    paid: { chain: 'evm', asset: 'circleUsdc' },
    amount: PRICE.usdc,
    kind: 'transaction',
  },
  {
    name: "h402 EVM USDC with Circle's interface, broadcast by a WalletClient",
    path: '/h402/evm/circle-usdc',
    dialect: 'h402-v1',
    paid: { chain: 'evm', asset: 'circleUsdc' },
    amount: PRICE.usdc,
    kind: 'broadcast',
    evmSigner: 'walletClient',
  },
  {
    name: 'h402 EVM USDT, signedTransaction from a LocalAccount',
    path: '/h402/evm/usdt',
    dialect: 'h402-v1',
    paid: { chain: 'evm', asset: 'usdt' },
    amount: PRICE.usdt,
    kind: 'transaction',
  },
  {
    name: 'h402 EVM USDT, broadcast by a WalletClient',
    path: '/h402/evm/usdt',
    dialect: 'h402-v1',
    paid: { chain: 'evm', asset: 'usdt' },
    amount: PRICE.usdt,
    kind: 'broadcast',
    evmSigner: 'walletClient',
  },
  {
    name: 'h402 EVM native ETH, broadcast by a WalletClient',
    path: '/h402/evm/eth',
    dialect: 'h402-v1',
    paid: { chain: 'evm', asset: 'eth' },
    amount: PRICE.eth,
    kind: 'broadcast',
    evmSigner: 'walletClient',
  },
  {
    name: 'h402 EVM native ETH, signedTransaction from a LocalAccount',
    path: '/h402/evm/eth',
    dialect: 'h402-v1',
    paid: { chain: 'evm', asset: 'eth' },
    amount: PRICE.eth,
    kind: 'transaction',
  },
  {
    name: 'h402 Solana SOL with a Keypair',
    path: '/h402/solana/sol',
    dialect: 'h402-v1',
    paid: { chain: 'solana', asset: 'sol' },
    amount: PRICE.sol,
    kind: 'transaction',
  },
  {
    name: 'h402 Solana USDC with a Keypair',
    path: '/h402/solana/usdc',
    dialect: 'h402-v1',
    paid: { chain: 'solana', asset: 'usdc' },
    amount: PRICE.usdc,
    kind: 'transaction',
  },
  {
    name: 'h402 Solana USDC through a wallet that can only sign-and-send',
    path: '/h402/solana/usdc',
    dialect: 'h402-v1',
    paid: { chain: 'solana', asset: 'usdc' },
    amount: PRICE.usdc,
    kind: 'broadcast',
    solanaSigner: 'sendOnly',
  },
  {
    // Both payers can pay both options: the server's order decides.
    name: 'x402 v1 multi: EVM USDC first in the server order',
    path: '/x402v1/multi',
    dialect: 'x402-v1',
    paid: { chain: 'evm', asset: 'usdc' },
    amount: PRICE.usdc,
    kind: 'authorization',
  },
  {
    // The EVM payer holds no USDC: the balances read on chain rank Solana USDC first.
    name: 'x402 v2 multi: Solana USDC when the EVM payer cannot afford USDC',
    path: '/x402v2/multi',
    dialect: 'x402-v2',
    paid: { chain: 'solana', asset: 'usdc' },
    amount: PRICE.usdc,
    kind: 'authorization',
    fundEvm: { usdc: 0n },
  },
  {
    // Only SOL is affordable: no EVM funds at all, no Solana USDC.
    name: 'h402 multi: SOL, the only option the payers can afford',
    path: '/h402/multi',
    dialect: 'h402-v1',
    paid: { chain: 'solana', asset: 'sol' },
    amount: PRICE.sol,
    kind: 'transaction',
    fundEvm: { eth: 0n, usdc: 0n, usdt: 0n },
    fundSolana: { usdc: 0n },
  },
]

/** A viem WalletClient around a LocalAccount, as an app holding a key in a wallet client would. */
function walletClientOf(account: LocalAccount) {
  return createWalletClient({
    account,
    chain: devnetEvmChain(evm.rpcUrl),
    transport: http(evm.rpcUrl),
    pollingInterval: 50,
  })
}

/** Fresh funded payers on both chains, wrapped in counters, and the fetch that uses them. */
async function setUp(routeCase: RouteCase, policy: PaymentPolicy | undefined) {
  const [evmKey, solanaKey] = await Promise.all([
    createEvmPayer(evm, routeCase.fundEvm),
    createSolanaPayer(solana, routeCase.fundSolana),
  ])
  const account = evmKey.account as LocalAccount
  const evmSide = counting(
    evmPayer(routeCase.evmSigner === 'walletClient' ? walletClientOf(account) : account, {
      publicClient,
    }),
  )
  const sent: VersionedTransaction[] = []
  // Like a wallet-adapter adapter without signTransaction: it signs and broadcasts on its own.
  const sendOnly: SolanaWallet = {
    publicKey: solanaKey.keypair.publicKey,
    async sendTransaction(transaction, rpc) {
      sent.push(transaction)
      transaction.sign([solanaKey.keypair])
      return rpc.sendRawTransaction(transaction.serialize())
    },
  }
  const solanaSide = counting(
    solanaPayer(
      routeCase.solanaSigner === 'sendOnly' ? sendOnly : solanaKey.keypair,
      solanaPayerOptions,
    ),
  )
  const fetch = createH402Fetch({
    evm: evmSide,
    solana: solanaSide,
    ...(policy ? { policy } : {}),
  })
  return { evmKey, solanaKey, evmSide, solanaSide, sent, fetch }
}

describe('createH402Fetch pays every devnet route with real keys', () => {
  test('the cases cover every route the demo server offers', () => {
    const covered = new Set(cases.map((c) => c.path))
    expect([...covered].sort()).toEqual(devnet.routes.map((route) => route.path).sort())
  })

  const paysTheRoute = async (routeCase: RouteCase) => {
    const { evmKey, solanaKey, evmSide, solanaSide, sent, fetch } = await setUp(
      routeCase,
      devnetPolicy,
    )
    const payers = { evm: evmKey.address, solana: solanaKey.address }
    const url = uniqueUrl(devnet.serverUrl, routeCase.path)
    const before = await snapshot(payers)

    const response = await fetch(url)

    // What the caller sees: the paid content, as the server sends it.
    expect(response.status).toBe(200)
    const body = (await response.json()) as Record<string, unknown>
    const result = getPaymentResult(response)
    expect(result).toBeDefined()
    const { option, settlement, state } = result!
    const isEvm = routeCase.paid.chain === 'evm'
    const payerAddress = isEvm ? evmKey.address : solanaKey.address
    expect(body).toEqual({
      ok: true,
      paid: true,
      route: routeCase.path,
      dialect: routeCase.dialect,
      origin: 'main',
      method: 'GET',
      contentType: null,
      body: '',
      payer: payerAddress,
      transaction: settlement?.transaction,
      // The server says which of its `accepts` entries verified: the option the kit chose.
      paidWith: option.raw,
    })
    expect(option.network.id).toBe(isEvm ? EVM_NETWORK : solana.network)
    expect(option.amount).toBe(routeCase.amount)

    // One signature, from the payer of the option's chain only.
    const [used, idle] = isEvm ? [evmSide, solanaSide] : [solanaSide, evmSide]
    expect(used.calls).toEqual([option])
    expect(idle.calls).toEqual([])
    expect(used.payments.map((p) => p.kind)).toEqual([routeCase.kind])
    expect(sent).toHaveLength(routeCase.solanaSigner === 'sendOnly' ? 1 : 0)
    expect(state.status).toBe('settled')
    expect(state.attempts).toBe(1)

    // The settlement, as the engine decoded it and as `decodeSettlement` reads it.
    const transaction = settlement!.transaction
    expect(settlement).toMatchObject({
      success: true,
      transaction,
      network: option.network.id,
      payer: payerAddress,
    })
    expect(transaction).toMatch(isEvm ? /^0x[0-9a-f]{64}$/ : /^[1-9A-HJ-NP-Za-km-z]{64,90}$/)
    expect(decodeSettlement(response, { option })).toEqual(settlement)
    // Without the option, an h402 receipt only names its namespace (h402 sends no chain id).
    expect(decodeSettlement(response)?.network).toBe(
      routeCase.dialect === 'h402-v1' ? routeCase.paid.chain : option.network.id,
    )
    const prepared = used.payments[0]!
    if (prepared.kind !== 'authorization') expect(prepared.transaction).toBe(transaction)

    // The paid request went out once, to this origin, with one header.
    const log = await loggedRequests(markerOf(url))
    expect(log.map((entry) => [entry.origin, paymentHeaderOf(entry) !== undefined])).toEqual([
      ['main', false],
      ['main', true],
    ])

    // On chain: exactly the price, once; the network fee only where the payer pays it.
    const expected: Balances = unchanged()
    if (routeCase.paid.chain === 'evm') {
      const receipt = await publicClient.getTransactionReceipt({ hash: transaction as Hex })
      expect(receipt.status).toBe('success')
      const moved = expected.evm[routeCase.paid.asset]
      moved.payer -= routeCase.amount
      moved.payee += routeCase.amount
      // EIP-3009 authorizations are settled (and their gas paid) by the facilitator.
      if (routeCase.kind !== 'authorization')
        expected.evm.eth.payer -= await evmGasCost(transaction as Hex)
    } else {
      const moved = expected.solana[routeCase.paid.asset]
      moved.payer -= routeCase.amount
      moved.payee += routeCase.amount
      // x402 on Solana has the facilitator as fee payer; h402 has the payer.
      if (routeCase.dialect === 'h402-v1') expected.solana.sol.payer -= await solanaFee(transaction)
    }
    expect(delta(before, await snapshot(payers))).toEqual(expected)
  }

  test.each(cases)('$name', paysTheRoute)

  test('the session selects the best option of the ranking that knows the balances', async () => {
    // The same fact as the two multi cases above, pinned without paying: the ranking puts the
    // affordable Solana USDC first, yet the unaffordable EVM USDC is what gets selected.
    const evmKey = await createEvmPayer(evm, { usdc: 0n })
    const solanaKey = await createSolanaPayer(solana)
    const session = new PaymentSession({
      input: uniqueUrl(devnet.serverUrl, '/x402v2/multi'),
      payers: [
        evmPayer(evmKey.account as LocalAccount, { publicClient }),
        solanaPayer(solanaKey.keypair, solanaPayerOptions),
      ],
      policy: devnetPolicy,
    })
    await session.start()
    const { options, selected } = session.getSnapshot()
    expect(options.map((entry) => [entry.option.asset.address, entry.affordable])).toEqual([
      [solana.usdcMint, true],
      [solana.token2022Mint, true],
      [evm.usdc, false],
    ])
    expect(selected?.asset.address).toBe(solana.usdcMint)
  })

  test('the default policy refuses the devnet tokens, which it does not know, and signs nothing', async () => {
    const { evmKey, solanaKey, evmSide, solanaSide, fetch } = await setUp(
      {
        name: 'default policy',
        path: '/x402v2/multi',
        dialect: 'x402-v2',
        paid: { chain: 'evm', asset: 'usdc' },
        amount: PRICE.usdc,
        kind: 'authorization',
      },
      undefined,
    )
    const payers = { evm: evmKey.address, solana: solanaKey.address }
    const url = uniqueUrl(devnet.serverUrl, '/x402v2/multi')
    const before = await snapshot(payers)

    const error = await fetch(url).catch((e: unknown) => e)

    expect(error).toBeInstanceOf(NoPayableOptionError)
    const refusals = (error as NoPayableOptionError).refusals
    expect(refusals.map((r) => r.option.asset.address)).toEqual([
      evm.usdc,
      solana.usdcMint,
      solana.token2022Mint,
    ])
    for (const refusal of refusals) expect(refusal.reason).toMatch(/^No spend cap covers /)
    expect(evmSide.calls).toEqual([])
    expect(solanaSide.calls).toEqual([])
    const log = await loggedRequests(markerOf(url))
    expect(log.map(paymentHeaderOf)).toEqual([undefined])
    expect(delta(before, await snapshot(payers))).toEqual(unchanged())
  })
})
