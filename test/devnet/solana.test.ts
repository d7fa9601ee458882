import { address, createSolanaRpc, signature as toSignature } from '@solana/kit'
import { TOKEN_2022_PROGRAM_ID, TOKEN_PROGRAM_ID } from '@solana/spl-token'
import {
  Connection,
  LAMPORTS_PER_SOL,
  PublicKey,
  SystemProgram,
  Transaction,
} from '@solana/web3.js'
import { describe, expect, inject, it } from 'vitest'
import { decodeBase64Json } from './common/encoding.js'
import { postJson } from './common/http.js'
import {
  h402SolanaTransaction,
  memoInstruction,
  paymentHeader,
  x402SolanaTransaction,
} from './payloads.js'
import { toBase58 } from './solana/base58.js'
import { createSolanaPayer } from './solana/index.js'

const devnet = inject('devnet')
const { solana } = devnet
const connection = new Connection(solana.rpcUrl, 'confirmed')
const routeUrl = (path: string) => `${devnet.serverUrl}${path}`

const tokenBalance = async (account: string) =>
  BigInt((await connection.getTokenAccountBalance(new PublicKey(account))).value.amount)

async function paymentRequiredV2(path: string) {
  const response = await fetch(routeUrl(path))
  expect(response.status).toBe(402)
  const header = response.headers.get('PAYMENT-REQUIRED')
  expect(header).toBeTruthy()
  return decodeBase64Json(header ?? '') as {
    x402Version: 2
    resource: { url: string }
    accepts: { asset: string; amount: string; payTo: string; extra: { feePayer: string } }[]
  }
}

describe('Solana devnet RPC', () => {
  it('serves @solana/web3.js (with websocket confirmation) and @solana/kit', async () => {
    const payer = await createSolanaPayer(solana, { usdc: 0n, token2022: 0n })
    expect(await connection.getBalance(payer.keypair.publicKey)).toBe(10 * LAMPORTS_PER_SOL)
    expect(await connection.getGenesisHash()).toBe(solana.genesisHash)

    const tx = new Transaction().add(
      SystemProgram.transfer({
        fromPubkey: payer.keypair.publicKey,
        toPubkey: new PublicKey(solana.payTo.address),
        lamports: 5000,
      }),
    )
    const { blockhash, lastValidBlockHeight } = await connection.getLatestBlockhash()
    tx.recentBlockhash = blockhash
    tx.feePayer = payer.keypair.publicKey
    tx.sign(payer.keypair)
    const signature = await connection.sendRawTransaction(tx.serialize())
    const confirmation = await connection.confirmTransaction({
      signature,
      blockhash,
      lastValidBlockHeight,
    })
    expect(confirmation.value.err).toBeNull()
    const landed = await connection.getTransaction(signature, { maxSupportedTransactionVersion: 0 })
    expect(landed?.meta?.fee).toBe(5000)
    expect(landed?.meta?.preBalances[0]).toBe(10 * LAMPORTS_PER_SOL)
    expect(landed?.meta?.postBalances[0]).toBe(10 * LAMPORTS_PER_SOL - 10000)

    const kit = createSolanaRpc(solana.rpcUrl)
    const mint = await kit.getAccountInfo(address(solana.usdcMint), { encoding: 'base64' }).send()
    expect(mint.value?.owner).toBe(TOKEN_PROGRAM_ID.toBase58())
    const t22 = await kit
      .getAccountInfo(address(solana.token2022Mint), { encoding: 'base64' })
      .send()
    expect(t22.value?.owner).toBe(TOKEN_2022_PROGRAM_ID.toBase58())
    const statuses = await kit.getSignatureStatuses([toSignature(signature)]).send()
    expect(statuses.value[0]?.confirmationStatus).toBe('finalized')
  })

  it('rejects a transaction whose signature is not the signer’s', async () => {
    const payer = await createSolanaPayer(solana, { usdc: 0n, token2022: 0n })
    const tx = new Transaction().add(
      SystemProgram.transfer({
        fromPubkey: payer.keypair.publicKey,
        toPubkey: new PublicKey(solana.payTo.address),
        lamports: 5000,
      }),
    )
    tx.recentBlockhash = (await connection.getLatestBlockhash()).blockhash
    tx.feePayer = payer.keypair.publicKey
    tx.sign(payer.keypair)
    const forged = tx.serialize()
    forged[1] = (forged[1] ?? 0) ^ 0xff
    await expect(connection.sendRawTransaction(forged)).rejects.toThrow(/signature verification/)
  })
})

