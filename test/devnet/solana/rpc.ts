import { createPublicKey, verify as verifySignature } from 'node:crypto'
import http from 'node:http'
import {
  ComputeBudgetProgram,
  PublicKey,
  SystemProgram,
  TransactionMessage,
  VersionedMessage,
  VersionedTransaction,
} from '@solana/web3.js'
import type { ProgramTestContext } from 'solana-bankrun'
import { listenHttp, readBody } from '../common/http.js'
import { createSerialQueue } from '../common/serial.js'
import { fromBase58, toBase58 } from './base58.js'
import { isTokenProgram, parseTokenData, uiTokenAmount } from './tokens.js'
import { acceptWebSocket, type WebSocketConnection } from './websocket.js'

/** The local chain poses as Solana devnet: @x402/svm accepts only the three public clusters. */
export const DEVNET_GENESIS_HASH = 'EtWTRABZaYq6iMfeYKouRu166VU2xqa1wcaWoxPkrZBG'
const LAMPORTS_PER_SIGNATURE = 5000n
const SPKI_ED25519_PREFIX = Buffer.from('302a300506032b6570032100', 'hex')

/** A JSON-RPC error as the Solana RPC sends it: the code, message and (for transactions) `data.logs`. */
export class RpcError extends Error {
  constructor(
    readonly code: number,
    message: string,
    readonly data?: unknown,
  ) {
    super(message)
  }
}

interface TokenBalance {
  accountIndex: number
  mint: string
  owner: string
  programId: string
  uiTokenAmount: ReturnType<typeof uiTokenAmount>
}

interface Snapshot {
  lamports: number[]
  tokens: TokenBalance[]
}

/** What the shim remembers of a landed transaction, so statuses survive bankrun's status-cache expiry. */
interface TxRecord {
  signature: string
  slot: bigint
  blockTime: number
  tx: VersionedTransaction
  err: unknown
  logs: string[]
  unitsConsumed: number
  fee: number
  pre: Snapshot
  post: Snapshot
}

interface Subscription {
  id: number
  kind: 'signature' | 'account' | 'slot'
  conn: WebSocketConnection
  key?: string
  encoding?: string
}

export interface BankrunRpcOptions {
  /**
   * Milliseconds per slot: the bank warps one slot ahead at this pace (and after every transaction),
   * so blockhashes change and expire as on a real cluster. 0 advances only after transactions.
   */
  slotMs?: number
}

/**
 * A Solana JSON-RPC (HTTP + PubSub websocket) over a solana-bankrun bank, good enough for
 * @solana/web3.js 1.x `Connection` and @solana/kit. Bankrun neither verifies signatures nor keeps
 * history, so the shim does both itself.
 */
export class BankrunRpc {
  private readonly serial = createSerialQueue()
  private readonly records = new Map<string, TxRecord>()
  private readonly blockhashes = new Map<string, bigint>()
  private readonly tokenAccounts = new Set<string>()
  private readonly subscriptions = new Map<number, Subscription>()
  private nextSubscriptionId = 1
  private slot = 1n
  private transactionCount = 0
  private timer: NodeJS.Timeout | undefined

  constructor(
    readonly context: ProgramTestContext,
    options: BankrunRpcOptions = {},
  ) {
    const slotMs = options.slotMs ?? 400
    if (slotMs > 0) {
      this.timer = setInterval(() => {
        this.serial(async () => this.advanceSlot()).catch(() => undefined)
      }, slotMs)
      this.timer.unref()
    }
  }

