import { type Address, encodeFunctionData, type Hex, type LocalAccount, parseSignature } from 'viem'
import { describe, expect, it } from 'vitest'
import { UnsupportedOptionError } from '../../../src/core/errors/policy.js'
import { InsufficientFundsError } from '../../../src/core/errors/wallet.js'
import type { PreparedPayment } from '../../../src/core/payer.js'
import { evmPayer } from '../../../src/evm/index.js'
import { eip3009Abi } from '../../devnet/evm/abi.js'
import { connectEvmDevnet, type EvmDevnet, randomAddress } from './evmDevnet.js'
import { contextFor, x402V1Quote, x402V2Quote } from './paymentRequired.js'

interface Authorization {
  from: Address
  to: Address
  value: string
  validAfter: string
  validBefore: string
  nonce: Hex
}

/** Settles the payload as x402's facilitators do for a 65-byte signature (the v, r, s overload). */
function settle(chain: EvmDevnet, token: Address, payment: PreparedPayment): Promise<Hex> {
  const { signature, authorization: a } = payment.payload as {
    signature: Hex
    authorization: Authorization
  }
  const { r, s, v, yParity } = parseSignature(signature)
  return chain.send({
    to: token,
    data: encodeFunctionData({
      abi: eip3009Abi,
      functionName: 'transferWithAuthorization',
      args: [
        a.from,
        a.to,
        BigInt(a.value),
        BigInt(a.validAfter),
        BigInt(a.validBefore),
        a.nonce,
        Number(v ?? BigInt(yParity + 27)),
        r,
        s,
      ],
    }),
  })
}

describe('x402 exact on the devnet (EIP-3009)', () => {
  const chain = connectEvmDevnet()
  const usdc = chain.usdc
  /** A payer holding only `usdc` TestUSDC: no ETH, since an authorization costs the payer no gas. */
  const newPayer = (usdc: bigint) => chain.newAccount({ eth: 0n, usdc, usdt: 0n })

  it('signs an authorization that transferWithAuthorization settles for exactly the amount, once', async () => {
    const account = await newPayer(5_000_000n)
    const payTo = randomAddress()
    const { paymentRequired, option } = await x402V2Quote({
      amount: '1250000',
      asset: usdc,
      payTo: payTo.toLowerCase(),
      extra: { name: 'USD Coin', version: '2' },
    })
    const payment = await evmPayer(account, { publicClient: chain.publicClient }).createPayment(
      option,
      contextFor(paymentRequired),
    )
    expect(payment.kind).toBe('authorization')

    await settle(chain, usdc, payment)
    expect(await chain.tokenBalance(usdc, account.address)).toBe(3_750_000n)
    expect(await chain.tokenBalance(usdc, payTo)).toBe(1_250_000n)
    // The nonce is spent: the same authorization cannot move money twice.
    await expect(settle(chain, usdc, payment)).rejects.toThrow()
    expect(await chain.tokenBalance(usdc, payTo)).toBe(1_250_000n)
  })

  it('pays an x402 v1 option (maxAmountRequired, network "hardhat") the same way', async () => {
    const account = await newPayer(1_000n)
    const payTo = randomAddress()
    const { paymentRequired, option } = await x402V1Quote({
      maxAmountRequired: '1000',
      asset: usdc,
      payTo,
      extra: { name: 'USD Coin', version: '2' },
    })
    const payment = await evmPayer(account).createPayment(option, contextFor(paymentRequired))
    await settle(chain, usdc, payment)
    expect(await chain.tokenBalance(usdc, account.address)).toBe(0n)
    expect(await chain.tokenBalance(usdc, payTo)).toBe(1_000n)
  })

  it('reads the domain of TestUSDC, unknown to the registry and sent without extra, by EIP-5267', async () => {
    const account = await newPayer(700n)
    const payTo = randomAddress()
    const { paymentRequired, option } = await x402V2Quote({ amount: '700', asset: usdc, payTo })
    expect(option.asset.eip712).toBeUndefined()

    const payment = await evmPayer(account, { publicClient: chain.publicClient }).createPayment(
      option,
      contextFor(paymentRequired),
    )
    await settle(chain, usdc, payment)
    expect(await chain.tokenBalance(usdc, payTo)).toBe(700n)
  })

  it('reads the domain by name() and version() when the token has no eip712Domain()', async () => {
    const asset = await chain.deployLegacyUsdc('Old Dollar', '1')
    const account = await newPayer(0n)
    await chain.mint(asset, account.address, 700n)
    const payTo = randomAddress()
    const { paymentRequired, option } = await x402V2Quote({ amount: '700', asset, payTo })
    expect(option.asset.eip712).toBeUndefined()

    const payment = await evmPayer(account, { rpcUrls: { 31337: chain.rpcUrl } }).createPayment(
      option,
      contextFor(paymentRequired),
    )
    await settle(chain, asset, payment)
    expect(await chain.tokenBalance(asset, payTo)).toBe(700n)
    expect(await chain.tokenBalance(asset, account.address)).toBe(0n)
  })

  it('refuses, without a prompt, a token that tells no EIP-712 domain', async () => {
    // TestUSDT has name() but neither version() nor eip712Domain().
    const asset = chain.usdt
    const account = await newPayer(0n)
    let prompts = 0
    const counting: LocalAccount = {
      ...account,
      signTypedData: (typedData) => {
        prompts++
        return account.signTypedData(typedData)
      },
    }
    const { paymentRequired, option } = await x402V2Quote({
      amount: '1',
      asset,
      payTo: randomAddress(),
    })
    const error = await evmPayer(counting, { publicClient: chain.publicClient })
      .createPayment(option, contextFor(paymentRequired))
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(UnsupportedOptionError)
    expect((error as UnsupportedOptionError).details).toMatch(/EIP-712 domain is unknown/)
    expect(prompts).toBe(0)
  })

  it('reads balances, and refuses before signing when the token balance is short', async () => {
    const account = await newPayer(999n)
    const { paymentRequired, option } = await x402V2Quote({
      amount: '1000',
      asset: usdc,
      payTo: randomAddress(),
      extra: { name: 'USD Coin', version: '2' },
    })
    const payer = evmPayer(account, { publicClient: chain.publicClient })
    expect(await payer.getBalance!(option)).toBe(999n)
    const error = await payer
      .createPayment(option, contextFor(paymentRequired))
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(InsufficientFundsError)
    expect((error as InsufficientFundsError).available).toBe(999n)
  })
})
