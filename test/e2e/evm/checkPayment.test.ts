import {
  type Address,
  type BaseError,
  createWalletClient,
  encodeFunctionData,
  erc20Abi,
  type Hex,
  parseEther,
  parseSignature,
} from 'viem'
import { describe, expect, it } from 'vitest'
import type { PaymentContext, PreparedPayment } from '../../../src/core/payer.js'
import { evmPayer } from '../../../src/evm/index.js'
import { eip3009Abi } from '../../devnet/evm/abi.js'
import { connectEvmDevnet, type EvmDevnet, randomAddress } from './evmDevnet.js'
import { contextFor, h402Quote, x402V2Quote } from './paymentRequired.js'

/** Settles an authorization as a facilitator does; returns the transaction hash. */
function settle(chain: EvmDevnet, payment: PreparedPayment): Promise<Hex> {
  const { signature, authorization: a } = payment.payload as {
    signature: Hex
    authorization: Record<string, string>
  }
  const { r, s, v, yParity } = parseSignature(signature)
  return chain.send({
    to: chain.usdc,
    data: encodeFunctionData({
      abi: eip3009Abi,
      functionName: 'transferWithAuthorization',
      args: [
        a.from as Address,
        a.to as Address,
        BigInt(a.value!),
        BigInt(a.validAfter!),
        BigInt(a.validBefore!),
        a.nonce as Hex,
        Number(v ?? BigInt(yParity + 27)),
        r,
        s,
      ],
    }),
  })
}

const check = { now: () => Math.floor(Date.now() / 1000) }