  get bank() {
    return this.context.banksClient
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer)
    this.timer = undefined
    for (const sub of this.subscriptions.values()) sub.conn.close()
    this.subscriptions.clear()
  }

  /**
   * Moves the bank `slots` slots ahead at once, one block each, e.g. past a blockhash's
   * `lastValidBlockHeight` (150 blocks) in a test that starts its own devnet.
   */
  async advance(slots: number): Promise<void> {
    await this.serial(async () => {
      for (let i = 0; i < slots; i++) this.advanceSlot()
    })
  }

  /** Dispatches one JSON-RPC call. */
  async call(method: string, params: unknown[]): Promise<unknown> {
    const handler = this.methods[method]
    if (!handler) throw new RpcError(-32601, `Method not found: ${method}`)
    return handler(params)
  }

  private withContext = async (value: unknown) => ({
    context: { slot: Number(this.slot), apiVersion: '2.1.0' },
    value,
  })

  private readonly methods: Record<string, (params: unknown[]) => Promise<unknown>> = {
    getHealth: async () => 'ok',
    getVersion: async () => ({ 'solana-core': '2.1.0', 'feature-set': 0 }),
    getGenesisHash: async () => DEVNET_GENESIS_HASH,
    getIdentity: async () => ({ identity: this.context.payer.publicKey.toBase58() }),
    getSlot: async () => Number(this.slot),
    getBlockHeight: async () => Number(await this.bank.getBlockHeight()),
    getTransactionCount: async () => this.transactionCount,
    getEpochInfo: async () => ({
      absoluteSlot: Number(this.slot),
      blockHeight: Number(await this.bank.getBlockHeight()),
      epoch: 0,
      slotIndex: Number(this.slot),
      slotsInEpoch: 432000,
      transactionCount: this.transactionCount,
    }),
    getBlockTime: async () => Math.floor(Date.now() / 1000),
    getLatestBlockhash: async () => {
      // Serialised with the slot timer: a blockhash read while warpToSlot swaps the bank can be
      // one the new bank never registered ("Blockhash not found", seen under CPU load).
      const { blockhash, lastValidBlockHeight } = await this.serial(() => this.latestBlockhash())
      return this.withContext({ blockhash, lastValidBlockHeight: Number(lastValidBlockHeight) })
    },
    isBlockhashValid: async ([blockhash]) => {
      const lastValid = this.blockhashes.get(String(blockhash))
      const height = await this.bank.getBlockHeight()
      return this.withContext(lastValid !== undefined && height <= lastValid)
    },
    getBalance: async ([address]) =>
      this.withContext(Number(await this.bank.getBalance(toPublicKey(address)))),
    getMinimumBalanceForRentExemption: async ([size]) => {
      const rent = await this.bank.getRent()
      return Number(rent.minimumBalance(BigInt(Number(size ?? 0))))
    },
    getAccountInfo: async ([address, config]) =>
      this.withContext(await this.encodedAccount(toPublicKey(address), encodingOf(config))),
    getMultipleAccounts: async ([addresses, config]) => {
      if (!Array.isArray(addresses))
        throw new RpcError(-32602, 'Invalid params: expected an array of addresses')
      const encoding = encodingOf(config)
      const value = []
      for (const address of addresses)
        value.push(await this.encodedAccount(toPublicKey(address), encoding))
      return this.withContext(value)
    },
    getTokenAccountBalance: async ([address]) => {
      const parsed = await this.parsedToken(toPublicKey(address))
      if (parsed?.kind !== 'account')
        throw new RpcError(-32602, 'Invalid param: not a Token account')
      const mint = await this.parsedToken(new PublicKey(parsed.mint))
      return this.withContext(
        uiTokenAmount(parsed.amount, mint?.kind === 'mint' ? mint.decimals : 0),
      )
    },
    getTokenSupply: async ([address]) => {
      const parsed = await this.parsedToken(toPublicKey(address))
      if (parsed?.kind !== 'mint') throw new RpcError(-32602, 'Invalid param: not a Token mint')
      return this.withContext(uiTokenAmount(parsed.supply, parsed.decimals))
    },
    getTokenAccountsByOwner: async ([owner, filter, config]) => {
      const ownerKey = toPublicKey(owner).toBase58()
      const wanted = (filter ?? {}) as { mint?: string; programId?: string }
      const encoding = encodingOf(config)
      const value = []
      for (const address of this.tokenAccounts) {
        const key = new PublicKey(address)
        const account = await this.bank.getAccount(key)
        if (!account) continue
        const parsed = parseTokenData(account.owner.toBase58(), account.data)
        if (parsed?.kind !== 'account' || parsed.owner !== ownerKey) continue
        if (wanted.mint && parsed.mint !== wanted.mint) continue
        if (wanted.programId && account.owner.toBase58() !== wanted.programId) continue
        value.push({ pubkey: address, account: await this.encodedAccount(key, encoding) })
      }
      return this.withContext(value)
    },
    getFeeForMessage: async ([message]) => {
      const decoded = VersionedMessage.deserialize(Buffer.from(String(message), 'base64'))
      return this.withContext(Number(feeOf(decoded)))
    },
    getRecentPrioritizationFees: async () => [{ slot: Number(this.slot), prioritizationFee: 0 }],
    simulateTransaction: async ([encoded, config]) =>
      this.serial(() => this.simulate(String(encoded), (config ?? {}) as SimulateConfig)),
    sendTransaction: async ([encoded, config]) =>
      this.serial(() => this.send(String(encoded), (config ?? {}) as SendConfig)),
    getSignatureStatuses: async ([signatures]) => {
      if (!Array.isArray(signatures))
        throw new RpcError(-32602, 'Invalid params: expected an array of signatures')
      return this.withContext(signatures.map((signature) => this.statusOf(String(signature))))
    },
    getTransaction: async ([signature, config]) => this.transaction(String(signature), config),
    getSignaturesForAddress: async ([address, config]) =>
      this.signaturesFor(toPublicKey(address).toBase58(), (config ?? {}) as SignaturesConfig),
    requestAirdrop: async ([address, lamports]) =>
      this.serial(() => this.airdrop(toPublicKey(address), BigInt(Number(lamports)))),
  }

  private async latestBlockhash(): Promise<{ blockhash: string; lastValidBlockHeight: bigint }> {
    const latest = await this.bank.getLatestBlockhash()
    if (!latest) throw new RpcError(-32000, 'no blockhash')
    const [blockhash, lastValidBlockHeight] = latest
    this.blockhashes.set(blockhash, lastValidBlockHeight)
    return { blockhash, lastValidBlockHeight }
  }

  private advanceSlot(): void {
    this.slot += 1n
    this.context.warpToSlot(this.slot)
    for (const sub of this.subscriptions.values()) {
      if (sub.kind !== 'slot') continue
      const slot = Number(this.slot)
      notify(sub, 'slotNotification', { parent: slot - 1, root: slot - 1, slot })
    }
  }

  private async parsedToken(address: PublicKey) {
    const account = await this.bank.getAccount(address)
    return account ? parseTokenData(account.owner.toBase58(), account.data) : undefined
  }

  private async encodedAccount(address: PublicKey, encoding: string) {
    const account = await this.bank.getAccount(address)
    if (!account) return null
    const owner = account.owner.toBase58()
    const common = {
      executable: account.executable,
      lamports: Number(account.lamports),
      owner,
      // Real clusters send u64::MAX for rent-exempt accounts; JSON numbers cannot carry it exactly.
      rentEpoch: 0,
      space: account.data.length,
    }
    if (encoding === 'jsonParsed') {
      const parsed = parseTokenData(owner, account.data)
      if (parsed)
        return { ...common, data: await this.jsonParsedToken(owner, parsed, account.data.length) }
    }
    if (encoding === 'base58') return { ...common, data: [toBase58(account.data), 'base58'] }
    return { ...common, data: [Buffer.from(account.data).toString('base64'), 'base64'] }
  }

  private async jsonParsedToken(
    owner: string,
    parsed: NonNullable<ReturnType<typeof parseTokenData>>,
    space: number,
  ) {
    const program =
      owner === 'TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA' ? 'spl-token' : 'spl-token-2022'
    if (parsed.kind === 'mint') {
      const info = {
        decimals: parsed.decimals,
        freezeAuthority: parsed.freezeAuthority,
        isInitialized: parsed.isInitialized,
        mintAuthority: parsed.mintAuthority,
        supply: parsed.supply.toString(),
      }
      return { program, parsed: { info, type: 'mint' }, space }
    }
    const mint = await this.parsedToken(new PublicKey(parsed.mint))
    const info = {
      isNative: parsed.isNative,
      mint: parsed.mint,
      owner: parsed.owner,
      state: parsed.state,
      tokenAmount: uiTokenAmount(parsed.amount, mint?.kind === 'mint' ? mint.decimals : 0),
    }
    return { program, parsed: { info, type: 'account' }, space }
  }

  private async simulate(encoded: string, config: SimulateConfig) {
    const tx = decodeTransaction(encoded, config.encoding ?? 'base58')
    if (config.sigVerify && config.replaceRecentBlockhash) {
      throw new RpcError(
        -32602,
        'Invalid params: sigVerify may not be used with replaceRecentBlockhash',
      )
    }
    let replacementBlockhash: { blockhash: string; lastValidBlockHeight: number } | undefined
    if (config.replaceRecentBlockhash) {
      const latest = await this.latestBlockhash()
      tx.message.recentBlockhash = latest.blockhash
      replacementBlockhash = {
        blockhash: latest.blockhash,
        lastValidBlockHeight: Number(latest.lastValidBlockHeight),
      }
    }
    if (config.sigVerify && !signaturesValid(tx)) {
      return this.withContext({
        err: 'SignatureFailure',
        logs: [],
        accounts: null,
        unitsConsumed: 0,
        returnData: null,
        innerInstructions: null,
      })
    }
    const result = await this.bank.simulateTransaction(tx)
    return this.withContext({
      err: result.result === null ? null : toTransactionError(result.result),
      logs: result.meta?.logMessages ?? [],
      accounts: null,
      unitsConsumed: Number(result.meta?.computeUnitsConsumed ?? 0n),
      returnData: null,
      innerInstructions: null,
      ...(replacementBlockhash ? { replacementBlockhash } : {}),
    })
  }

  /** Processes a transaction like a validator with preflight: nothing lands if simulation fails. */
  private async send(encoded: string, config: SendConfig): Promise<string> {
    // The RPC's default encoding for sendTransaction is base58 (deprecated, but still the default).
    const tx = decodeTransaction(encoded, config.encoding ?? 'base58')
    const first = tx.signatures[0]
    if (!first) throw new RpcError(-32602, 'Invalid params: transaction has no signatures')
    const signature = toBase58(first)
    if (!signaturesValid(tx)) {
      throw new RpcError(-32003, 'Transaction signature verification failure')
    }
    if (this.records.has(signature)) {
      if (config.skipPreflight) return signature
      throw preflightError('This transaction has already been processed', [], 0)
    }
    if (!config.skipPreflight) {
      const sim = await this.bank.simulateTransaction(tx)
      if (sim.result !== null) {
        throw preflightError(
          sim.result,
          sim.meta?.logMessages ?? [],
          Number(sim.meta?.computeUnitsConsumed ?? 0n),
        )
      }
    }
    const keys = tx.message.staticAccountKeys
    const pre = await this.snapshot(keys)
    const result = await this.bank.tryProcessTransaction(tx)
    if (result.result !== null && !result.result.startsWith('Error processing Instruction')) {
      // Rejected before execution (blockhash, fee payer funds…): the transaction never lands.
      throw preflightError(result.result, result.meta?.logMessages ?? [], 0)
    }
    const post = await this.snapshot(keys)
    const record: TxRecord = {
      signature,
      slot: this.slot,
      blockTime: Math.floor(Date.now() / 1000),
      tx,
      err: result.result === null ? null : toTransactionError(result.result),
      logs: result.meta?.logMessages ?? [],
      unitsConsumed: Number(result.meta?.computeUnitsConsumed ?? 0n),
      fee: Number(feeOf(tx.message)),
      pre,
      post,
    }
    this.records.set(signature, record)
    this.transactionCount++
    for (const key of keys) {
      const account = await this.bank.getAccount(key)
      if (
        account &&
        isTokenProgram(account.owner.toBase58()) &&
        parseTokenData(account.owner.toBase58(), account.data)?.kind === 'account'
      ) {
        this.tokenAccounts.add(key.toBase58())
      }
    }
    // A new slot after every transaction, so the next one gets a new blockhash and two identical
    // payments (same payer, amount and memo) do not collide as "already processed".
    this.advanceSlot()
    await this.notifyLanded(record, keys)
    return signature
  }

  private async snapshot(keys: readonly PublicKey[]): Promise<Snapshot> {
    const lamports: number[] = []
    const tokens: TokenBalance[] = []
    for (const [accountIndex, key] of keys.entries()) {
      const account = await this.bank.getAccount(key)
      lamports.push(Number(account?.lamports ?? 0))
      if (!account) continue
      const programId = account.owner.toBase58()
      const parsed = parseTokenData(programId, account.data)
      if (parsed?.kind !== 'account') continue
      const mint = await this.parsedToken(new PublicKey(parsed.mint))
      tokens.push({
        accountIndex,
        mint: parsed.mint,
        owner: parsed.owner,
        programId,
        uiTokenAmount: uiTokenAmount(parsed.amount, mint?.kind === 'mint' ? mint.decimals : 0),
      })
    }
    return { lamports, tokens }
  }

  /**
   * `getSignaturesForAddress`: landed transactions (failed ones too) that name the address, newest
   * first, with `memo` formatted as the real RPC does (`"[len] text"`, joined by `"; "`).
   */
  private signaturesFor(address: string, config: SignaturesConfig) {
    const named = [...this.records.values()]
      .reverse()
      .filter((record) => record.tx.message.staticAccountKeys.some((k) => k.toBase58() === address))
      .sort((a, b) => (a.slot === b.slot ? 0 : a.slot > b.slot ? -1 : 1))
    let start = 0
    if (config.before) {
      const index = named.findIndex((record) => record.signature === config.before)
      start = index < 0 ? named.length : index + 1
    }
    const out = []
    for (const record of named.slice(start)) {
      if (record.signature === config.until || out.length >= (config.limit ?? 1000)) break
      out.push({
        signature: record.signature,
        slot: Number(record.slot),
        err: record.err,
        memo: memoOf(record.tx),
        blockTime: record.blockTime,
        confirmationStatus: 'finalized',
      })
    }
    return out
  }

  private statusOf(signature: string) {
    const record = this.records.get(signature)
    if (!record) return null
    return {
      slot: Number(record.slot),
      confirmations: null,
      err: record.err,
      status: record.err === null ? { Ok: null } : { Err: record.err },
      confirmationStatus: 'finalized',
    }
  }

  private transaction(signature: string, rawConfig: unknown) {
    const config = (
      typeof rawConfig === 'string' ? { encoding: rawConfig } : (rawConfig ?? {})
    ) as {
      encoding?: string
      maxSupportedTransactionVersion?: number
    }
    const record = this.records.get(signature)
    if (!record) return null
    const version = record.tx.version
    if (version !== 'legacy' && config.maxSupportedTransactionVersion === undefined) {
      throw new RpcError(
        -32015,
        'Transaction version (0) is not supported by the requesting client. Please try the request again with the following configuration parameter: "maxSupportedTransactionVersion": 0',
      )
    }
    const encoding = config.encoding ?? 'json'
    const message = record.tx.message
    const keys = message.staticAccountKeys.map((k) => k.toBase58())
    let transaction: unknown
    if (encoding === 'base64') {
      transaction = [Buffer.from(record.tx.serialize()).toString('base64'), 'base64']
    } else if (encoding === 'base58') {
      transaction = [toBase58(record.tx.serialize()), 'base58']
    } else {
      const instructions = message.compiledInstructions.map((ix) =>
        encoding === 'jsonParsed'
          ? {
              programId: keys[ix.programIdIndex],
              accounts: ix.accountKeyIndexes.map((i) => keys[i]),
              data: toBase58(ix.data),
              stackHeight: null,
            }
          : {
              programIdIndex: ix.programIdIndex,
              accounts: ix.accountKeyIndexes,
              data: toBase58(ix.data),
              stackHeight: null,
            },
      )
      const accountKeys =
        encoding === 'jsonParsed'
          ? keys.map((pubkey, i) => ({
              pubkey,
              signer: message.isAccountSigner(i),
              writable: message.isAccountWritable(i),
              source: 'transaction',
            }))
          : keys
      transaction = {
        signatures: record.tx.signatures.map((s) => toBase58(s)),
        message: {
          accountKeys,
          header: message.header,
          recentBlockhash: message.recentBlockhash,
          instructions,
          ...(version === 'legacy' ? {} : { addressTableLookups: [] }),
        },
      }
    }
    return {
      slot: Number(record.slot),
      blockTime: record.blockTime,
      version,
      transaction,
      meta: {
        err: record.err,
        status: record.err === null ? { Ok: null } : { Err: record.err },
        fee: record.fee,
        preBalances: record.pre.lamports,
        postBalances: record.post.lamports,
        preTokenBalances: record.pre.tokens,
        postTokenBalances: record.post.tokens,
        innerInstructions: [],
        logMessages: record.logs,
        rewards: [],
        loadedAddresses: { writable: [], readonly: [] },
        computeUnitsConsumed: record.unitsConsumed,
      },
    }
  }

  /** A real transfer from bankrun's funded payer, so the airdrop has a signature like on devnet. */
  private async airdrop(to: PublicKey, lamports: bigint): Promise<string> {
    const { blockhash } = await this.latestBlockhash()
    const faucet = this.context.payer
    const message = new TransactionMessage({
      payerKey: faucet.publicKey,
      recentBlockhash: blockhash,
      instructions: [
        SystemProgram.transfer({ fromPubkey: faucet.publicKey, toPubkey: to, lamports }),
      ],
    }).compileToV0Message()
    const tx = new VersionedTransaction(message)
    tx.sign([faucet])
    return this.send(Buffer.from(tx.serialize()).toString('base64'), { encoding: 'base64' })
  }

  private async notifyLanded(record: TxRecord, keys: readonly PublicKey[]) {
    const touched = new Set(keys.map((k) => k.toBase58()))
    for (const sub of [...this.subscriptions.values()]) {
      if (sub.kind === 'signature' && sub.key === record.signature) {
        notify(sub, 'signatureNotification', {
          context: { slot: Number(record.slot) },
          value: { err: record.err },
        })
        // Signature subscriptions end after their one notification, as on a real node.
        this.subscriptions.delete(sub.id)
      } else if (sub.kind === 'account' && sub.key && touched.has(sub.key)) {
        notify(sub, 'accountNotification', {
          context: { slot: Number(this.slot) },
          value: await this.encodedAccount(new PublicKey(sub.key), sub.encoding ?? 'base64'),
        })
      }
    }
  }

  /** Handles one PubSub connection: signature, account and slot subscriptions. */
  attachWebSocket(conn: WebSocketConnection): void {
    conn.onClose(() => {
      for (const sub of this.subscriptions.values())
        if (sub.conn === conn) this.subscriptions.delete(sub.id)
    })
    conn.onMessage((text) => {
      void this.handlePubSub(conn, text)
    })
  }

  private async handlePubSub(conn: WebSocketConnection, text: string) {
    let request: { id?: unknown; method?: unknown; params?: unknown }
    try {
      request = JSON.parse(text)
    } catch {
      conn.send(
        JSON.stringify({
          jsonrpc: '2.0',
          id: null,
          error: { code: -32700, message: 'Parse error' },
        }),
      )
      return
    }
    // Notifications (no id), such as web3.js's keep-alive "ping", get no answer.
    if (request.id === undefined || request.id === null) return
    const params = Array.isArray(request.params) ? request.params : []
    const reply = (result: unknown) =>
      conn.send(JSON.stringify({ jsonrpc: '2.0', id: request.id, result }))
    const method = String(request.method)
    try {
      if (method.endsWith('Unsubscribe')) {
        reply(this.subscriptions.delete(Number(params[0])))
        return
      }
      const id = this.nextSubscriptionId++
      if (method === 'signatureSubscribe') {
        const signature = String(params[0])
        const sub: Subscription = { id, kind: 'signature', conn, key: signature }
        this.subscriptions.set(id, sub)
        reply(id)
        const record = this.records.get(signature)
        if (record) {
          notify(sub, 'signatureNotification', {
            context: { slot: Number(record.slot) },
            value: { err: record.err },
          })
          this.subscriptions.delete(id)
        }
      } else if (method === 'accountSubscribe') {
        const key = toPublicKey(params[0]).toBase58()
        this.subscriptions.set(id, {
          id,
          kind: 'account',
          conn,
          key,
          encoding: encodingOf(params[1]),
        })
        reply(id)
      } else if (method === 'slotSubscribe') {
        this.subscriptions.set(id, { id, kind: 'slot', conn })
        reply(id)
      } else {
        throw new RpcError(-32601, `Method not found: ${method}`)
      }
    } catch (error) {
      const { code, message } =
        error instanceof RpcError ? error : { code: -32603, message: String(error) }
      conn.send(JSON.stringify({ jsonrpc: '2.0', id: request.id, error: { code, message } }))
    }
  }
}

