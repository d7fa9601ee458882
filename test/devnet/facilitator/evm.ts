import {
  type Address,
  createWalletClient,
  decodeEventLog,
  decodeFunctionData,
  encodeFunctionData,
  erc20Abi,
  getAddress,
  type Hex,
  http,
  isAddress,
  isAddressEqual,
  isHex,
  keccak256,
  type PublicClient,
  parseSignature,
  parseTransaction,
  recoverTransactionAddress,
  type TransactionReceipt,
  type TransactionSerialized,
  zeroAddress,
} from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { isRecord } from '../common/encoding.js'
import { createSerialQueue } from '../common/serial.js'
import {
  eip3009Abi,
  transferWithAuthorizationTypes,
  verifyTransferAuthorizationAbi,
} from '../evm/abi.js'
import { devnetEvmChain, devnetPublicClient } from '../evm/index.js'
import { h402Amount, x402Amount } from './amounts.js'
import {
  type H402PaymentPayload,
  type H402Requirements,
  invalid,
  type SettleOutcome,
  settleFailure,
  shortError,
  type VerifyOutcome,
  type X402Requirements,
} from './types.js'

export interface EvmFacilitatorConfig {
  rpcUrl: string
  chainId: number
  /** Pays gas for EIP-3009 settlements. */
  facilitatorKey: Hex
}

/** x402 v1 has no name for chain 31337; the devnet calls it `hardhat`. */
const V1_NETWORK_NAMES: Record<string, number> = { hardhat: 31337 }

// An authorization must stay valid for a few seconds after verification so that settlement can land
// (the same margin as x402's reference facilitator).
const VALID_BEFORE_MARGIN_SECONDS = 6n

// A type alias, not an interface: viem's typed-data message wants an index-signature-compatible type.
type Authorization = {
  from: Address
  to: Address
  value: bigint
  validAfter: bigint
  validBefore: bigint
  nonce: Hex
}

/** Verifies and settles EVM payments on the devnet: x402 exact (EIP-3009) and the three h402 kinds. */
export class EvmFacilitator {
  readonly address: Address
  private readonly client: PublicClient
  private readonly wallet
  private readonly serial = createSerialQueue()
  /** h402 transaction hashes already accepted: a broadcast payment pays for one request only. */
  private readonly usedTransactions = new Set<string>()

  constructor(private readonly config: EvmFacilitatorConfig) {
    const account = privateKeyToAccount(config.facilitatorKey)
    this.address = account.address
    this.client = devnetPublicClient(config.rpcUrl)
    this.wallet = createWalletClient({
      account,
      chain: devnetEvmChain(config.rpcUrl),
      transport: http(config.rpcUrl),
    })
  }

  /** The CAIP-2 or v1 network names this facilitator settles on. */
  handlesNetwork(network: string): boolean {
    return this.chainIdOf(network) === this.config.chainId
  }

  private chainIdOf(network: string): number | undefined {
    const caip = /^eip155:(\d+)$/.exec(network)
    if (caip) return Number(caip[1])
    return V1_NETWORK_NAMES[network]
  }

  // ---- x402 exact (EIP-3009) ----

