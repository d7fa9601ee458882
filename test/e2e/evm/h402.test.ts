import {
  type Address,
  createWalletClient,
  decodeFunctionData,
  encodeFunctionData,
  erc20Abi,
  type Hex,
  keccak256,
  type LocalAccount,
  parseEther,
  parseTransaction,
  verifyMessage,
} from 'viem'
import { describe, expect, it } from 'vitest'
import { InsufficientFundsError } from '../../../src/core/errors/wallet.js'
import type { PreparedPayment } from '../../../src/core/payer.js'
import { evmPayer } from '../../../src/evm/index.js'
import { supportsEip3009 } from '../../../src/evm/supportsEip3009.js'
import { supportsH402Authorization } from '../../../src/evm/supportsH402Authorization.js'
import { eip3009Abi } from '../../devnet/evm/abi.js'
import { connectEvmDevnet, randomAddress } from './evmDevnet.js'
import { contextFor, h402Quote } from './paymentRequired.js'

const nativeAddress = '0x0000000000000000000000000000000000000000'

/** The account, counting every signature it gives. */
function counting(account: LocalAccount): { account: LocalAccount; prompts: () => number } {
  let prompts = 0
  return {
    prompts: () => prompts,
    account: {
      ...account,
      signMessage: (parameters) => {
        prompts++
        return account.signMessage(parameters)
      },
      signTransaction: (transaction, options) => {
        prompts++
        return account.signTransaction(transaction, options)
      },
      signTypedData: (typedData) => {
        prompts++
        return account.signTypedData(typedData)
      },
    },
  }
}