interface SimulateConfig {
  encoding?: string
  sigVerify?: boolean
  replaceRecentBlockhash?: boolean
}

interface SendConfig {
  encoding?: string
  skipPreflight?: boolean
}

function notify(sub: Subscription, method: string, result: unknown) {
  sub.conn.send(
    JSON.stringify({ jsonrpc: '2.0', method, params: { result, subscription: sub.id } }),
  )
}

function encodingOf(config: unknown): string {
  if (typeof config === 'object' && config !== null && 'encoding' in config) {
    return String((config as { encoding: unknown }).encoding)
  }
  return 'base64'
}

function toPublicKey(value: unknown): PublicKey {
  try {
    return new PublicKey(String(value))
  } catch {
    throw new RpcError(-32602, `Invalid param: invalid pubkey ${String(value)}`)
  }
}

function decodeTransaction(encoded: string, encoding: string): VersionedTransaction {
  try {
    const bytes = encoding === 'base64' ? Buffer.from(encoded, 'base64') : fromBase58(encoded)
    return VersionedTransaction.deserialize(bytes)
  } catch (error) {
    throw new RpcError(-32602, `failed to deserialize transaction: ${String(error)}`)
  }
}

/** Every required signature must be a valid ed25519 signature of the message by its account. */
export function signaturesValid(tx: VersionedTransaction): boolean {
  for (let i = 0; i < tx.message.header.numRequiredSignatures; i++) {
    if (!signatureValidAt(tx, i)) return false
  }
  return true
}