  async verifyX402(
    version: number,
    paymentPayload: unknown,
    requirements: X402Requirements,
  ): Promise<VerifyOutcome> {
    if (!isRecord(paymentPayload))
      return invalid('invalid_payload', 'paymentPayload is not an object')
    const accepted = version === 1 ? paymentPayload : paymentPayload.accepted
    if (!isRecord(accepted)) return invalid('invalid_payload', 'paymentPayload.accepted is missing')
    if (requirements.scheme !== 'exact' || accepted.scheme !== 'exact')
      return invalid('invalid_exact_evm_scheme')
    if (accepted.network !== requirements.network)
      return invalid('invalid_exact_evm_network_mismatch')
    if (!this.handlesNetwork(requirements.network)) return invalid('invalid_network')
    const authorization = parseAuthorization(paymentPayload.payload)
    const signature = isRecord(paymentPayload.payload)
      ? paymentPayload.payload.signature
      : undefined
    if (!authorization || !isHex(signature)) {
      return invalid(
        'invalid_payload',
        'payload must be {signature, authorization{from,to,value,validAfter,validBefore,nonce}}',
      )
    }
    const payer = getAddress(authorization.from)
    if (!isAddress(requirements.asset))
      return invalid('invalid_payment_requirements', 'asset is not an address')
    let amount: bigint
    try {
      amount = x402Amount(version, requirements)
    } catch (error) {
      return invalid('invalid_payment_requirements', String(error), payer)
    }
    const extra = requirements.extra ?? {}
    const domain = await this.domainOf(
      requirements.asset,
      typeof extra.name === 'string' ? extra.name : undefined,
      typeof extra.version === 'string' ? extra.version : undefined,
    )
    if (!domain) return invalid('invalid_exact_evm_missing_eip712_domain', undefined, payer)
    const validSignature = await this.client.verifyTypedData({
      address: payer,
      domain: { ...domain, chainId: this.config.chainId, verifyingContract: requirements.asset },
      types: transferWithAuthorizationTypes,
      primaryType: 'TransferWithAuthorization',
      message: authorization,
      signature,
    })
    if (!validSignature) return invalid('invalid_exact_evm_signature', undefined, payer)
    if (!isAddress(requirements.payTo) || !isAddressEqual(authorization.to, requirements.payTo)) {
      return invalid('invalid_exact_evm_recipient_mismatch', undefined, payer)
    }
    const timing = checkWindow(authorization)
    if (timing) return invalid(timing, undefined, payer)
    if (authorization.value !== amount) {
      return invalid(
        'invalid_exact_evm_payload_authorization_value_mismatch',
        `authorization value ${authorization.value} is not the required ${amount}`,
        payer,
      )
    }
    return this.checkAuthorizationOnChain(
      requirements.asset,
      authorization,
      signature,
      payer,
      'vrs',
    )
  }

  async settleX402(
    version: number,
    paymentPayload: unknown,
    requirements: X402Requirements,
  ): Promise<SettleOutcome> {
    const verified = await this.verifyX402(version, paymentPayload, requirements)
    if (!verified.isValid) return settleFailure(verified)
    const payload = (paymentPayload as { payload: { signature: Hex } }).payload
    const authorization = parseAuthorization(payload) as Authorization
    return this.settleAuthorization(
      requirements.asset as Address,
      authorization,
      payload.signature,
      'vrs',
    )
  }

  private async domainOf(token: Address, name?: string, version?: string) {
    if (name && version) return { name, version }
    // Fall back to the token's own EIP-5267 answer, as a client without `extra` would.
    try {
      const [, chainName, chainVersion] = await this.client.readContract({
        address: token,
        abi: eip3009Abi,
        functionName: 'eip712Domain',
      })
      return { name: name ?? chainName, version: version ?? chainVersion }
    } catch {
      return undefined
    }
  }

  private async checkAuthorizationOnChain(
    token: Address,
    authorization: Authorization,
    signature: Hex,
    payer: string,
    overload: 'vrs' | 'bytes',
  ): Promise<VerifyOutcome> {
    const used = await this.client.readContract({
      address: token,
      abi: eip3009Abi,
      functionName: 'authorizationState',
      args: [authorization.from, authorization.nonce],
    })
    if (used) return invalid('invalid_exact_evm_nonce_already_used', undefined, payer)
    const balance = await this.client.readContract({
      address: token,
      abi: erc20Abi,
      functionName: 'balanceOf',
      args: [authorization.from],
    })
    if (balance < authorization.value) {
      return invalid(
        'invalid_exact_evm_insufficient_balance',
        `balance ${balance} < ${authorization.value}`,
        payer,
      )
    }
    try {
      await this.client.call({
        account: this.address,
        to: token,
        data: encodeAuthorizationCall(authorization, signature, overload),
      })
    } catch (error) {
      return invalid('invalid_exact_evm_transaction_simulation_failed', shortError(error), payer)
    }
    return { isValid: true, payer, kind: 'payload' }
  }

  private async settleAuthorization(
    token: Address,
    authorization: Authorization,
    signature: Hex,
    overload: 'vrs' | 'bytes',
  ): Promise<SettleOutcome> {
    const payer = getAddress(authorization.from)
    let hash: Hex
    try {
      hash = await this.sendSerially(() =>
        this.wallet.sendTransaction({
          to: token,
          data: encodeAuthorizationCall(authorization, signature, overload),
        }),
      )
    } catch (error) {
      return {
        success: false,
        reason: 'invalid_exact_evm_transaction_failed',
        message: shortError(error),
        payer,
      }
    }
    const receipt = await this.client.waitForTransactionReceipt({ hash })
    if (receipt.status !== 'success') {
      return {
        success: false,
        reason: 'invalid_exact_evm_transaction_failed',
        transaction: hash,
        payer,
      }
    }
    return { success: true, transaction: hash, payer }
  }