describe('x402 exact on Solana', () => {
  it('co-signs and settles a partially signed USDC payment for exactly the amount', async () => {
    const payer = await createSolanaPayer(solana)
    const required = await paymentRequiredV2('/x402v2/solana/usdc')
    const [accepted] = required.accepts
    if (!accepted) throw new Error('no accepts')
    expect(accepted).toMatchObject({
      asset: solana.usdcMint,
      amount: '10000',
      extra: { feePayer: solana.feePayer.address },
    })

    const transaction = await x402SolanaTransaction({
      rpcUrl: solana.rpcUrl,
      payer: payer.keypair,
      feePayer: accepted.extra.feePayer,
      mint: accepted.asset,
      tokenProgram: TOKEN_PROGRAM_ID,
      payTo: accepted.payTo,
      amount: 10000n,
      decimals: 6,
    })
    const header = paymentHeader({
      x402Version: 2,
      resource: required.resource,
      accepted,
      payload: { transaction },
    })
    const payTo0 = await tokenBalance(solana.payToUsdcAta)
    const feePayer0 = await connection.getBalance(new PublicKey(solana.feePayer.address))

    const paid = await fetch(routeUrl('/x402v2/solana/usdc'), {
      headers: { 'PAYMENT-SIGNATURE': header },
    })
    expect(paid.status).toBe(200)
    const receipt = decodeBase64Json(paid.headers.get('PAYMENT-RESPONSE') ?? '') as {
      transaction: string
    }
    expect(receipt).toMatchObject({ success: true, network: solana.network, payer: payer.address })

    expect(await tokenBalance(payer.usdcAta)).toBe(100_000_000n - 10000n)
    expect(await tokenBalance(solana.payToUsdcAta)).toBe(payTo0 + 10000n)
    // The facilitator paid the fee (two signatures and the 1 µlamport/CU priority fee); the payer paid nothing.
    expect(await connection.getBalance(payer.keypair.publicKey)).toBe(10 * LAMPORTS_PER_SOL)
    expect(await connection.getBalance(new PublicKey(solana.feePayer.address))).toBe(
      feePayer0 - 10001,
    )
    const landed = await connection.getTransaction(receipt.transaction, {
      maxSupportedTransactionVersion: 0,
    })
    expect(landed?.meta?.logMessages?.some((l) => l.includes('Memo'))).toBe(true)

    const replay = await fetch(routeUrl('/x402v2/solana/usdc'), {
      headers: { 'PAYMENT-SIGNATURE': header },
    })
    expect(replay.status).toBe(402)
    expect(await tokenBalance(payer.usdcAta)).toBe(100_000_000n - 10000n)
  })

  it('settles a Token-2022 payment and an x402 v1 payment', async () => {
    const payer = await createSolanaPayer(solana)
    const required = await paymentRequiredV2('/x402v2/solana/token2022')
    const [accepted] = required.accepts
    if (!accepted) throw new Error('no accepts')
    const transaction = await x402SolanaTransaction({
      rpcUrl: solana.rpcUrl,
      payer: payer.keypair,
      feePayer: solana.feePayer.address,
      mint: solana.token2022Mint,
      tokenProgram: TOKEN_2022_PROGRAM_ID,
      payTo: solana.payTo.address,
      amount: 10000n,
      decimals: 6,
      // bankrun's Token-2022 TransferChecked takes 7 875 CU and a 32-character Memo 12 775 CU: more than
      // the 20 000 CU x402's client asks for. Classic Token (6 174 CU) fits.
      unitLimit: 40_000,
    })
    const t22 = await fetch(routeUrl('/x402v2/solana/token2022'), {
      headers: {
        'PAYMENT-SIGNATURE': paymentHeader({ x402Version: 2, accepted, payload: { transaction } }),
      },
    })
    expect(t22.status).toBe(200)
    expect(await tokenBalance(payer.token2022Ata)).toBe(100_000_000n - 10000n)

    const v1 = await fetch(routeUrl('/x402v1/solana/usdc'))
    expect(v1.status).toBe(402)
    expect(await v1.json()).toMatchObject({
      x402Version: 1,
      accepts: [{ network: 'solana-devnet', maxAmountRequired: '10000', asset: solana.usdcMint }],
    })
    const v1Transaction = await x402SolanaTransaction({
      rpcUrl: solana.rpcUrl,
      payer: payer.keypair,
      feePayer: solana.feePayer.address,
      mint: solana.usdcMint,
      tokenProgram: TOKEN_PROGRAM_ID,
      payTo: solana.payTo.address,
      amount: 10000n,
      decimals: 6,
    })
    const v1Paid = await fetch(routeUrl('/x402v1/solana/usdc'), {
      headers: {
        'X-PAYMENT': paymentHeader({
          x402Version: 1,
          scheme: 'exact',
          network: 'solana-devnet',
          payload: { transaction: v1Transaction },
        }),
      },
    })
    expect(v1Paid.status).toBe(200)
    expect(decodeBase64Json(v1Paid.headers.get('X-PAYMENT-RESPONSE') ?? '')).toMatchObject({
      success: true,
      network: 'solana-devnet',
    })
    expect(await tokenBalance(payer.usdcAta)).toBe(100_000_000n - 10000n)
  })

  it('rejects a wrong amount, a high priority fee, another fee payer and a missing payer signature', async () => {
    const payer = await createSolanaPayer(solana)
    const { accepts } = await paymentRequiredV2('/x402v2/solana/usdc')
    const requirements = accepts[0]
    const verify = async (
      overrides: Partial<Parameters<typeof x402SolanaTransaction>[0]>,
      mutate?: (b: Buffer) => void,
    ) => {
      const transaction = await x402SolanaTransaction({
        rpcUrl: solana.rpcUrl,
        payer: payer.keypair,
        feePayer: solana.feePayer.address,
        mint: solana.usdcMint,
        tokenProgram: TOKEN_PROGRAM_ID,
        payTo: solana.payTo.address,
        amount: 10000n,
        decimals: 6,
        ...overrides,
      })
      const bytes = Buffer.from(transaction, 'base64')
      mutate?.(bytes)
      return postJson(`${devnet.facilitatorUrl}/verify`, {
        x402Version: 2,
        paymentPayload: {
          x402Version: 2,
          accepted: requirements,
          payload: { transaction: bytes.toString('base64') },
        },
        paymentRequirements: requirements,
      })
    }
    expect(await verify({})).toMatchObject({ isValid: true, payer: payer.address })
    expect(await verify({ amount: 9999n })).toMatchObject({
      isValid: false,
      invalidReason: 'invalid_exact_svm_payload_amount_mismatch',
    })
    expect(await verify({ unitPrice: 5_000_001n })).toMatchObject({
      isValid: false,
      invalidReason:
        'invalid_exact_svm_payload_transaction_instructions_compute_price_instruction_too_high',
    })
    expect(await verify({ feePayer: payer.address })).toMatchObject({
      isValid: false,
      invalidReason: 'invalid_exact_svm_payload_missing_fee_payer',
    })
    expect(await verify({ payTo: solana.feePayer.address })).toMatchObject({ isValid: false })
    expect(await verify({ memo: null })).toMatchObject({
      isValid: false,
      invalidReason: 'invalid_exact_svm_payload_memo_count',
    })
    // Signatures follow the compact-array length byte: [fee payer 64 B][payer 64 B]. Corrupt the payer's.
    expect(await verify({}, (b) => b.fill(7, 1 + 64, 1 + 128))).toMatchObject({
      isValid: false,
      invalidReason: 'invalid_exact_svm_payload_signature_invalid',
    })
  })
})