/** Whether signer `index` signed the message (an all-zero signature is a missing one). */
export function signatureValidAt(tx: VersionedTransaction, index: number): boolean {
  const key = tx.message.staticAccountKeys[index]
  const signature = tx.signatures[index]
  if (!key || !signature || signature.every((b) => b === 0)) return false
  const publicKey = createPublicKey({
    key: Buffer.concat([SPKI_ED25519_PREFIX, key.toBuffer()]),
    format: 'der',
    type: 'spki',
  })
  return verifySignature(null, tx.message.serialize(), publicKey, signature)
}

/** 5000 lamports per signature plus the priority fee the compute-budget instructions ask for. */
export function feeOf(message: VersionedMessage): bigint {
  const keys = message.staticAccountKeys
  let unitLimit = 200_000n
  let microLamportsPerUnit = 0n
  for (const ix of message.compiledInstructions) {
    if (!keys[ix.programIdIndex]?.equals(ComputeBudgetProgram.programId)) continue
    const data = Buffer.from(ix.data)
    if (data[0] === 2 && data.length >= 5) unitLimit = BigInt(data.readUInt32LE(1))
    if (data[0] === 3 && data.length >= 9) microLamportsPerUnit = data.readBigUInt64LE(1)
  }
  const priority = (unitLimit * microLamportsPerUnit + 999_999n) / 1_000_000n
  return LAMPORTS_PER_SIGNATURE * BigInt(message.header.numRequiredSignatures) + priority
}