  /**
   * One transaction at a time from the facilitator account, retried when another process using the
   * same account took the nonce first (the node assigns nothing for locally signed transactions).
   */
  private sendSerially(send: () => Promise<Hex>): Promise<Hex> {
    return this.serial(async () => {
      for (let attempt = 0; ; attempt++) {
        try {
          return await send()
        } catch (error) {
          if (attempt >= 3 || !/nonce/i.test(String(error))) throw error
        }
      }
    })
  }

  // ---- h402 ----

  async verifyH402(
    paymentPayload: H402PaymentPayload,
    requirements: H402Requirements,
  ): Promise<VerifyOutcome> {
    const base = this.checkH402Base(paymentPayload, requirements)
    if (base) return invalid(base)
    const token = requirements.tokenAddress
    if (!isAddress(token) || !isAddress(requirements.payToAddress)) {
      return invalid(
        'invalid_payment_requirements',
        'tokenAddress and payToAddress must be addresses',
      )
    }
    const native = isAddressEqual(token, zeroAddress)
    let amount: bigint
    try {
      amount = await h402Amount(requirements, async () =>
        native
          ? 18
          : this.client.readContract({ address: token, abi: erc20Abi, functionName: 'decimals' }),
      )
    } catch (error) {
      return invalid('invalid_payment_requirements', String(error))
    }
    const payload = paymentPayload.payload
    const resource = requirements.resource ?? paymentPayload.resource
    switch (payload.type) {
      case 'authorization':
        return this.verifyH402Authorization(
          payload,
          token,
          native,
          requirements.payToAddress,
          amount,
        )
      case 'signedTransaction':
        return this.verifyH402SignedTransaction(
          payload,
          token,
          native,
          requirements.payToAddress,
          amount,
          resource,
        )
      case 'signAndSendTransaction':
        return this.verifyH402Broadcast(
          payload,
          token,
          native,
          requirements.payToAddress,
          amount,
          resource,
        )
      default:
        return invalid('invalid_payload', `unknown EVM payload type ${String(payload.type)}`)
    }
  }

  async settleH402(
    paymentPayload: H402PaymentPayload,
    requirements: H402Requirements,
  ): Promise<SettleOutcome> {
    const verified = await this.verifyH402(paymentPayload, requirements)
    if (!verified.isValid) return settleFailure(verified)
    const payload = paymentPayload.payload
    if (payload.type === 'authorization') {
      const authorization = parseAuthorization(payload) as Authorization
      // h402's facilitator calls the `bytes signature` overload; x402's calls v,r,s. Both are exercised.
      return this.settleAuthorization(
        requirements.tokenAddress as Address,
        authorization,
        payload.signature as Hex,
        'bytes',
      )
    }
    if (payload.type === 'signedTransaction') {
      const raw = payload.signedTransaction as Hex
      const hash = keccak256(raw)
      if (this.usedTransactions.has(hash))
        return { success: false, reason: 'transaction_already_used', payer: verified.payer }
      this.usedTransactions.add(hash)
      try {
        await this.client.sendRawTransaction({ serializedTransaction: raw })
      } catch (error) {
        this.usedTransactions.delete(hash)
        return {
          success: false,
          reason: 'transaction_failed',
          message: shortError(error),
          payer: verified.payer,
        }
      }
      const receipt = await this.client.waitForTransactionReceipt({ hash })
      if (receipt.status !== 'success') {
        return {
          success: false,
          reason: 'transaction_failed',
          transaction: hash,
          payer: verified.payer,
        }
      }
      return { success: true, transaction: hash, payer: verified.payer }
    }
    // Already on chain: settling means consuming the hash so it cannot pay for a second request.
    const hash = (payload.transactionHash as string).toLowerCase()
    if (this.usedTransactions.has(hash))
      return { success: false, reason: 'transaction_already_used', payer: verified.payer }
    this.usedTransactions.add(hash)
    return { success: true, transaction: payload.transactionHash as string, payer: verified.payer }
  }

