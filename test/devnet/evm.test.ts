import {
  createWalletClient,
  encodeFunctionData,
  erc20Abi,
  type Hex,
  http,
  parseEther,
  parseUnits,
} from 'viem'
import { describe, expect, inject, it } from 'vitest'
import { decodeBase64Json } from './common/encoding.js'
import { postJson } from './common/http.js'
import { testUsdcAbi } from './evm/abi.js'
import { createEvmPayer, devnetEvmChain, devnetPublicClient, type EvmPayer } from './evm/index.js'
import { paymentHeader, signEip3009 } from './payloads.js'

const devnet = inject('devnet')
const { evm } = devnet
const client = devnetPublicClient(evm.rpcUrl)
const routeUrl = (path: string) => `${devnet.serverUrl}${path}`

const balanceOf = (token: `0x${string}`, owner: `0x${string}`) =>
  client.readContract({ address: token, abi: erc20Abi, functionName: 'balanceOf', args: [owner] })

function x402v2Requirements(amount = '10000') {
  return {
    scheme: 'exact',
    network: `eip155:${evm.chainId}`,
    amount,
    asset: evm.usdc,
    payTo: evm.payTo,
    maxTimeoutSeconds: 60,
    extra: { name: 'USD Coin', version: '2' },
  }
}

async function x402v2Payload(payer: EvmPayer, value: bigint, requirements = x402v2Requirements()) {
  const payload = await signEip3009(payer.account, {
    token: evm.usdc,
    chainId: evm.chainId,
    to: evm.payTo,
    value,
  })
  return { x402Version: 2, accepted: requirements, payload }
}

