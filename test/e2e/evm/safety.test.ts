import { createPublicClient, createWalletClient, http, type LocalAccount, parseEther } from 'viem'
import { describe, expect, it } from 'vitest'
import { UnsupportedOptionError } from '../../../src/core/errors/policy.js'
import { InsufficientFundsError } from '../../../src/core/errors/wallet.js'
import { evmPayer, readTokenDecimals } from '../../../src/evm/index.js'
import { connectEvmDevnet, randomAddress } from './evmDevnet.js'
import { contextFor, h402Quote, x402V2Quote } from './paymentRequired.js'

const nativeAddress = '0x0000000000000000000000000000000000000000'

/** The account, counting every prompt. */
function counting(account: LocalAccount): { account: LocalAccount; prompts: () => number } {
  let prompts = 0
  const count =
    <A extends unknown[], R>(sign: (...args: A) => R) =>
    (...args: A): R => {
      prompts++
      return sign(...args)
    }
  return {
    prompts: () => prompts,
    account: {
      ...account,
      signMessage: count(account.signMessage),
      signTransaction: count(account.signTransaction),
      signTypedData: count(account.signTypedData),
    } as LocalAccount,
  }
}

describe('evmPayer on the devnet: what is signed is what was shown', () => {
  const chain = connectEvmDevnet()

  it('reads decimals() of tokens the registry does not know', async () => {
    expect(await readTokenDecimals(chain.publicClient, chain.usdc)).toBe(6)
    expect(await readTokenDecimals(chain.publicClient, chain.usdt)).toBe(18)
    // An account without code answers nothing.
    expect(await readTokenDecimals(chain.publicClient, randomAddress())).toBeUndefined()
  })

  it('describes an option with the decimals the chain states', async () => {
    const account = await chain.newAccount({ usdc: 0n, usdt: 0n })
    const payer = evmPayer(account, { publicClient: chain.publicClient })
    const x402 = await x402V2Quote({ amount: '1000', asset: chain.usdc, payTo: randomAddress() })
    expect(x402.option.asset.decimals).toBeUndefined()
    expect(await payer.describeOption(x402.option)).toEqual({ decimals: 6, extraCosts: [] })
    const h402 = await h402Quote({
      tokenAddress: chain.usdt,
      tokenDecimals: 18,
      amountRequired: 0.01,
      amountRequiredFormat: 'humanReadable',
      payToAddress: randomAddress(),
    })
    expect(await payer.describeOption(h402.option)).toEqual({ decimals: 18, extraCosts: [] })
  })

  it('refuses, before any prompt, a server that lies about the decimals of USDT', async () => {
    // "0.01" at 2 decimals is 1 atomic unit; at USDT's real 18 the person would be shown 0.01
    // of a token worth 1e-18. Any disagreement is refused.
    const { account, prompts } = counting(
      await chain.newAccount({ usdc: 0n, usdt: parseEther('1') }),
    )
    const { paymentRequired, option } = await h402Quote({
      tokenAddress: chain.usdt,
      tokenDecimals: 2,
      amountRequired: 100,
      amountRequiredFormat: 'humanReadable',
      payToAddress: randomAddress(),
    })
    expect(option.asset.decimals).toBe(2)
    const payer = evmPayer(account, { publicClient: chain.publicClient })
    await expect(payer.describeOption(option)).rejects.toBeInstanceOf(UnsupportedOptionError)
    const context = contextFor(paymentRequired)
    const error = await payer.createPayment(option, context).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(UnsupportedOptionError)
    expect((error as UnsupportedOptionError).details).toMatch(/2 decimals, but the token says 18/)
    expect(prompts()).toBe(0)
    expect(context.steps).toEqual([])
  })

  it('signs the resource only when it is on the origin of the request being paid', async () => {
    const { account, prompts } = counting(
      await chain.newAccount({ usdc: 0n, usdt: parseEther('1') }),
    )
    const payer = evmPayer(account, { publicClient: chain.publicClient })
    const pay = async (resource: string, requestUrl: string) => {
      const { paymentRequired, option } = await h402Quote({
        tokenAddress: chain.usdt,
        amountRequired: 1,
        payToAddress: randomAddress(),
        resource,
      })
      return payer.createPayment(option, { ...contextFor(paymentRequired), requestUrl })
    }
    const paid = await pay('http://127.0.0.1/image?prompt=cat', 'http://127.0.0.1/image?prompt=cat')
    expect(paid.payload.type).toBe('signedTransaction')
    expect(prompts()).toBe(2)

    for (const [resource, reason] of [
      ['https://other.example/image', /on https:\/\/other.example, not on http:\/\/127.0.0.1/],
      ['Sign in to other.example\nNonce: 1', /not a URL|spaces or line breaks/],
      ['javascript:alert(1)', /javascript: URL/],
    ] as const) {
      const error = await pay(resource, 'http://127.0.0.1/image').catch((e: unknown) => e)
      expect(error).toBeInstanceOf(UnsupportedOptionError)
      expect((error as UnsupportedOptionError).details).toMatch(reason)
    }
    expect(prompts()).toBe(2)
  })

  it('refuses a native payment whose value is covered but not the value plus the gas', async () => {
    const amount = parseEther('0.5')
    // 0.5 ETH plus 1 000 wei: the amount is there, the gas is not.
    const { account, prompts } = counting(
      await chain.newAccount({ eth: amount + 1_000n, usdc: 0n, usdt: 0n }),
    )
    const { paymentRequired, option } = await h402Quote({
      tokenAddress: nativeAddress,
      tokenDecimals: 18,
      amountRequired: 0.5,
      amountRequiredFormat: 'humanReadable',
      payToAddress: randomAddress(),
    })
    for (const signer of [
      account,
      createWalletClient({ account, chain: chain.chain, transport: chain.transport }),
    ]) {
      const error = await evmPayer(signer, { publicClient: chain.publicClient })
        .createPayment(option, contextFor(paymentRequired))
        .catch((e: unknown) => e)
      expect(error).toBeInstanceOf(InsufficientFundsError)
      expect((error as InsufficientFundsError).required).toBeGreaterThan(amount)
    }
    expect(prompts()).toBe(0)
  })

  it('probes a plain ERC-20 once, without retrying its revert, over an http RPC', async () => {
    const account = await chain.newAccount({ usdc: 0n, usdt: parseEther('1') })
    const calls: string[] = []
    // viem's http transport retries a -32603 three times by default (about 1.2 s).
    const publicClient = createPublicClient({
      chain: chain.chain,
      transport: http(chain.rpcUrl, {
        onFetchRequest: async (request) => {
          const body = (await request.clone().json()) as { method: string }
          if (body.method === 'eth_call') calls.push(body.method)
        },
      }),
    })
    const payer = evmPayer(account, { publicClient })
    const { paymentRequired, option } = await h402Quote({
      tokenAddress: chain.usdt,
      amountRequired: 1,
      payToAddress: randomAddress(),
    })
    const started = performance.now()
    await payer.createPayment(option, contextFor(paymentRequired))
    const first = performance.now() - started
    const probes = calls.length
    await payer.createPayment(option, contextFor(paymentRequired))
    expect(first).toBeLessThan(600)
    // authorizationState (reverts) + balanceOf; the second payment asks only balanceOf again.
    expect(probes).toBe(2)
    expect(calls.length).toBe(probes + 1)
  })
})