  private checkH402Base(
    paymentPayload: H402PaymentPayload,
    requirements: H402Requirements,
  ): string | undefined {
    // h402's validateBasePayload: version 1, and the payload's own fields equal the requirement's.
    if (paymentPayload.h402Version !== 1) return 'invalid_h402_version'
    if (paymentPayload.scheme !== 'exact' || requirements.scheme !== 'exact')
      return 'invalid_scheme'
    if (paymentPayload.namespace !== 'evm' || requirements.namespace !== 'evm')
      return 'invalid_namespace'
    if (
      paymentPayload.networkId !== requirements.networkId ||
      Number(requirements.networkId) !== this.config.chainId
    ) {
      return 'invalid_network'
    }
    if (requirements.resource !== undefined && paymentPayload.resource !== requirements.resource) {
      return 'invalid_resource'
    }
    return undefined
  }

  private async verifyH402Authorization(
    payload: Record<string, unknown>,
    token: Address,
    native: boolean,
    payTo: Address,
    amount: bigint,
  ): Promise<VerifyOutcome> {
    if (native) return invalid('invalid_payload', 'the native coin has no EIP-3009 authorization')
    const authorization = parseAuthorization(payload)
    const signature = payload.signature
    if (!authorization || !isHex(signature))
      return invalid('invalid_payload', 'malformed authorization payload')
    const payer = getAddress(authorization.from)
    const raw = isRecord(payload.authorization) ? payload.authorization : {}
    const domain = await this.domainOf(
      token,
      undefined,
      typeof raw.version === 'string' ? raw.version : undefined,
    )
    if (!domain)
      return invalid(
        'invalid_exact_evm_missing_eip712_domain',
        'token has no EIP-712 domain',
        payer,
      )
    const validSignature = await this.client.verifyTypedData({
      address: payer,
      domain: { ...domain, chainId: this.config.chainId, verifyingContract: token },
      types: transferWithAuthorizationTypes,
      primaryType: 'TransferWithAuthorization',
      message: authorization,
      signature,
    })
    if (!validSignature) return invalid('invalid_exact_evm_payload_signature', undefined, payer)
    // h402 compares `to` with `payToAddress` as strings (its middleware checksums the latter).
    if (raw.to !== payTo)
      return invalid('invalid_exact_evm_payload_recipient_mismatch', undefined, payer)
    const timing = checkWindow(authorization)
    if (timing) return invalid(timing, undefined, payer)
    if (authorization.value < amount) {
      return invalid(
        'invalid_exact_evm_payload_authorization_value',
        `value ${authorization.value} < required ${amount}`,
        payer,
      )
    }
    const onChain = await this.checkAuthorizationOnChain(
      token,
      authorization,
      signature,
      payer,
      'bytes',
    )
    if (!onChain.isValid) return onChain
    return this.verifyTransferAuthorization(token, authorization, signature, payer)
  }

  /**
   * h402's facilitator accepts an authorization only once the token's own
   * `verifyTransferAuthorization(...)` says true; a token without it (USDC as Circle deploys it)
   * reverts, and the payment is refused (bit-gpt/h402
   * typescript/packages/h402/src/schemes/exact/evm/facilitator.ts, verifyAuthorizationPayload).
   */
  private async verifyTransferAuthorization(
    token: Address,
    authorization: Authorization,
    signature: Hex,
    payer: string,
  ): Promise<VerifyOutcome> {
    const { from, to, value, validAfter, validBefore, nonce } = authorization
    let valid: boolean
    try {
      valid = await this.client.readContract({
        address: token,
        abi: verifyTransferAuthorizationAbi,
        functionName: 'verifyTransferAuthorization',
        args: [from, to, value, validAfter, validBefore, nonce, signature],
      })
    } catch (error) {
      return invalid(
        'unexpected_verify_error',
        `the token has no verifyTransferAuthorization: ${shortError(error)}`,
        payer,
      )
    }
    if (!valid) return invalid('invalid_exact_evm_payload_signature', undefined, payer)
    return { isValid: true, payer, kind: 'payload' }
  }

