import { createKeyPairSignerFromBytes } from '@solana/kit'
import { getAssociatedTokenAddressSync, TOKEN_PROGRAM_ID } from '@solana/spl-token'
import { Connection, Keypair, PublicKey } from '@solana/web3.js'
import { x402Client } from '@x402/core/client'
import {
  decodePaymentRequiredHeader,
  decodePaymentResponseHeader,
  decodePaymentSignatureHeader,
} from '@x402/core/http'
import { ExactEvmScheme } from '@x402/evm/exact/client'
import { ExactEvmSchemeV1 } from '@x402/evm/exact/v1/client'
import { getEvmChainIdV1 } from '@x402/evm/v1'
import { type Network, wrapFetchWithPayment } from '@x402/fetch'
import { ExactSvmScheme } from '@x402/svm/exact/client'
import { ExactSvmSchemeV1 } from '@x402/svm/exact/v1/client'
import { type Address, erc20Abi, getAddress, type Hex, parseEventLogs } from 'viem'
import { generatePrivateKey, privateKeyToAccount, privateKeyToAddress } from 'viem/accounts'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import {
  createH402Fetch,
  getPaymentResult,
  type PaymentPolicy,
  parsePaymentRequired,
} from '../../../src/core/index.js'
import { evmPayer } from '../../../src/evm/index.js'
import { solanaPayer } from '../../../src/solana/index.js'
import { createEvmPayer, devnetPublicClient } from '../../devnet/evm/index.js'
import { createSolanaPayer } from '../../devnet/solana/index.js'
import { startX402Stack, X402_PRICE, X402_ROUTES, type X402Stack } from './x402Server.js'

/**
 * Interop with x402's own packages (2.27), on the local devnet, in both directions:
 * a. our client (`createH402Fetch` + `evmPayer`/`solanaPayer`) pays a resource server and
 *    facilitator built from `@x402/core`, `@x402/evm` and `@x402/svm` (./x402Server.ts);
 * b. x402's client (`@x402/fetch` + `x402Client`) pays our devnet's facilitator and demo server;
 * c. the wire documents themselves are compared with x402's own decoders.
 * Every payment is checked on chain, to the atomic unit.
 */

const devnet = inject('devnet')
const EVM_NETWORK = `eip155:${devnet.evm.chainId}` as const
const SOLANA_NETWORK = devnet.solana.network
const publicClient = devnetPublicClient(devnet.evm.rpcUrl)
const connection = new Connection(devnet.solana.rpcUrl, {
  commitment: 'confirmed',
  wsEndpoint: devnet.solana.wsUrl,
})

/** Our client may pay exactly the price, in the two devnet tokens, and nothing else. */
const policy: PaymentPolicy = {
  caps: [
    { network: EVM_NETWORK, asset: devnet.evm.usdc, max: X402_PRICE },
    { network: SOLANA_NETWORK, asset: devnet.solana.usdcMint, max: X402_PRICE },
  ],
}

function evmBalance(owner: Address): Promise<bigint> {
  return publicClient.readContract({
    address: devnet.evm.usdc,
    abi: erc20Abi,
    functionName: 'balanceOf',
    args: [owner],
  })
}

/** Every ERC-20 `Transfer` a mined transaction logged, with the emitting token. */
async function transfersIn(hash: Hex) {
  const receipt = await publicClient.getTransactionReceipt({ hash })
  expect(receipt.status).toBe('success')
  return parseEventLogs({ abi: erc20Abi, eventName: 'Transfer', logs: receipt.logs }).map(
    (log) => ({ token: getAddress(log.address), ...log.args }),
  )
}

/** USDC balance of an owner's associated token account (0 when it does not exist). */
async function splBalance(owner: string): Promise<bigint> {
  const ata = getAssociatedTokenAddressSync(
    new PublicKey(devnet.solana.usdcMint),
    new PublicKey(owner),
    true,
    TOKEN_PROGRAM_ID,
  )
  if (!(await connection.getAccountInfo(ata, 'confirmed'))) return 0n
  return BigInt((await connection.getTokenAccountBalance(ata, 'confirmed')).value.amount)
}

async function lamports(owner: string): Promise<bigint> {
  return BigInt(await connection.getBalance(new PublicKey(owner), 'confirmed'))
}