describe('EVM devnet', () => {
  it('deploys the tokens the routes advertise', async () => {
    const [, name, version, chainId] = await client.readContract({
      address: evm.usdc,
      abi: testUsdcAbi,
      functionName: 'eip712Domain',
    })
    expect({ name, version, chainId }).toEqual({ name: 'USD Coin', version: '2', chainId: 31337n })
    expect(
      await client.readContract({ address: evm.usdc, abi: erc20Abi, functionName: 'decimals' }),
    ).toBe(6)
    expect(
      await client.readContract({ address: evm.usdt, abi: erc20Abi, functionName: 'decimals' }),
    ).toBe(18)
    expect(
      await client.readContract({ address: evm.usdt, abi: erc20Abi, functionName: 'symbol' }),
    ).toBe('USDT')
  })

  it('verifies and settles an x402 v2 EIP-3009 payment for exactly the amount, and rejects its replay', async () => {
    const payer = await createEvmPayer(evm)
    const requirements = x402v2Requirements()
    const paymentPayload = await x402v2Payload(payer, 10000n, requirements)
    const body = { x402Version: 2, paymentPayload, paymentRequirements: requirements }
    const payTo0 = await balanceOf(evm.usdc, evm.payTo)

    const verified = await postJson(`${devnet.facilitatorUrl}/verify`, body)
    expect(verified).toEqual({ isValid: true, payer: payer.address })
    const settled = await postJson<{ success: boolean; transaction: Hex }>(
      `${devnet.facilitatorUrl}/settle`,
      body,
    )
    expect(settled).toMatchObject({
      success: true,
      network: `eip155:${evm.chainId}`,
      payer: payer.address,
    })
    const receipt = await client.getTransactionReceipt({ hash: settled.transaction })
    expect(receipt.status).toBe('success')

    expect(await balanceOf(evm.usdc, payer.address)).toBe(parseUnits('100', 6) - 10000n)
    expect(await balanceOf(evm.usdc, evm.payTo)).toBe(payTo0 + 10000n)

    const replayVerify = await postJson(`${devnet.facilitatorUrl}/verify`, body)
    expect(replayVerify).toMatchObject({
      isValid: false,
      invalidReason: 'invalid_exact_evm_nonce_already_used',
    })
    const replaySettle = await postJson(`${devnet.facilitatorUrl}/settle`, body)
    expect(replaySettle).toMatchObject({
      success: false,
      transaction: '',
      errorReason: 'invalid_exact_evm_nonce_already_used',
    })
    expect(await balanceOf(evm.usdc, payer.address)).toBe(parseUnits('100', 6) - 10000n)
  })

  it('rejects an authorization for another amount, another payee or a bad signature', async () => {
    const payer = await createEvmPayer(evm)
    const requirements = x402v2Requirements()
    const verify = (paymentPayload: unknown) =>
      postJson(`${devnet.facilitatorUrl}/verify`, {
        x402Version: 2,
        paymentPayload,
        paymentRequirements: requirements,
      })

    expect(await verify(await x402v2Payload(payer, 9999n))).toMatchObject({
      isValid: false,
      invalidReason: 'invalid_exact_evm_payload_authorization_value_mismatch',
    })
    expect(await verify(await x402v2Payload(payer, 10001n))).toMatchObject({
      isValid: false,
      invalidReason: 'invalid_exact_evm_payload_authorization_value_mismatch',
    })
    const elsewhere = await signEip3009(payer.account, {
      token: evm.usdc,
      chainId: evm.chainId,
      to: payer.address,
      value: 10000n,
    })
    expect(
      await verify({ x402Version: 2, accepted: requirements, payload: elsewhere }),
    ).toMatchObject({
      isValid: false,
      invalidReason: 'invalid_exact_evm_recipient_mismatch',
    })
    const wrongDomain = await signEip3009(payer.account, {
      token: evm.usdc,
      chainId: evm.chainId,
      to: evm.payTo,
      value: 10000n,
      name: 'USDC',
    })
    expect(
      await verify({ x402Version: 2, accepted: requirements, payload: wrongDomain }),
    ).toMatchObject({
      isValid: false,
      invalidReason: 'invalid_exact_evm_signature',
    })
    const expired = await signEip3009(payer.account, {
      token: evm.usdc,
      chainId: evm.chainId,
      to: evm.payTo,
      value: 10000n,
      validBefore: BigInt(Math.floor(Date.now() / 1000) + 3),
    })
    expect(
      await verify({ x402Version: 2, accepted: requirements, payload: expired }),
    ).toMatchObject({
      isValid: false,
      invalidReason: 'invalid_exact_evm_payload_authorization_valid_before',
    })
    const poor = await createEvmPayer(evm, { usdc: 5000n })
    expect(await verify(await x402v2Payload(poor, 10000n))).toMatchObject({
      isValid: false,
      invalidReason: 'invalid_exact_evm_insufficient_balance',
    })
  })

  it('pays the x402 v1 route with X-PAYMENT and answers X-PAYMENT-RESPONSE', async () => {
    const payer = await createEvmPayer(evm)
    const unpaid = await fetch(routeUrl('/x402v1/evm/usdc'))
    expect(unpaid.status).toBe(402)
    const required = (await unpaid.json()) as {
      x402Version: number
      accepts: Record<string, unknown>[]
    }
    expect(required.x402Version).toBe(1)
    const [requirement] = required.accepts
    expect(requirement).toMatchObject({
      scheme: 'exact',
      network: 'hardhat',
      maxAmountRequired: '10000',
      asset: evm.usdc,
    })

    const payload = await signEip3009(payer.account, {
      token: evm.usdc,
      chainId: evm.chainId,
      to: evm.payTo,
      value: 10000n,
    })
    const paid = await fetch(routeUrl('/x402v1/evm/usdc'), {
      headers: {
        'X-PAYMENT': paymentHeader({
          x402Version: 1,
          scheme: 'exact',
          network: 'hardhat',
          payload,
        }),
      },
    })
    expect(paid.status).toBe(200)
    const receipt = decodeBase64Json(paid.headers.get('X-PAYMENT-RESPONSE') ?? '') as {
      transaction: Hex
    }
    expect(receipt).toMatchObject({ success: true, network: 'hardhat', payer: payer.address })
    expect((await client.getTransactionReceipt({ hash: receipt.transaction })).status).toBe(
      'success',
    )
    expect(await balanceOf(evm.usdc, payer.address)).toBe(parseUnits('100', 6) - 10000n)
  })

  it('verifies an h402 USDT payment the client broadcast itself, once', async () => {
    const payer = await createEvmPayer(evm)
    const resource = routeUrl('/h402/evm/usdt')
    const unpaid = await fetch(resource)
    expect(unpaid.status).toBe(402)
    const { accepts } = (await unpaid.json()) as { accepts: Record<string, unknown>[] }
    expect(accepts[0]).toMatchObject({
      namespace: 'evm',
      networkId: '31337',
      tokenAddress: evm.usdt,
      amountRequired: 0.01,
      amountRequiredFormat: 'humanReadable',
      payToAddress: evm.payTo,
      resource,
    })

    const wallet = createWalletClient({
      account: payer.account,
      chain: devnetEvmChain(evm.rpcUrl),
      transport: http(evm.rpcUrl),
    })
    const signedMessage = await wallet.signMessage({ message: resource })
    const transactionHash = await wallet.writeContract({
      address: evm.usdt,
      abi: erc20Abi,
      functionName: 'transfer',
      args: [evm.payTo, parseUnits('0.01', 18)],
    })
    await client.waitForTransactionReceipt({ hash: transactionHash })
    const header = paymentHeader({
      h402Version: 1,
      scheme: 'exact',
      namespace: 'evm',
      networkId: '31337',
      resource,
      payload: { type: 'signAndSendTransaction', signedMessage, transactionHash },
    })

    const verified = await postJson(`${devnet.facilitatorUrl}/verify`, {
      payload: header,
      paymentRequirements: accepts[0],
    })
    expect(verified).toEqual({
      isValid: true,
      type: 'transaction',
      txHash: transactionHash,
      payer: payer.address,
    })

    const paid = await fetch(resource, { headers: { 'X-PAYMENT': header } })
    expect(paid.status).toBe(200)
    expect(decodeBase64Json(paid.headers.get('X-PAYMENT-RESPONSE') ?? '')).toEqual({
      success: true,
      transaction: transactionHash,
      namespace: 'evm',
      payer: payer.address,
    })
    const replay = await fetch(resource, { headers: { 'X-PAYMENT': header } })
    expect(replay.status).toBe(402)
    expect(await replay.json()).toMatchObject({ h402Version: 1, error: 'transaction_already_used' })
  })

  it('rejects an h402 broadcast that paid less, or whose resource signature is for another URL', async () => {
    const payer = await createEvmPayer(evm)
    const resource = routeUrl('/h402/evm/usdt')
    const wallet = createWalletClient({
      account: payer.account,
      chain: devnetEvmChain(evm.rpcUrl),
      transport: http(evm.rpcUrl),
    })
    const short = await wallet.writeContract({
      address: evm.usdt,
      abi: erc20Abi,
      functionName: 'transfer',
      args: [evm.payTo, parseUnits('0.0099', 18)],
    })
    await client.waitForTransactionReceipt({ hash: short })
    const payWith = (transactionHash: Hex, signedMessage: Hex) =>
      fetch(resource, {
        headers: {
          'X-PAYMENT': paymentHeader({
            h402Version: 1,
            scheme: 'exact',
            namespace: 'evm',
            networkId: '31337',
            resource,
            payload: { type: 'signAndSendTransaction', signedMessage, transactionHash },
          }),
        },
      })
    const underpaid = await payWith(short, await wallet.signMessage({ message: resource }))
    expect(underpaid.status).toBe(402)
    expect(await underpaid.json()).toMatchObject({
      error: 'invalid_exact_evm_payload_authorization_value',
    })

    const full = await wallet.writeContract({
      address: evm.usdt,
      abi: erc20Abi,
      functionName: 'transfer',
      args: [evm.payTo, parseUnits('0.01', 18)],
    })
    await client.waitForTransactionReceipt({ hash: full })
    const otherResource = await payWith(
      full,
      await wallet.signMessage({ message: `${resource}?other` }),
    )
    expect(await otherResource.json()).toMatchObject({ error: 'invalid_signed_message' })
  })

  it('settles an h402 signed USDT transaction and an EIP-3009 authorization, and takes native ETH', async () => {
    const payer = await createEvmPayer(evm)
    const wallet = createWalletClient({
      account: payer.account,
      chain: devnetEvmChain(evm.rpcUrl),
      transport: http(evm.rpcUrl),
    })
    const h402 = (path: string, payload: Record<string, unknown>) =>
      fetch(routeUrl(path), {
        headers: {
          'X-PAYMENT': paymentHeader({
            h402Version: 1,
            scheme: 'exact',
            namespace: 'evm',
            networkId: '31337',
            resource: routeUrl(path),
            payload,
          }),
        },
      })

    const request = await wallet.prepareTransactionRequest({
      to: evm.usdt,
      data: encodeFunctionData({
        abi: erc20Abi,
        functionName: 'transfer',
        args: [evm.payTo, parseUnits('0.01', 18)],
      }),
      type: 'legacy',
    })
    const signedTransaction = await wallet.signTransaction(request)
    const usdtBefore = await balanceOf(evm.usdt, evm.payTo)
    const signed = await h402('/h402/evm/usdt', { type: 'signedTransaction', signedTransaction })
    expect(signed.status).toBe(200)
    expect(await balanceOf(evm.usdt, evm.payTo)).toBe(usdtBefore + parseUnits('0.01', 18))

    const authorization = await signEip3009(payer.account, {
      token: evm.usdc,
      chainId: evm.chainId,
      to: evm.payTo,
      value: 10000n,
    })
    const usdcBefore = await balanceOf(evm.usdc, evm.payTo)
    const authorized = await h402('/h402/evm/usdc', {
      type: 'authorization',
      signature: authorization.signature,
      authorization: { ...authorization.authorization, version: '2' },
    })
    expect(authorized.status).toBe(200)
    expect(await balanceOf(evm.usdc, evm.payTo)).toBe(usdcBefore + 10000n)

    const ethBefore = await client.getBalance({ address: evm.payTo })
    const transactionHash = await wallet.sendTransaction({
      to: evm.payTo,
      value: parseEther('0.0001'),
      data: '0x',
    })
    await client.waitForTransactionReceipt({ hash: transactionHash })
    const native = await h402('/h402/evm/eth', {
      type: 'signAndSendTransaction',
      signedMessage: await wallet.signMessage({ message: routeUrl('/h402/evm/eth') }),
      transactionHash,
    })
    expect(native.status).toBe(200)
    expect(await client.getBalance({ address: evm.payTo })).toBe(ethBefore + parseEther('0.0001'))
  })

  it('gives each payer its own balances', async () => {
    const [a, b] = await Promise.all([
      createEvmPayer(evm, { usdc: 1n }),
      createEvmPayer(evm, { usdt: 2n }),
    ])
    expect(await balanceOf(evm.usdc, a.address)).toBe(1n)
    expect(await balanceOf(evm.usdt, b.address)).toBe(2n)
  })
})