  private async verifyH402SignedTransaction(
    payload: Record<string, unknown>,
    token: Address,
    native: boolean,
    payTo: Address,
    amount: bigint,
    resource: string | undefined,
  ): Promise<VerifyOutcome> {
    const raw = payload.signedTransaction
    if (!isHex(raw)) return invalid('invalid_payload', 'signedTransaction must be a hex string')
    let tx: ReturnType<typeof parseTransaction>
    let from: Address
    try {
      tx = parseTransaction(raw)
      from = getAddress(
        await recoverTransactionAddress({ serializedTransaction: raw as TransactionSerialized }),
      )
    } catch (error) {
      return invalid(
        'invalid_transaction',
        `cannot parse the signed transaction: ${shortError(error)}`,
      )
    }
    if (tx.chainId !== this.config.chainId)
      return invalid('invalid_network', `transaction chain id ${tx.chainId}`, from)
    const transfer = checkTransfer(
      { to: tx.to, input: tx.data, value: tx.value },
      token,
      native,
      payTo,
      amount,
    )
    if (transfer) return invalid(transfer, undefined, from)
    if (this.usedTransactions.has(keccak256(raw)))
      return invalid('transaction_already_used', undefined, from)
    if (payload.signedMessage !== undefined && resource !== undefined) {
      const message = await this.checkSignedMessage(from, resource, payload.signedMessage)
      if (message) return invalid(message, undefined, from)
    }
    const nonce = await this.client.getTransactionCount({ address: from, blockTag: 'pending' })
    if (tx.nonce !== nonce) {
      return invalid(
        'invalid_transaction_state',
        `transaction nonce ${tx.nonce}, account nonce ${nonce}`,
        from,
      )
    }
    try {
      await this.client.call({
        account: from,
        to: tx.to ?? undefined,
        data: tx.data,
        value: tx.value,
      })
    } catch (error) {
      return invalid('insufficient_funds', `the transfer would fail: ${shortError(error)}`, from)
    }
    const gasPrice = tx.maxFeePerGas ?? tx.gasPrice ?? 0n
    const ethNeeded = (tx.value ?? 0n) + (tx.gas ?? 0n) * gasPrice
    if ((await this.client.getBalance({ address: from })) < ethNeeded) {
      return invalid('insufficient_funds', 'not enough ETH for value and gas', from)
    }
    return { isValid: true, payer: from, kind: 'payload' }
  }

  private async verifyH402Broadcast(
    payload: Record<string, unknown>,
    token: Address,
    native: boolean,
    payTo: Address,
    amount: bigint,
    resource: string | undefined,
  ): Promise<VerifyOutcome> {
    const hash = payload.transactionHash
    if (!isHex(hash) || hash.length !== 66)
      return invalid('invalid_payload', 'transactionHash must be a 32-byte hex')
    let receipt: TransactionReceipt
    try {
      receipt = await this.client.waitForTransactionReceipt({ hash, timeout: 10_000 })
    } catch {
      return invalid('transaction_not_found', `no receipt for ${hash}`)
    }
    const tx = await this.client.getTransaction({ hash })
    const payer = getAddress(tx.from)
    if (receipt.status !== 'success') return invalid('transaction_failed', undefined, payer)
    if (tx.chainId !== undefined && tx.chainId !== this.config.chainId)
      return invalid('invalid_network', undefined, payer)
    const transfer = checkTransfer(
      { to: tx.to, input: tx.input, value: tx.value },
      token,
      native,
      payTo,
      amount,
    )
    if (transfer) return invalid(transfer, undefined, payer)
    if (!native && !hasTransferLog(receipt, token, payer, payTo, amount)) {
      return invalid('invalid_transfer_event', 'no matching Transfer log', payer)
    }
    if (resource === undefined)
      return invalid('invalid_payment_requirements', 'resource is required', payer)
    const message = await this.checkSignedMessage(payer, resource, payload.signedMessage)
    if (message) return invalid(message, undefined, payer)
    if (this.usedTransactions.has(hash.toLowerCase()))
      return invalid('transaction_already_used', undefined, payer)
    return { isValid: true, payer, kind: 'transaction', txHash: hash }
  }