const ERROR_NAMES: Record<string, string> = {
  'Blockhash not found': 'BlockhashNotFound',
  'This transaction has already been processed': 'AlreadyProcessed',
  'Attempt to debit an account but found no record of a prior credit.': 'AccountNotFound',
  'Insufficient funds for fee': 'InsufficientFundsForFee',
  'Transaction did not pass signature verification': 'SignatureFailure',
  'insufficient funds': 'InsufficientFunds',
  'invalid account data for instruction': 'InvalidAccountData',
  'incorrect program id for instruction': 'IncorrectProgramId',
  'missing required signature for instruction': 'MissingRequiredSignature',
  'invalid instruction data': 'InvalidInstructionData',
  'Computational budget exceeded': 'ComputationalBudgetExceeded',
  'account data too small for instruction': 'AccountDataTooSmall',
  'instruction requires an uninitialized account': 'AccountAlreadyInitialized',
}

/** Turns bankrun's error text back into the RPC's `TransactionError` JSON. */
export function toTransactionError(text: string): unknown {
  const instruction = /^Error processing Instruction (\d+): (.*)$/.exec(text)
  if (instruction) {
    const index = Number(instruction[1])
    const detail = instruction[2] ?? ''
    const custom = /^custom program error: 0x([0-9a-f]+)$/i.exec(detail)
    if (custom)
      return { InstructionError: [index, { Custom: Number.parseInt(custom[1] ?? '0', 16) }] }
    return { InstructionError: [index, ERROR_NAMES[detail] ?? detail] }
  }
  return ERROR_NAMES[text] ?? text
}