/**
 * The token balance changes a landed Solana transaction made, by owner, read from its metadata:
 * proves the transaction moved exactly one amount between exactly two accounts.
 */
async function tokenDeltas(signature: string): Promise<Record<string, bigint>> {
  const transaction = await connection.getTransaction(signature, {
    commitment: 'confirmed',
    maxSupportedTransactionVersion: 0,
  })
  expect(transaction?.meta?.err).toBeNull()
  const deltas: Record<string, bigint> = {}
  for (const [sign, balances] of [
    [-1n, transaction?.meta?.preTokenBalances ?? []],
    [1n, transaction?.meta?.postTokenBalances ?? []],
  ] as const) {
    for (const balance of balances) {
      const key = `${balance.owner}/${balance.mint}`
      deltas[key] = (deltas[key] ?? 0n) + sign * BigInt(balance.uiTokenAmount.amount)
    }
  }
  return Object.fromEntries(Object.entries(deltas).filter(([, delta]) => delta !== 0n))
}

/** One request as the client sent it and the answer it got, seen below the payment layer. */
interface Exchange {
  paymentSignature: string | null
  status: number
  paymentRequired: string | null
}

/** A `fetch` that records every exchange, so the headers our client sends can be inspected. */
function recordingFetch() {
  const exchanges: Exchange[] = []
  const recording: typeof fetch = async (input, init) => {
    const request = new Request(input, init)
    const response = await fetch(request)
    exchanges.push({
      paymentSignature: request.headers.get('PAYMENT-SIGNATURE'),
      status: response.status,
      paymentRequired: response.headers.get('PAYMENT-REQUIRED'),
    })
    return response
  }
  return { fetch: recording, exchanges }
}

/**
 * Our client as an app would set it up, with an EVM and a Solana payer (a fresh unfunded key for
 * the chain the test does not pay on), over a recording `fetch`.
 */
function ourFetch(keys: { evmKey?: Hex; solanaKeypair?: Keypair }) {
  const wire = recordingFetch()
  const pay = createH402Fetch({
    evm: evmPayer(privateKeyToAccount(keys.evmKey ?? generatePrivateKey()), {
      rpcUrls: { [devnet.evm.chainId]: devnet.evm.rpcUrl },
    }),
    solana: solanaPayer(keys.solanaKeypair ?? Keypair.generate(), { connection }),
    policy,
    fetch: wire.fetch,
  })
  return { pay, wire }
}