describe('h402 on Solana', () => {
  it("broadcasts a fully signed SOL payment in h402's layout, and refuses one with a Memo", async () => {
    const payer = await createSolanaPayer(solana, { usdc: 0n, token2022: 0n })
    const resource = routeUrl('/h402/solana/sol')
    const unpaid = await fetch(resource)
    const { accepts } = (await unpaid.json()) as { accepts: Record<string, unknown>[] }
    expect(accepts[0]).toMatchObject({
      namespace: 'solana',
      networkId: 'devnet',
      tokenAddress: '11111111111111111111111111111111',
      amountRequired: 1000000,
      amountRequiredFormat: 'smallestUnit',
      payToAddress: solana.payTo.address,
    })
    const pay = async (amount: bigint, memo?: 'memo') => {
      const tx = await h402SolanaTransaction({
        rpcUrl: solana.rpcUrl,
        payer: payer.keypair,
        payTo: solana.payTo.address,
        amount,
        resource,
        ...(memo ? { edit: (ixs) => [...ixs, memoInstruction(resource)] } : {}),
      })
      const signature = toBase58(tx.signatures[0] ?? new Uint8Array())
      const header = paymentHeader({
        h402Version: 1,
        scheme: 'exact',
        namespace: 'solana',
        networkId: 'devnet',
        resource,
        payload: {
          type: 'signTransaction',
          signature,
          transaction: Buffer.from(tx.serialize()).toString('base64'),
        },
      })
      return fetch(resource, { headers: { 'X-PAYMENT': header } })
    }
    const short = await pay(999_999n)
    expect(short.status).toBe(402)
    expect(await short.json()).toMatchObject({
      error: 'invalid_exact_solana_payload_authorization_value',
    })
    // h402 reads the fourth of four instructions as the transfer: a Memo there has no accounts.
    const withMemo = await pay(1_000_000n, 'memo')
    expect(await withMemo.json()).toMatchObject({ error: 'invalid_exact_solana_payload_signature' })

    const payTo0 = await connection.getBalance(new PublicKey(solana.payTo.address))
    const paid = await pay(1_000_000n)
    expect(paid.status).toBe(200)
    expect(decodeBase64Json(paid.headers.get('X-PAYMENT-RESPONSE') ?? '')).toMatchObject({
      success: true,
      namespace: 'solana',
      payer: payer.address,
    })
    expect(await connection.getBalance(new PublicKey(solana.payTo.address))).toBe(
      payTo0 + 1_000_000,
    )
    // The payer is the fee payer: 5000 per signature plus the 50 000 CU × 1 µlamport priority fee.
    expect(await connection.getBalance(payer.keypair.publicKey)).toBe(
      10 * LAMPORTS_PER_SOL - 1_000_000 - 5001,
    )
  })

  it('accepts a USDC payment the client sent itself, once', async () => {
    const payer = await createSolanaPayer(solana)
    const resource = routeUrl('/h402/solana/usdc')
    const tx = await h402SolanaTransaction({
      rpcUrl: solana.rpcUrl,
      payer: payer.keypair,
      payTo: solana.payTo.address,
      amount: 10000n,
      resource,
      token: { mint: solana.usdcMint, program: TOKEN_PROGRAM_ID, decimals: 6 },
    })
    const signature = await connection.sendRawTransaction(tx.serialize())
    const header = paymentHeader({
      h402Version: 1,
      scheme: 'exact',
      namespace: 'solana',
      networkId: 'devnet',
      resource,
      payload: { type: 'signAndSendTransaction', signature },
    })
    const paid = await fetch(resource, { headers: { 'X-PAYMENT': header } })
    expect(paid.status).toBe(200)
    expect(decodeBase64Json(paid.headers.get('X-PAYMENT-RESPONSE') ?? '')).toEqual({
      success: true,
      transaction: signature,
      namespace: 'solana',
      payer: payer.address,
    })
    expect(await tokenBalance(payer.usdcAta)).toBe(100_000_000n - 10000n)
    const replay = await fetch(resource, { headers: { 'X-PAYMENT': header } })
    expect(replay.status).toBe(402)
    expect(await replay.json()).toMatchObject({ error: 'transaction_already_used' })
  })
})