function preflightError(text: string, logs: string[], unitsConsumed: number): RpcError {
  return new RpcError(-32002, `Transaction simulation failed: ${text}`, {
    err: toTransactionError(text),
    logs,
    accounts: null,
    unitsConsumed,
    returnData: null,
    innerInstructions: null,
  })
}

const CORS_HEADERS = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Methods': 'POST, GET, OPTIONS',
  'Access-Control-Max-Age': '600',
}

interface JsonRpcRequest {
  jsonrpc?: unknown
  id?: unknown
  method?: unknown
  params?: unknown
}

/** Serves `rpc` over HTTP and websocket on 127.0.0.1. */
export async function serveBankrunRpc(
  rpc: BankrunRpc,
  port = 0,
): Promise<{ rpcUrl: string; wsUrl: string; close(): Promise<void> }> {
  const answer = async (request: JsonRpcRequest) => {
    const id = request.id ?? null
    try {
      if (typeof request.method !== 'string') throw new RpcError(-32600, 'Invalid request')
      const params = Array.isArray(request.params) ? request.params : []
      return { jsonrpc: '2.0', id, result: await rpc.call(request.method, params) }
    } catch (error) {
      const rpcError =
        error instanceof RpcError ? error : new RpcError(-32603, `Internal error: ${String(error)}`)
      return {
        jsonrpc: '2.0',
        id,
        error: {
          code: rpcError.code,
          message: rpcError.message,
          ...(rpcError.data === undefined ? {} : { data: rpcError.data }),
        },
      }
    }
  }

  const onRequest = async (req: http.IncomingMessage, res: http.ServerResponse) => {
    if (req.method === 'OPTIONS') {
      res.writeHead(204, {
        ...CORS_HEADERS,
        'Access-Control-Allow-Headers': req.headers['access-control-request-headers'] ?? '*',
      })
      res.end()
      return
    }
    if (req.method === 'GET' && req.url === '/health') {
      res.writeHead(200, { ...CORS_HEADERS, 'Content-Type': 'text/plain' })
      res.end('ok')
      return
    }
    let body: unknown
    try {
      body = JSON.parse((await readBody(req)).toString('utf8'))
    } catch {
      body = undefined
    }
    const result =
      body === undefined
        ? { jsonrpc: '2.0', id: null, error: { code: -32700, message: 'Parse error' } }
        : Array.isArray(body)
          ? await Promise.all(body.map((r) => answer(r as JsonRpcRequest)))
          : await answer(body as JsonRpcRequest)
    const text = JSON.stringify(result)
    res.writeHead(200, { ...CORS_HEADERS, 'Content-Type': 'application/json' })
    res.end(text)
  }

  const makeServer = () => {
    const server = http.createServer((req, res) => {
      onRequest(req, res).catch((error) => {
        res.writeHead(500)
        res.end(String(error))
      })
    })
    server.on('upgrade', (req, socket) => {
      const conn = acceptWebSocket(req, socket)
      if (conn) rpc.attachWebSocket(conn)
    })
    return server
  }

  // web3.js derives its websocket URL from the HTTP one as port + 1, so serve both ports (each also
  // accepts upgrades on the HTTP port, which is where @solana/kit users usually point).
  for (let attempt = 0; attempt < 20; attempt++) {
    const http1 = await listenHttp(makeServer(), port)
    try {
      const http2 = await listenHttp(makeServer(), http1.port + 1)
      return {
        rpcUrl: http1.url,
        wsUrl: `ws://127.0.0.1:${http2.port}`,
        close: async () => {
          await Promise.all([http1.close(), http2.close()])
        },
      }
    } catch (error) {
      await http1.close()
      if (port !== 0) throw error
    }
  }
  throw new Error('no two adjacent free ports for the Solana RPC')
}

interface SignaturesConfig {
  limit?: number
  before?: string
  until?: string
}

const MEMO_PROGRAMS = new Set([
  'MemoSq4gqABAXKb96qnH8TysNcWxMyWCqXgDLGmfcHr',
  'Memo1UhkJRfHyvLMcVucJwxXeuD728EqVDDwQDxFMNo',
])

/** The memos of a transaction as `getSignaturesForAddress` reports them, or null. */
function memoOf(tx: VersionedTransaction): string | null {
  const keys = tx.message.staticAccountKeys
  const memos = tx.message.compiledInstructions
    .filter((ix) => MEMO_PROGRAMS.has(keys[ix.programIdIndex]?.toBase58() ?? ''))
    .map((ix) => `[${ix.data.length}] ${Buffer.from(ix.data).toString('utf8')}`)
  return memos.length > 0 ? memos.join('; ') : null
}