describe('evmPayer.checkPayment on the devnet', () => {
  const chain = connectEvmDevnet()

  /** Mines an empty block, so the latest block's timestamp is the node's now. */
  const mine = () => chain.publicClient.request({ method: 'evm_mine' } as never)

  it('reads an x402 authorization: unknown while it can settle, then paid with its hash', async () => {
    const account = await chain.newAccount({ eth: 0n, usdc: 1_000n, usdt: 0n })
    const { paymentRequired, option } = await x402V2Quote({
      amount: '1000',
      asset: chain.usdc,
      payTo: randomAddress(),
    })
    const payer = evmPayer(account, { publicClient: chain.publicClient })
    const payment = await payer.createPayment(option, contextFor(paymentRequired))

    const before = await payer.checkPayment(option, payment, check)
    expect(before.status).toBe('unknown')
    const hash = await settle(chain, payment)
    expect(await payer.checkPayment(option, payment, check)).toEqual({
      status: 'paid',
      transaction: hash,
    })
  })

  it('says not-paid only once the chain is past validBefore with the nonce unused', async () => {
    const account = await chain.newAccount({ eth: 0n, usdc: 1_000n, usdt: 0n })
    const { paymentRequired, option } = await x402V2Quote({
      amount: '1000',
      asset: chain.usdc,
      payTo: randomAddress(),
      maxTimeoutSeconds: 60,
    })
    const payer = evmPayer(account, { publicClient: chain.publicClient })
    // Signed by a clock ten minutes slow: its validBefore is already past on chain.
    const slow: PaymentContext = {
      ...contextFor(paymentRequired),
      now: () => Math.floor(Date.now() / 1000) - 600,
    }
    const expired = await payer.createPayment(option, slow)
    await mine()
    const verdict = await payer.checkPayment(option, expired, check)
    expect(verdict.status).toBe('not-paid')
    expect(verdict.reason).toMatch(/expired/)
    // The facilitator indeed cannot settle it any more, and nothing moved.
    await expect(settle(chain, expired)).rejects.toThrow()
    expect(await chain.tokenBalance(chain.usdc, account.address)).toBe(1_000n)

    // The same clock error the other way: valid, unused, not settled yet → unknown, never not-paid.
    const fresh = await payer.createPayment(option, contextFor(paymentRequired))
    await mine()
    expect((await payer.checkPayment(option, fresh, check)).status).toBe('unknown')
  })

  it('reads an h402 authorization the same way (its payload carries the version too)', async () => {
    const account = await chain.newAccount({ eth: 0n, usdc: 500n, usdt: 0n })
    const { paymentRequired, option } = await h402Quote({
      tokenAddress: chain.usdc,
      amountRequired: 500,
      payToAddress: randomAddress(),
    })
    const payer = evmPayer(account, { publicClient: chain.publicClient })
    const payment = await payer.createPayment(option, contextFor(paymentRequired))
    expect(payment.payload.type).toBe('authorization')
    expect((await payer.checkPayment(option, payment, check)).status).toBe('unknown')
    const hash = await settle(chain, payment)
    expect(await payer.checkPayment(option, payment, check)).toEqual({
      status: 'paid',
      transaction: hash,
    })
  })

  it('reads an h402 signed transaction: unknown until broadcast, then paid', async () => {
    const account = await chain.newAccount({ usdc: 0n, usdt: parseEther('1') })
    const { paymentRequired, option } = await h402Quote({
      tokenAddress: chain.usdt,
      amountRequired: 1_000,
      payToAddress: randomAddress(),
    })
    const payer = evmPayer(account, { publicClient: chain.publicClient })
    const payment = await payer.createPayment(option, contextFor(paymentRequired))
    expect(payment.kind).toBe('transaction')
    expect((await payer.checkPayment(option, payment, check)).status).toBe('unknown')

    const hash = await chain.publicClient.sendRawTransaction({
      serializedTransaction: payment.payload.signedTransaction as Hex,
    })
    await chain.publicClient.waitForTransactionReceipt({ hash })
    expect(await payer.checkPayment(option, payment, check)).toEqual({
      status: 'paid',
      transaction: hash,
    })
  })

  it('says an h402 signed transaction is not-paid once another transaction took its nonce', async () => {
    const account = await chain.newAccount({ usdc: 0n, usdt: parseEther('1') })
    const payTo = randomAddress()
    const { paymentRequired, option } = await h402Quote({
      tokenAddress: chain.usdt,
      amountRequired: 1_000,
      payToAddress: payTo,
    })
    const payer = evmPayer(account, { publicClient: chain.publicClient })
    const payment = await payer.createPayment(option, contextFor(paymentRequired))
    // The person spends the nonce elsewhere before the facilitator broadcasts the payment.
    const other = await createWalletClient({
      account,
      chain: chain.chain,
      transport: chain.transport,
    }).sendTransaction({ to: randomAddress(), value: 1n })
    await chain.publicClient.waitForTransactionReceipt({ hash: other })

    const verdict = await payer.checkPayment(option, payment, check)
    expect(verdict.status).toBe('not-paid')
    expect(verdict.transaction).toBe(payment.transaction)
    await expect(
      chain.publicClient.sendRawTransaction({
        serializedTransaction: payment.payload.signedTransaction as Hex,
      }),
    ).rejects.toThrow()
    expect(await chain.tokenBalance(chain.usdt, payTo)).toBe(0n)
  })

  it('reads a transfer the wallet broadcast: paid, or not-paid when it reverted', async () => {
    const account = await chain.newAccount({ usdc: 0n, usdt: 1_000n })
    const wallet = createWalletClient({ account, chain: chain.chain, transport: chain.transport })
    const { paymentRequired, option } = await h402Quote({
      tokenAddress: chain.usdt,
      amountRequired: 1_000,
      payToAddress: randomAddress(),
    })
    const payer = evmPayer(wallet)
    const payment = await payer.createPayment(option, contextFor(paymentRequired))
    expect(payment.kind).toBe('broadcast')
    expect(await payer.checkPayment(option, payment, check)).toEqual({
      status: 'paid',
      transaction: payment.transaction,
    })

    // A transfer of tokens the account no longer has reverts: the same payload shape, reverted.
    // Hardhat mines it and answers the send with an error naming its hash.
    const sendError = await wallet
      .sendTransaction({
        to: chain.usdt,
        data: encodeFunctionData({
          abi: erc20Abi,
          functionName: 'transfer',
          args: [randomAddress(), 1_000n],
        }),
        gas: 100_000n,
      })
      .catch((e: BaseError) => e)
    const reverted = (
      (sendError as BaseError).walk(
        (e) => !!(e as { data?: { txHash?: Hex } }).data?.txHash,
      ) as unknown as {
        data: { txHash: Hex }
      }
    ).data.txHash
    await chain.publicClient.waitForTransactionReceipt({ hash: reverted })
    const verdict = await payer.checkPayment(
      option,
      {
        ...payment,
        transaction: reverted,
        payload: { ...payment.payload, transactionHash: reverted },
      },
      check,
    )
    expect(verdict).toMatchObject({ status: 'not-paid', transaction: reverted })
  })
})
