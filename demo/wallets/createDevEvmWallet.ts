import {
  type Address,
  createWalletClient,
  type Hex,
  http,
  isAddressEqual,
  isHex,
  type LocalAccount,
  numberToHex,
  type TypedDataDefinition,
  toHex,
} from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { devnetEvmChain } from '../devnet/devnetEvmChain.js'
import { DevWalletRpcError, RPC_ERROR } from './DevWalletRpcError.js'
import { DEV_WALLET_ICON, DEV_WALLET_NAME, DEV_WALLET_RDNS } from './devWalletIcon.js'

/** A request as EIP-1193 defines it. */
export interface DevWalletRequest {
  method: string
  params?: unknown
}

/** EIP-6963 `EIP6963ProviderInfo`. */
export interface Eip6963ProviderInfo {
  uuid: string
  name: string
  icon: `data:image/${string}`
  rdns: string
}

type Listener = (...args: unknown[]) => void

/** The EIP-1193 provider of the development wallet. */
export interface DevEip1193Provider {
  request(args: DevWalletRequest): Promise<unknown>
  on(event: string, listener: Listener): DevEip1193Provider
  removeListener(event: string, listener: Listener): DevEip1193Provider
  /** Marks the provider for wallet-detection code that checks vendor flags (none of ours). */
  readonly isH402DevWallet: true
}

export interface CreateDevEvmWalletOptions {
  /** JSON-RPC endpoint of the devnet (Hardhat). */
  rpcUrl: string
  /** A funded devnet key (e.g. `DevnetInfo.evm.devAccounts[0].privateKey`). Never a real key. */
  privateKey: Hex
  /** The devnet's chain id (31337). The only chain the wallet can be switched to. */
  chainId: number
  /**
   * Chain the wallet starts on. Default `chainId`. Another id (say 1) makes the wallet start on a
   * chain it has no RPC for, so a story can show "wrong network" and the real switch to the devnet.
   */
  initialChainId?: number
  /** Start with the account already authorised for the site (as after an earlier visit). */
  connected?: boolean
  /**
   * Stands in for the user's confirmation dialog: called before connecting, signing, sending and
   * switching chains; `false` rejects the request with EIP-1193 code 4001.
   */
  approve?: (request: DevWalletRequest) => boolean | Promise<boolean>
  /** EIP-6963 name; default "h402 Dev Wallet (devnet key)". Keep "Dev" in any other name. */
  name?: string
  /** EIP-6963 rdns; default `dev.h402.devwallet`. */
  rdns?: string
}

/** An EIP-1193 wallet for stories and tests, backed by a local devnet key. */
export interface DevEvmWallet {
  provider: DevEip1193Provider
  /** EIP-6963 provider info (DEV icon). */
  info: Eip6963ProviderInfo
  account: LocalAccount
  address: Address
  /** Forgets the site's authorisation (like "disconnect this site"); emits `accountsChanged([])`. */
  lock(): void
  /** Simulates losing (`false`) or regaining (`true`) the RPC: emits `disconnect` / `connect`. */
  setReachable(reachable: boolean): void
}

// Signing methods a node would answer with its *own* unlocked accounts (Hardhat has twenty): they
// must never be forwarded, or the wallet would sign with keys that are not its own.
const NEVER_FORWARDED = new Set([
  'eth_sign',
  'eth_signTransaction',
  'eth_signTypedData',
  'eth_signTypedData_v1',
  'eth_signTypedData_v3',
  'eth_coinbase',
  'personal_ecRecover',
  'personal_unlockAccount',
  'personal_sendTransaction',
])

/**
 * Creates an EIP-1193 provider whose account is a viem `LocalAccount` for a devnet key: it signs
 * locally (personal_sign, eth_signTypedData_v4, eth_sendTransaction as a raw transaction) and
 * forwards read methods to the devnet RPC. Announce it with `announceEip6963Provider`.
 */