describe('h402 on the devnet', () => {
  const chain = connectEvmDevnet()
  const { usdc, usdt, circleUsdc } = chain
  const resource = 'http://127.0.0.1/image?prompt=cat'

  /** A WalletClient over the chain's transport, like a browser wallet's. */
  function walletClient(account: Address | LocalAccount) {
    return createWalletClient({ chain: chain.chain, transport: chain.transport, account })
  }

  it('detects EIP-3009 by authorizationState(): USDC has it, USDT and ETH do not', async () => {
    const read = async () => chain.publicClient
    const option = async (tokenAddress: Address) =>
      (
        await h402Quote({
          tokenAddress,
          amountRequired: 1,
          payToAddress: randomAddress(),
          tokenDecimals: tokenAddress === nativeAddress ? 18 : undefined,
        })
      ).option
    expect(await supportsEip3009(await option(usdc), read)).toBe(true)
    expect(await supportsEip3009(await option(usdt), read)).toBe(false)
    expect(await supportsEip3009(await option(nativeAddress), read)).toBe(false)
    // What h402's facilitator needs on top: verifyTransferAuthorization, which Circle's USDC lacks.
    expect(await supportsEip3009(await option(circleUsdc), read)).toBe(true)
    expect(await supportsH402Authorization(await option(usdc), read)).toBe(true)
    expect(await supportsH402Authorization(await option(circleUsdc), read)).toBe(false)
    expect(await supportsH402Authorization(await option(usdt), read)).toBe(false)
  })

  it("pays USDC with Circle's interface by a signed transfer, not an authorization h402 would refuse", async () => {
    const account = await chain.newAccount({
      eth: parseEther('1'),
      usdc: 0n,
      usdt: 0n,
      circleUsdc: 2_000_000n,
    })
    const payTo = randomAddress()
    const { paymentRequired, option } = await h402Quote({
      tokenAddress: circleUsdc,
      tokenDecimals: 6,
      amountRequired: 1_500_000,
      payToAddress: payTo,
      extra: { name: 'USD Coin', version: '2' },
    })
    const payment = await evmPayer(account, { publicClient: chain.publicClient }).createPayment(
      option,
      contextFor(paymentRequired),
    )
    expect(payment.kind).toBe('transaction')
    expect(payment.payload.type).toBe('signedTransaction')
    const hash = await chain.publicClient.sendRawTransaction({
      serializedTransaction: payment.payload.signedTransaction as Hex,
    })
    expect((await chain.publicClient.waitForTransactionReceipt({ hash })).status).toBe('success')
    expect(await chain.tokenBalance(circleUsdc, account.address)).toBe(500_000n)
    expect(await chain.tokenBalance(circleUsdc, payTo)).toBe(1_500_000n)
  })

  it('pays an EIP-3009 token with an authorization the facilitator settles (bytes overload)', async () => {
    const account = await chain.newAccount({ eth: 0n, usdc: 2_000_000n, usdt: 0n })
    const payTo = randomAddress().toLowerCase()
    const { paymentRequired, option } = await h402Quote({
      tokenAddress: usdc,
      amountRequired: 1_500_000,
      payToAddress: payTo,
    })
    const payment = await evmPayer(account, { publicClient: chain.publicClient }).createPayment(
      option,
      contextFor(paymentRequired),
    )
    expect(payment.kind).toBe('authorization')
    const {
      type,
      signature,
      authorization: a,
    } = payment.payload as {
      type: string
      signature: Hex
      authorization: Record<string, string>
    }
    expect(type).toBe('authorization')
    expect(a.version).toBe('2')
    expect(a.to).toBe(payTo)

    await chain.send({
      to: usdc,
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
          signature,
        ],
      }),
    })
    expect(await chain.tokenBalance(usdc, account.address)).toBe(500_000n)
    expect(await chain.tokenBalance(usdc, payTo as Address)).toBe(1_500_000n)
  })

  it('signs a USDT transfer from a LocalAccount that, sent raw, moves exactly the amount', async () => {
    const { account, prompts } = counting(
      await chain.newAccount({ eth: parseEther('1'), usdc: 0n, usdt: parseEther('1') }),
    )
    const payTo = randomAddress()
    const amount = parseEther('0.01')
    const { paymentRequired, option } = await h402Quote({
      tokenAddress: usdt,
      tokenDecimals: 18,
      amountRequired: 0.01,
      amountRequiredFormat: 'humanReadable',
      payToAddress: payTo,
    })
    expect(option.amount).toBe(amount)
    const context = contextFor(paymentRequired)
    const payment = await evmPayer(account, { publicClient: chain.publicClient }).createPayment(
      option,
      context,
    )

    expect(payment.kind).toBe('transaction')
    expect(context.steps).toEqual(['signing-message', 'signing'])
    expect(prompts()).toBe(2)
    const { type, signedTransaction, signedMessage } = payment.payload as {
      type: string
      signedTransaction: Hex
      signedMessage: Hex
    }
    expect(type).toBe('signedTransaction')
    expect(
      await verifyMessage({
        address: account.address,
        message: resource,
        signature: signedMessage,
      }),
    ).toBe(true)
    const transaction = parseTransaction(signedTransaction)
    expect(transaction.to?.toLowerCase()).toBe(usdt.toLowerCase())
    expect(decodeFunctionData({ abi: erc20Abi, data: transaction.data! }).args).toEqual([
      payTo,
      amount,
    ])
    expect(payment.transaction).toBe(keccak256(signedTransaction))

    // What the h402 facilitator does with it: broadcast as is.
    const hash = await chain.publicClient.sendRawTransaction({
      serializedTransaction: signedTransaction,
    })
    expect(hash).toBe(payment.transaction)
    expect((await chain.publicClient.waitForTransactionReceipt({ hash })).status).toBe('success')
    expect(await chain.tokenBalance(usdt, account.address)).toBe(parseEther('0.99'))
    expect(await chain.tokenBalance(usdt, payTo)).toBe(amount)
  })

  async function expectOneBroadcast(
    from: Address,
    payment: PreparedPayment,
    nonceBefore: number,
  ): Promise<void> {
    expect(payment.kind).toBe('broadcast')
    const { type, transactionHash, signedMessage } = payment.payload as {
      type: string
      transactionHash: Hex
      signedMessage: Hex
    }
    expect(type).toBe('signAndSendTransaction')
    expect(transactionHash).toBe(payment.transaction)
    const receipt = await chain.publicClient.getTransactionReceipt({ hash: transactionHash })
    expect(receipt.status).toBe('success')
    expect(receipt.from.toLowerCase()).toBe(from.toLowerCase())
    expect(await chain.publicClient.getTransactionCount({ address: from })).toBe(nonceBefore + 1)
    expect(
      await verifyMessage({ address: from, message: resource, signature: signedMessage }),
    ).toBe(true)
  }

  it.each([
    { signer: 'an unlocked node account (eth_sendTransaction)' },
    { signer: 'a LocalAccount wrapped in a WalletClient' },
  ])('broadcasts a USDT transfer from a WalletClient with $signer, once', async ({ signer }) => {
    const from =
      signer === 'a LocalAccount wrapped in a WalletClient'
        ? await chain.newAccount({ usdc: 0n, usdt: 0n })
        : chain.unlockedAccount
    const wallet = walletClient(from)
    const address = wallet.account.address
    const payTo = randomAddress()
    const amount = 123_456_789n
    await chain.mint(usdt, address, amount)
    const tokensBefore = await chain.tokenBalance(usdt, address)
    const { paymentRequired, option } = await h402Quote({
      tokenAddress: usdt,
      amountRequired: Number(amount),
      payToAddress: payTo,
    })
    const nonceBefore = await chain.publicClient.getTransactionCount({ address })
    const context = contextFor(paymentRequired)
    // No publicClient: a browser wallet's own transport serves the reads.
    const payment = await evmPayer(wallet).createPayment(option, context)

    expect(context.steps).toEqual(['signing-message', 'broadcasting', 'confirming'])
    await expectOneBroadcast(address, payment, nonceBefore)
    expect(await chain.tokenBalance(usdt, address)).toBe(tokensBefore - amount)
    expect(await chain.tokenBalance(usdt, payTo)).toBe(amount)
  })

  it('broadcasts a native ETH transfer with data 0x and the exact value', async () => {
    const account = await chain.newAccount({ eth: parseEther('1'), usdc: 0n, usdt: 0n })
    const wallet = walletClient(account)
    const payTo = randomAddress()
    const amount = parseEther('0.25')
    const { paymentRequired, option } = await h402Quote({
      tokenAddress: nativeAddress,
      tokenDecimals: 18,
      amountRequired: 0.25,
      amountRequiredFormat: 'humanReadable',
      payToAddress: payTo,
    })
    const payer = evmPayer(wallet)
    expect(await payer.getBalance!(option)).toBe(parseEther('1'))
    const payment = await payer.createPayment(option, contextFor(paymentRequired))

    await expectOneBroadcast(account.address, payment, 0)
    const transaction = await chain.publicClient.getTransaction({
      hash: payment.transaction as Hex,
    })
    expect(transaction.input).toBe('0x')
    expect(transaction.value).toBe(amount)
    expect(await chain.publicClient.getBalance({ address: payTo })).toBe(amount)
  })

  it('throws InsufficientFundsError before any prompt or broadcast when the token balance is short', async () => {
    const { account, prompts } = counting(await chain.newAccount({ usdc: 0n, usdt: 99n }))
    const { paymentRequired, option } = await h402Quote({
      tokenAddress: usdt,
      amountRequired: 100,
      payToAddress: randomAddress(),
    })
    for (const payer of [
      evmPayer(walletClient(account)),
      evmPayer(account, { publicClient: chain.publicClient }),
    ]) {
      const context = contextFor(paymentRequired)
      const error = await payer.createPayment(option, context).catch((e: unknown) => e)
      expect(error).toBeInstanceOf(InsufficientFundsError)
      expect((error as InsufficientFundsError).required).toBe(100n)
      expect((error as InsufficientFundsError).available).toBe(99n)
      expect(context.steps).toEqual([])
    }
    expect(prompts()).toBe(0)
    expect(await chain.publicClient.getTransactionCount({ address: account.address })).toBe(0)
  })

  it('throws InsufficientFundsError in ETH when the tokens are there but not the gas', async () => {
    const { account, prompts } = counting(
      await chain.newAccount({ eth: 0n, usdc: 0n, usdt: 1_000n }),
    )
    const { paymentRequired, option } = await h402Quote({
      tokenAddress: usdt,
      amountRequired: 1_000,
      payToAddress: randomAddress(),
    })
    const error = await evmPayer(walletClient(account))
      .createPayment(option, contextFor(paymentRequired))
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(InsufficientFundsError)
    expect((error as InsufficientFundsError).shortMessage).toBe('Not enough ETH to pay.')
    expect(prompts()).toBe(0)
    expect(await chain.tokenBalance(usdt, account.address)).toBe(1_000n)
  })
})