  /** h402 binds a broadcast payment to the resource with a personal_sign of the resource URL. */
  private async checkSignedMessage(
    from: Address,
    resource: string,
    signature: unknown,
  ): Promise<string | undefined> {
    if (!isHex(signature)) return 'invalid_signed_message'
    const valid = await this.client.verifyMessage({ address: from, message: resource, signature })
    return valid ? undefined : 'invalid_signed_message'
  }
}

function parseAuthorization(payload: unknown): Authorization | undefined {
  if (!isRecord(payload) || !isRecord(payload.authorization)) return undefined
  const a = payload.authorization
  const integer = (v: unknown) =>
    (typeof v === 'string' || typeof v === 'number') && /^\d+$/.test(String(v))
  if (!isAddress(String(a.from)) || !isAddress(String(a.to))) return undefined
  if (!integer(a.value) || !integer(a.validAfter) || !integer(a.validBefore)) return undefined
  if (!isHex(a.nonce) || a.nonce.length !== 66) return undefined
  return {
    from: a.from as Address,
    to: a.to as Address,
    value: BigInt(String(a.value)),
    validAfter: BigInt(String(a.validAfter)),
    validBefore: BigInt(String(a.validBefore)),
    nonce: a.nonce,
  }
}

function checkWindow(authorization: Authorization): string | undefined {
  const now = BigInt(Math.floor(Date.now() / 1000))
  if (authorization.validBefore < now + VALID_BEFORE_MARGIN_SECONDS) {
    return 'invalid_exact_evm_payload_authorization_valid_before'
  }
  if (authorization.validAfter > now) return 'invalid_exact_evm_payload_authorization_valid_after'
  return undefined
}

/** Calldata of `transferWithAuthorization`, by the v,r,s overload (x402) or the bytes one (h402, USDC v2.2). */
function encodeAuthorizationCall(
  authorization: Authorization,
  signature: Hex,
  overload: 'vrs' | 'bytes',
): Hex {
  const { from, to, value, validAfter, validBefore, nonce } = authorization
  if (overload === 'bytes') {
    return encodeFunctionData({
      abi: eip3009Abi,
      functionName: 'transferWithAuthorization',
      args: [from, to, value, validAfter, validBefore, nonce, signature],
    })
  }
  const { r, s, v, yParity } = parseSignature(signature)
  return encodeFunctionData({
    abi: eip3009Abi,
    functionName: 'transferWithAuthorization',
    args: [
      from,
      to,
      value,
      validAfter,
      validBefore,
      nonce,
      Number(v ?? BigInt(yParity + 27)),
      r,
      s,
    ],
  })
}

/** An ERC-20 `transfer(payTo, ≥ amount)` to the token, or a plain value transfer of ≥ amount to payTo. */
function checkTransfer(
  tx: { to?: Address | null; input?: Hex; value?: bigint },
  token: Address,
  native: boolean,
  payTo: Address,
  amount: bigint,
): string | undefined {
  if (!tx.to) return 'invalid_transaction'
  if (native) {
    if (!isAddressEqual(tx.to, payTo)) return 'invalid_exact_evm_payload_recipient_mismatch'
    if ((tx.value ?? 0n) < amount) return 'invalid_exact_evm_payload_authorization_value'
    return undefined
  }
  if (!isAddressEqual(tx.to, token)) return 'invalid_token'
  if ((tx.value ?? 0n) !== 0n) return 'invalid_transaction'
  try {
    const call = decodeFunctionData({ abi: erc20Abi, data: tx.input ?? '0x' })
    if (call.functionName !== 'transfer') return 'invalid_transaction'
    const [to, value] = call.args
    if (!isAddressEqual(to, payTo)) return 'invalid_exact_evm_payload_recipient_mismatch'
    if (value < amount) return 'invalid_exact_evm_payload_authorization_value'
    return undefined
  } catch {
    return 'invalid_transaction'
  }
}

function hasTransferLog(
  receipt: TransactionReceipt,
  token: Address,
  from: Address,
  payTo: Address,
  amount: bigint,
) {
  return receipt.logs.some((log) => {
    if (!isAddressEqual(log.address, token)) return false
    try {
      const event = decodeEventLog({ abi: erc20Abi, data: log.data, topics: log.topics })
      return (
        event.eventName === 'Transfer' &&
        isAddressEqual(event.args.from, from) &&
        isAddressEqual(event.args.to, payTo) &&
        event.args.value >= amount
      )
    } catch {
      return false
    }
  })
}