export function createDevEvmWallet(options: CreateDevEvmWalletOptions): DevEvmWallet {
  const account = privateKeyToAccount(options.privateKey)
  const devnetChain = devnetEvmChain({ evm: { chainId: options.chainId, rpcUrl: options.rpcUrl } })
  const walletClient = createWalletClient({
    account,
    chain: devnetChain,
    transport: http(options.rpcUrl),
  })
  const knownChains = new Set([options.chainId, options.initialChainId ?? options.chainId])
  let chainId = options.initialChainId ?? options.chainId
  let authorized = options.connected ?? false
  let reachable = true
  const listeners = new Map<string, Set<Listener>>()
  const emit = (event: string, ...args: unknown[]) => {
    for (const listener of listeners.get(event) ?? []) listener(...args)
  }
  // Sends are serialised: each one reads the pending nonce, and two at once would read the same.
  let sendQueue: Promise<unknown> = Promise.resolve()

  const accounts = () => (authorized ? [account.address] : [])
  const approve = async (request: DevWalletRequest) => {
    const approved = options.approve ? await options.approve(request) : true
    if (!approved) throw new DevWalletRpcError(RPC_ERROR.userRejected, 'User rejected the request.')
  }
  const requireAuthorized = (address?: unknown) => {
    if (!authorized)
      throw new DevWalletRpcError(
        RPC_ERROR.unauthorized,
        'The requested account has not been authorized by the user.',
      )
    if (address !== undefined && !isAddressEqual(address as Address, account.address))
      throw new DevWalletRpcError(RPC_ERROR.unauthorized, `Unknown account ${String(address)}.`)
  }
  const requireDevnet = () => {
    if (chainId !== options.chainId)
      throw new DevWalletRpcError(
        RPC_ERROR.chainDisconnected,
        `The dev wallet has no RPC for chain ${chainId}; switch to ${options.chainId}.`,
      )
  }

  const forward = async (request: DevWalletRequest): Promise<unknown> => {
    requireDevnet()
    const response = await fetch(options.rpcUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        jsonrpc: '2.0',
        id: 1,
        method: request.method,
        params: request.params ?? [],
      }),
    }).catch((error: unknown) => {
      throw new DevWalletRpcError(RPC_ERROR.disconnected, `Devnet RPC unreachable: ${error}`)
    })
    const body = (await response.json()) as {
      result?: unknown
      error?: { code: number; message: string; data?: unknown }
    }
    if (body.error)
      throw new DevWalletRpcError(body.error.code, body.error.message, body.error.data)
    return body.result
  }

  const handle = async (request: DevWalletRequest): Promise<unknown> => {
    const params = (Array.isArray(request.params) ? request.params : []) as unknown[]
    switch (request.method) {
      case 'eth_chainId':
        return numberToHex(chainId)
      case 'net_version':
        return String(chainId)
      case 'eth_accounts':
        return accounts()
      case 'eth_requestAccounts': {
        if (!authorized) {
          await approve(request)
          authorized = true
          emit('accountsChanged', accounts())
        }
        return accounts()
      }
      case 'wallet_requestPermissions': {
        await approve(request)
        const wasAuthorized = authorized
        authorized = true
        if (!wasAuthorized) emit('accountsChanged', accounts())
        return [{ parentCapability: 'eth_accounts', caveats: [] }]
      }
      case 'wallet_getPermissions':
        return authorized ? [{ parentCapability: 'eth_accounts', caveats: [] }] : []
      case 'wallet_revokePermissions':
        lock()
        return null
      case 'wallet_switchEthereumChain': {
        const target = Number((params[0] as { chainId?: string } | undefined)?.chainId)
        if (!knownChains.has(target))
          throw new DevWalletRpcError(
            RPC_ERROR.unrecognizedChain,
            `Unrecognized chain ID ${target}: the dev wallet only knows the devnet (${options.chainId}).`,
          )
        if (target === chainId) return null
        await approve(request)
        chainId = target
        emit('chainChanged', numberToHex(chainId))
        return null
      }
      case 'wallet_addEthereumChain': {
        const target = Number((params[0] as { chainId?: string } | undefined)?.chainId)
        if (knownChains.has(target)) return null
        throw new DevWalletRpcError(
          RPC_ERROR.unsupportedMethod,
          'The dev wallet cannot add chains: it only knows the devnet.',
        )
      }
      case 'personal_sign': {
        const [message, address] = params as [string, Address]
        requireAuthorized(address)
        await approve(request)
        return account.signMessage({
          message: isHex(message) ? { raw: message } : message,
        })
      }
      case 'eth_signTypedData_v4': {
        const [address, json] = params as [Address, string | object]
        requireAuthorized(address)
        const typedData = (
          typeof json === 'string' ? JSON.parse(json) : json
        ) as TypedDataDefinition
        const domainChain = typedData.domain?.chainId
        // Real wallets refuse typed data for another chain than the active one (MetaMask does).
        if (domainChain !== undefined && Number(domainChain) !== chainId)
          throw new DevWalletRpcError(
            RPC_ERROR.invalidParams,
            `Provided chainId "${Number(domainChain)}" must match the active chainId "${chainId}".`,
          )
        await approve(request)
        return account.signTypedData(typedData)
      }
      case 'eth_sendTransaction': {
        const [tx] = params as [TransactionRequestJson]
        requireAuthorized(tx?.from)
        requireDevnet()
        await approve(request)
        const send = sendQueue.then(() =>
          walletClient.sendTransaction({
            to: tx.to ?? null,
            data: tx.data ?? tx.input,
            value: quantity(tx.value),
            gas: quantity(tx.gas),
            gasPrice: quantity(tx.gasPrice),
            maxFeePerGas: quantity(tx.maxFeePerGas),
            maxPriorityFeePerGas: quantity(tx.maxPriorityFeePerGas),
            nonce: tx.nonce === undefined ? undefined : Number(tx.nonce),
          } as Parameters<typeof walletClient.sendTransaction>[0]),
        )
        sendQueue = send.catch(() => undefined)
        return send.catch((error: unknown) => {
          throw new DevWalletRpcError(RPC_ERROR.internal, `Transaction failed: ${errorText(error)}`)
        })
      }
      default:
        if (NEVER_FORWARDED.has(request.method))
          throw new DevWalletRpcError(
            RPC_ERROR.unsupportedMethod,
            `The dev wallet does not support ${request.method}.`,
          )
        return forward(request)
    }
  }

  const provider: DevEip1193Provider = {
    isH402DevWallet: true,
    async request(request) {
      if (!request || typeof request.method !== 'string')
        throw new DevWalletRpcError(RPC_ERROR.invalidParams, 'Expected { method, params }.')
      if (!reachable && request.method !== 'eth_chainId')
        throw new DevWalletRpcError(RPC_ERROR.disconnected, 'The dev wallet is disconnected.')
      return handle(request)
    },
    on(event, listener) {
      const set = listeners.get(event) ?? new Set()
      listeners.set(event, set)
      set.add(listener)
      return provider
    },
    removeListener(event, listener) {
      listeners.get(event)?.delete(listener)
      return provider
    },
  }

  function lock() {
    if (!authorized) return
    authorized = false
    emit('accountsChanged', [])
  }

  return {
    provider,
    account,
    address: account.address,
    info: {
      uuid: crypto.randomUUID(),
      name: options.name ?? DEV_WALLET_NAME,
      icon: DEV_WALLET_ICON,
      rdns: options.rdns ?? DEV_WALLET_RDNS,
    },
    lock,
    setReachable(next) {
      if (next === reachable) return
      reachable = next
      if (next) emit('connect', { chainId: toHex(chainId) })
      else
        emit(
          'disconnect',
          new DevWalletRpcError(RPC_ERROR.disconnected, 'The dev wallet lost its RPC.'),
        )
    },
  }
}

/** `eth_sendTransaction`'s parameter as it arrives over JSON (quantities as hex strings). */
interface TransactionRequestJson {
  from?: Address
  to?: Address
  data?: Hex
  input?: Hex
  value?: Hex
  gas?: Hex
  gasPrice?: Hex
  maxFeePerGas?: Hex
  maxPriorityFeePerGas?: Hex
  nonce?: Hex
}

const quantity = (value: string | undefined) => (value === undefined ? undefined : BigInt(value))

function errorText(error: unknown): string {
  if (error && typeof error === 'object' && 'shortMessage' in error)
    return String((error as { shortMessage: unknown }).shortMessage)
  return error instanceof Error ? error.message : String(error)
}