describe('x402 reference packages on the devnet', () => {
  /** The payee of their EVM route: a fresh address, so its balance is ours to predict. */
  const evmPayTo = privateKeyToAddress(generatePrivateKey())
  let stack: X402Stack

  beforeAll(async () => {
    stack = await startX402Stack({
      evm: { ...devnet.evm, payTo: evmPayTo },
      // x402 SVM transfers create no token account: pay the devnet payee, whose USDC account exists.
      solana: { ...devnet.solana, payTo: devnet.solana.payTo.address },
    })
  })
  afterAll(() => stack?.stop())

  describe('a. our client pays their x402 v2 server and facilitator', () => {
    it('EVM: 200, their PAYMENT-RESPONSE names the mined transfer, balances move by the price', async () => {
      const payer = await createEvmPayer(devnet.evm, { eth: 0n, usdc: 50_000n, usdt: 0n })
      const { pay, wire } = ourFetch({ evmKey: payer.privateKey })
      const callsBefore = stack.calls.length

      const response = await pay(`${stack.serverUrl}${X402_ROUTES.evm}`)
      expect(response.status).toBe(200)
      expect(await response.json()).toEqual({ ok: true, paid: true, path: X402_ROUTES.evm })

      // Their decoder reads the settlement header their server sent.
      const settlement = decodePaymentResponseHeader(response.headers.get('PAYMENT-RESPONSE')!)
      expect(settlement).toMatchObject({
        success: true,
        network: EVM_NETWORK,
        payer: payer.address,
      })
      const hash = settlement.transaction as Hex
      expect(hash).toMatch(/^0x[0-9a-f]{64}$/)
      expect(await transfersIn(hash)).toEqual([
        { token: devnet.evm.usdc, from: payer.address, to: evmPayTo, value: X402_PRICE },
      ])
      expect(await evmBalance(payer.address)).toBe(50_000n - X402_PRICE)
      expect(await evmBalance(evmPayTo)).toBe(X402_PRICE)
      // One verification and one settlement, of that transaction.
      expect(stack.calls.slice(callsBefore)).toEqual([
        { endpoint: 'verify', network: EVM_NETWORK, ok: true },
        { endpoint: 'settle', network: EVM_NETWORK, ok: true, transaction: hash },
      ])
      // Our reading of the same header agrees with theirs.
      expect(getPaymentResult(response)?.settlement).toMatchObject({
        success: true,
        transaction: hash,
        network: EVM_NETWORK,
        payer: payer.address,
      })

      // c. The envelope on the wire: one unpaid request, one paid one whose `accepted` is their
      // `accepts[0]` verbatim (their matcher compares everything but `extra` by deep equality).
      expect(wire.exchanges.map((e) => [e.status, e.paymentSignature !== null])).toEqual([
        [402, false],
        [200, true],
      ])
      const offered = decodePaymentRequiredHeader(wire.exchanges[0]!.paymentRequired!)
      const sent = decodePaymentSignatureHeader(wire.exchanges[1]!.paymentSignature!)
      expect(sent.x402Version).toBe(2)
      expect(sent.accepted).toStrictEqual(offered.accepts[0])
      expect(sent.resource).toStrictEqual(offered.resource)
    })

    it('SVM: 200, their PAYMENT-RESPONSE names the landed transfer, the facilitator pays the fee', async () => {
      const payer = await createSolanaPayer(devnet.solana, { usdc: 50_000n, token2022: 0n })
      const payee = devnet.solana.payTo.address
      const payeeBefore = await splBalance(payee)
      const solBefore = await lamports(payer.address)
      const { pay, wire } = ourFetch({ solanaKeypair: payer.keypair })
      const callsBefore = stack.calls.length

      const response = await pay(`${stack.serverUrl}${X402_ROUTES.svm}`)
      expect(response.status).toBe(200)
      expect(await response.json()).toEqual({ ok: true, paid: true, path: X402_ROUTES.svm })

      const settlement = decodePaymentResponseHeader(response.headers.get('PAYMENT-RESPONSE')!)
      expect(settlement).toMatchObject({
        success: true,
        network: SOLANA_NETWORK,
        payer: payer.address,
      })
      const signature = settlement.transaction
      expect(signature).toMatch(/^[1-9A-HJ-NP-Za-km-z]{64,90}$/)
      expect(await tokenDeltas(signature)).toEqual({
        [`${payer.address}/${devnet.solana.usdcMint}`]: -X402_PRICE,
        [`${payee}/${devnet.solana.usdcMint}`]: X402_PRICE,
      })
      expect(await splBalance(payer.address)).toBe(50_000n - X402_PRICE)
      expect(await splBalance(payee)).toBe(payeeBefore + X402_PRICE)
      expect(await lamports(payer.address)).toBe(solBefore)
      expect(stack.calls.slice(callsBefore)).toEqual([
        { endpoint: 'verify', network: SOLANA_NETWORK, ok: true },
        { endpoint: 'settle', network: SOLANA_NETWORK, ok: true, transaction: signature },
      ])
      expect(getPaymentResult(response)?.settlement).toMatchObject({
        success: true,
        transaction: signature,
        network: SOLANA_NETWORK,
      })

      // c. Their SVM server adds a recent blockhash to `extra` on every 402; we echo it untouched.
      const offered = decodePaymentRequiredHeader(wire.exchanges[0]!.paymentRequired!)
      const sent = decodePaymentSignatureHeader(wire.exchanges[1]!.paymentSignature!)
      expect(offered.accepts[0]?.extra).toHaveProperty('recentBlockhash')
      expect(sent.accepted).toStrictEqual(offered.accepts[0])
    })
  })

  describe('b. their client pays our devnet facilitator and demo server', () => {
    it('EVM x402 v2 (/x402v2/evm/usdc): 200, balances move by the price', async () => {
      const payer = await createEvmPayer(devnet.evm, { eth: 0n, usdc: 50_000n, usdt: 0n })
      const payee = devnet.evm.payTo
      const payeeBefore = await evmBalance(payee)
      // TestUSDC is not one of x402's default assets: its spend controls refuse it unless listed
      // (toolchain.md §7). Listing it with a cap of exactly the price keeps the control meaningful.
      const client = new x402Client()
        .register('eip155:*', new ExactEvmScheme(privateKeyToAccount(payer.privateKey)))
        .setSpendControls({
          allowedAssets: [
            { network: EVM_NETWORK, asset: devnet.evm.usdc, maxAmountPerPayment: `${X402_PRICE}` },
          ],
        })
      const pay = wrapFetchWithPayment(fetch, client)

      const response = await pay(`${devnet.serverUrl}/x402v2/evm/usdc`)
      expect(response.status).toBe(200)
      const body = (await response.json()) as { paid: boolean; payer: string; transaction: Hex }
      expect(body).toMatchObject({ paid: true, payer: payer.address })
      const settlement = decodePaymentResponseHeader(response.headers.get('PAYMENT-RESPONSE')!)
      expect(settlement).toMatchObject({
        success: true,
        network: EVM_NETWORK,
        payer: payer.address,
        transaction: body.transaction,
      })
      expect(await transfersIn(body.transaction)).toEqual([
        { token: devnet.evm.usdc, from: payer.address, to: payee, value: X402_PRICE },
      ])
      expect(await evmBalance(payer.address)).toBe(50_000n - X402_PRICE)
      expect(await evmBalance(payee)).toBe(payeeBefore + X402_PRICE)
    })

    it('SVM x402 v2 (/x402v2/solana/usdc): 200, balances move by the price, no SOL spent', async () => {
      const payer = await createSolanaPayer(devnet.solana, { usdc: 50_000n, token2022: 0n })
      const payee = devnet.solana.payTo.address
      const payeeBefore = await splBalance(payee)
      const solBefore = await lamports(payer.address)
      const signer = await createKeyPairSignerFromBytes(payer.keypair.secretKey)
      const client = new x402Client()
        .register(SOLANA_NETWORK, new ExactSvmScheme(signer, { rpcUrl: devnet.solana.rpcUrl }))
        .setSpendControls({
          allowedAssets: [
            {
              network: SOLANA_NETWORK,
              asset: devnet.solana.usdcMint,
              maxAmountPerPayment: `${X402_PRICE}`,
            },
          ],
        })
      const pay = wrapFetchWithPayment(fetch, client)

      const response = await pay(`${devnet.serverUrl}/x402v2/solana/usdc`)
      expect(response.status).toBe(200)
      const body = (await response.json()) as { paid: boolean; payer: string; transaction: string }
      expect(body).toMatchObject({ paid: true, payer: payer.address })
      const settlement = decodePaymentResponseHeader(response.headers.get('PAYMENT-RESPONSE')!)
      expect(settlement).toMatchObject({
        success: true,
        network: SOLANA_NETWORK,
        transaction: body.transaction,
      })
      expect(await tokenDeltas(body.transaction)).toEqual({
        [`${payer.address}/${devnet.solana.usdcMint}`]: -X402_PRICE,
        [`${payee}/${devnet.solana.usdcMint}`]: X402_PRICE,
      })
      expect(await splBalance(payer.address)).toBe(50_000n - X402_PRICE)
      expect(await splBalance(payee)).toBe(payeeBefore + X402_PRICE)
      expect(await lamports(payer.address)).toBe(solBefore)
    })

    it('SVM x402 v1 (/x402v1/solana/usdc, "solana-devnet"): 200, balances move by the price', async () => {
      const payer = await createSolanaPayer(devnet.solana, { usdc: 50_000n, token2022: 0n })
      const payee = devnet.solana.payTo.address
      const payeeBefore = await splBalance(payee)
      const signer = await createKeyPairSignerFromBytes(payer.keypair.secretKey)
      // @x402/svm's v1 client knows "solana-devnet", the name the devnet poses under.
      const client = new x402Client()
        .registerV1('solana-devnet', new ExactSvmSchemeV1(signer, { rpcUrl: devnet.solana.rpcUrl }))
        .setSpendControls({
          allowedAssets: [
            {
              // A v1 requirement names its network, and the entry is matched against that name,
              // but `SpendControlAsset.network` is typed as a CAIP-2 id: hence the cast.
              network: 'solana-devnet' as Network,
              asset: devnet.solana.usdcMint,
              maxAmountPerPayment: `${X402_PRICE}`,
            },
          ],
        })
      const pay = wrapFetchWithPayment(fetch, client)

      const response = await pay(`${devnet.serverUrl}/x402v1/solana/usdc`)
      expect(response.status).toBe(200)
      const body = (await response.json()) as { paid: boolean; payer: string; transaction: string }
      expect(body).toMatchObject({ paid: true, payer: payer.address })
      const settlement = decodePaymentResponseHeader(response.headers.get('X-PAYMENT-RESPONSE')!)
      expect(settlement).toMatchObject({ success: true, transaction: body.transaction })
      expect(await tokenDeltas(body.transaction)).toEqual({
        [`${payer.address}/${devnet.solana.usdcMint}`]: -X402_PRICE,
        [`${payee}/${devnet.solana.usdcMint}`]: X402_PRICE,
      })
      expect(await splBalance(payer.address)).toBe(50_000n - X402_PRICE)
      expect(await splBalance(payee)).toBe(payeeBefore + X402_PRICE)
    })

    it('EVM x402 v1: @x402/evm has no name for chain 31337, so it cannot pay "hardhat" (nothing moves)', async () => {
      // x402 v1 names networks, and @x402/evm maps names to chain ids from a fixed table
      // (EVM_NETWORK_CHAIN_ID_MAP); "hardhat" is our own v1 name for 31337 and is not in it.
      expect(() => getEvmChainIdV1('hardhat')).toThrow('Unsupported v1 network: hardhat')
      const payer = await createEvmPayer(devnet.evm, { eth: 0n, usdc: 50_000n, usdt: 0n })
      const client = new x402Client()
        .registerV1('hardhat', new ExactEvmSchemeV1(privateKeyToAccount(payer.privateKey)))
        // Every spend control off, so that only the network name can stand in the way.
        .setSpendControls({ allowedAssets: true, maxAmountPerPayment: false })
      const pay = wrapFetchWithPayment(fetch, client)
      await expect(pay(`${devnet.serverUrl}/x402v1/evm/usdc`)).rejects.toThrow(
        'Unsupported v1 network: hardhat',
      )
      expect(await evmBalance(payer.address)).toBe(50_000n)
    })
  })

  describe('c. the wire: their 402 as our parser reads it', () => {
    for (const route of ['evm', 'svm'] as const) {
      it(`${route}: one supported option whose raw entry is their accepts[0], field for field`, async () => {
        const url = `${stack.serverUrl}${X402_ROUTES[route]}`
        const response = await fetch(url)
        expect(response.status).toBe(402)
        const theirs = decodePaymentRequiredHeader(response.headers.get('PAYMENT-REQUIRED')!)
        const ours = await parsePaymentRequired(response)

        expect(ours.protocol).toBe('x402-v2')
        expect(ours.raw).toStrictEqual(theirs)
        expect(ours.options).toHaveLength(1)
        const option = ours.options[0]!
        expect(option.supported).toBe(true)
        expect(option.raw).toStrictEqual(theirs.accepts[0])
        expect(ours.resource).toEqual({
          url,
          description: theirs.resource?.description,
          mimeType: 'application/json',
        })
        expect(option).toMatchObject(
          route === 'evm'
            ? {
                scheme: 'exact',
                network: { id: EVM_NETWORK, chainId: devnet.evm.chainId },
                asset: { address: devnet.evm.usdc, eip712: { name: 'USD Coin', version: '2' } },
                amount: X402_PRICE,
                payTo: evmPayTo,
                maxTimeoutSeconds: 60,
              }
            : {
                scheme: 'exact',
                network: { id: SOLANA_NETWORK },
                asset: { address: devnet.solana.usdcMint },
                amount: X402_PRICE,
                payTo: devnet.solana.payTo.address,
                maxTimeoutSeconds: 60,
                extra: { feePayer: devnet.solana.feePayer.address },
              },
        )
      })
    }
  })
})
