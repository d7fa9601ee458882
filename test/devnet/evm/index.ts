import { fileURLToPath } from 'node:url'
import {
  type Account,
  type Address,
  createPublicClient,
  createWalletClient,
  defineChain,
  getAddress,
  type Hex,
  http,
  type PublicClient,
  toHex,
} from 'viem'
import { generatePrivateKey, mnemonicToAccount, privateKeyToAccount } from 'viem/accounts'
import { spawnNodeChild, stopChild, tailOutput } from '../common/children.js'
import { freePort, sleep } from '../common/ports.js'
import { mintAbi } from './abi.js'
import { compileContracts } from './compile.js'

export const EVM_CHAIN_ID = 31337
const HARDHAT_MNEMONIC = 'test test test test test test test test test test test junk'
const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url))
const HARDHAT_CONFIG = fileURLToPath(new URL('./hardhat.config.cjs', import.meta.url))
const HARDHAT_CLI = fileURLToPath(
  new URL('../../../node_modules/hardhat/internal/cli/bootstrap.js', import.meta.url),
)

export interface EvmAccountInfo {
  address: Address
  privateKey: Hex
}

/** Everything about the EVM devnet that can cross a process boundary (vitest `provide`, JSON). */
export interface EvmDevnetInfo {
  rpcUrl: string
  chainId: number
  /**
   * TestUSDC: "USD Coin"/"USDC", 6 decimals, EIP-3009, EIP-712 domain version "2", plus
   * `verifyTransferAuthorization` (what h402's facilitator calls to accept an authorization).
   */
  usdc: Address
  /** TestUSDT: "Tether USD"/"USDT", 18 decimals, plain ERC-20. */
  usdt: Address
  /** CircleUSDC: TestUSDC without `verifyTransferAuthorization`, i.e. Circle's interface as deployed. */
  circleUsdc: Address
  /** Hardhat account #0: deployed the tokens. Unlocked in the node, so it can send by RPC. */
  deployerKey: Hex
  /** Hardhat account #1: pays gas for EIP-3009 settlements. */
  facilitatorKey: Hex
  /** Hardhat account #2: the `payTo` of every demo route. */
  payTo: Address
  /**
   * Hardhat accounts #3–#9, each with 10000 ETH, 1000 USDC, 1000 USDT and 1000 Circle USDC at start: development wallets
   * for `npm start`. Tests should prefer `createEvmPayer` for balances no other test touches.
   */
  devAccounts: EvmAccountInfo[]
}

export interface EvmDevnet extends EvmDevnetInfo {
  stop(): Promise<void>
}

export interface StartEvmDevnetOptions {
  /** Port for the node; a free one when omitted. */
  port?: number
  /** Print the node's output (it logs every RPC call). */
  verbose?: boolean
}

/** Hardhat's well-known development accounts (public knowledge, devnet only). */
export function hardhatAccount(index: number): EvmAccountInfo {
  const account = mnemonicToAccount(HARDHAT_MNEMONIC, { addressIndex: index })
  const privateKey = account.getHdKey().privateKey
  if (!privateKey) throw new Error('no private key for hardhat account')
  return { address: account.address, privateKey: toHex(privateKey) }
}

/** The local chain as a viem `Chain`, for clients built in tests and servers. */
export function devnetEvmChain(rpcUrl: string) {
  return defineChain({
    id: EVM_CHAIN_ID,
    name: 'Hardhat devnet',
    nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
    rpcUrls: { default: { http: [rpcUrl] } },
    testnet: true,
  })
}

export function devnetPublicClient(rpcUrl: string): PublicClient {
  // A short polling interval: blocks are automined, and viem's 4 s default would dominate test time.
  return createPublicClient({
    chain: devnetEvmChain(rpcUrl),
    transport: http(rpcUrl),
    pollingInterval: 50,
  })
}

/**
 * Starts a Hardhat 2 node (chain 31337, automine) on 127.0.0.1, deploys TestUSDC and TestUSDT and funds
 * the development accounts.
 */
export async function startEvmDevnet(options: StartEvmDevnetOptions = {}): Promise<EvmDevnet> {
  const compiled = compileContracts()
  let lastError: unknown
  // A free port can be taken between our probe and Hardhat's bind; try again on another one.
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = options.port ?? (await freePort())
    const child = spawnNodeChild(
      [
        HARDHAT_CLI,
        'node',
        '--hostname',
        '127.0.0.1',
        '--port',
        String(port),
        '--config',
        HARDHAT_CONFIG,
      ],
      { cwd: REPO_ROOT, env: { ...process.env, HARDHAT_DISABLE_TELEMETRY_PROMPT: 'true' } },
    )
    const output = tailOutput(child)
    if (options.verbose) {
      child.stdout?.pipe(process.stdout)
      child.stderr?.pipe(process.stderr)
    }
    const rpcUrl = `http://127.0.0.1:${port}`
    try {
      await waitForRpc(rpcUrl, () => child.exitCode !== null || child.signalCode !== null, output)
      if (!options.verbose) await rpc(rpcUrl, 'hardhat_setLoggingEnabled', [false])
      const info = await deployAndFund(rpcUrl, await compiled)
      return { ...info, stop: () => stopChild(child) }
    } catch (error) {
      lastError = error
      await stopChild(child)
      if (options.port !== undefined) break
    }
  }
  throw lastError
}

async function waitForRpc(rpcUrl: string, exited: () => boolean, output: () => string) {
  const deadline = Date.now() + 60_000
  while (Date.now() < deadline) {
    if (exited()) throw new Error(`hardhat node exited during start:\n${output()}`)
    try {
      const chainId = await rpc(rpcUrl, 'eth_chainId', [])
      if (Number(chainId) !== EVM_CHAIN_ID) throw new Error(`unexpected chain id ${chainId}`)
      return
    } catch (error) {
      if (error instanceof Error && error.message.startsWith('unexpected')) throw error
    }
    await sleep(50)
  }
  throw new Error(`hardhat node did not answer within 60 s:\n${output()}`)
}

async function rpc(rpcUrl: string, method: string, params: unknown[]): Promise<unknown> {
  const response = await fetch(rpcUrl, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
  })
  const body = (await response.json()) as { result?: unknown; error?: { message: string } }
  if (body.error) throw new Error(`${method}: ${body.error.message}`)
  return body.result
}

async function deployAndFund(
  rpcUrl: string,
  compiled: Awaited<ReturnType<typeof compileContracts>>,
): Promise<EvmDevnetInfo> {
  const deployer = hardhatAccount(0)
  const publicClient = devnetPublicClient(rpcUrl)
  const wallet = createWalletClient({
    account: privateKeyToAccount(deployer.privateKey),
    chain: devnetEvmChain(rpcUrl),
    transport: http(rpcUrl),
  })
  // Deployed one after the other from a fresh deployer, so the addresses are the same on every start.
  const deployed: Address[] = []
  // CircleUSDC last, so the first two keep the addresses they had before it existed.
  for (const name of ['TestUSDC', 'TestUSDT', 'CircleUSDC'] as const) {
    const hash = await wallet.deployContract({
      abi: compiled[name].abi,
      bytecode: compiled[name].bytecode,
    })
    const receipt = await publicClient.waitForTransactionReceipt({ hash })
    if (!receipt.contractAddress) throw new Error(`${name} was not deployed`)
    deployed.push(receipt.contractAddress)
  }
  const [usdc, usdt, circleUsdc] = deployed.map((a) => getAddress(a)) as [Address, Address, Address]

  const devAccounts = [3, 4, 5, 6, 7, 8, 9].map(hardhatAccount)
  const hashes: Hex[] = []
  for (const { address } of devAccounts) {
    hashes.push(
      await wallet.writeContract({
        address: usdc,
        abi: mintAbi,
        functionName: 'mint',
        args: [address, 1000n * 10n ** 6n],
      }),
      await wallet.writeContract({
        address: usdt,
        abi: mintAbi,
        functionName: 'mint',
        args: [address, 1000n * 10n ** 18n],
      }),
      await wallet.writeContract({
        address: circleUsdc,
        abi: mintAbi,
        functionName: 'mint',
        args: [address, 1000n * 10n ** 6n],
      }),
    )
  }
  await Promise.all(hashes.map((hash) => publicClient.waitForTransactionReceipt({ hash })))

  return {
    rpcUrl,
    chainId: EVM_CHAIN_ID,
    usdc,
    usdt,
    circleUsdc,
    deployerKey: deployer.privateKey,
    facilitatorKey: hardhatAccount(1).privateKey,
    payTo: hardhatAccount(2).address,
    devAccounts,
  }
}

export interface EvmPayer {
  address: Address
  privateKey: Hex
  account: Account
}

export interface CreateEvmPayerOptions {
  /** Native balance in wei; default 10 ETH. */
  eth?: bigint
  /** Atomic USDC (6 decimals); default 100 USDC. */
  usdc?: bigint
  /** Atomic USDT (18 decimals); default 100 USDT. */
  usdt?: bigint
  /** Atomic CircleUSDC (6 decimals); default 100, when `evm.circleUsdc` is given. */
  circleUsdc?: bigint
}

/**
 * A fresh random account funded with ETH, USDC and USDT, so a test sees balances no other test moves.
 * ETH is set with `hardhat_setBalance` and tokens are minted by the deployer through the node's own
 * signer (`eth_sendTransaction`), which assigns nonces on the node: callers in several processes can
 * fund payers at the same time without nonce races.
 */
export async function createEvmPayer(
  evm: Pick<EvmDevnetInfo, 'rpcUrl' | 'usdc' | 'usdt' | 'deployerKey'> &
    Partial<Pick<EvmDevnetInfo, 'circleUsdc'>>,
  options: CreateEvmPayerOptions = {},
): Promise<EvmPayer> {
  const privateKey = generatePrivateKey()
  const account = privateKeyToAccount(privateKey)
  const publicClient = devnetPublicClient(evm.rpcUrl)
  const deployer = privateKeyToAccount(evm.deployerKey).address
  const wallet = createWalletClient({
    account: deployer,
    chain: devnetEvmChain(evm.rpcUrl),
    transport: http(evm.rpcUrl),
  })
  await rpc(evm.rpcUrl, 'hardhat_setBalance', [
    account.address,
    toHex(options.eth ?? 10n * 10n ** 18n),
  ])
  const hashes: Hex[] = []
  const usdc = options.usdc ?? 100n * 10n ** 6n
  const usdt = options.usdt ?? 100n * 10n ** 18n
  if (usdc > 0n) {
    hashes.push(
      await wallet.writeContract({
        address: evm.usdc,
        abi: mintAbi,
        functionName: 'mint',
        args: [account.address, usdc],
      }),
    )
  }
  if (usdt > 0n) {
    hashes.push(
      await wallet.writeContract({
        address: evm.usdt,
        abi: mintAbi,
        functionName: 'mint',
        args: [account.address, usdt],
      }),
    )
  }
  const circleUsdc = options.circleUsdc ?? 100n * 10n ** 6n
  if (evm.circleUsdc && circleUsdc > 0n) {
    hashes.push(
      await wallet.writeContract({
        address: evm.circleUsdc,
        abi: mintAbi,
        functionName: 'mint',
        args: [account.address, circleUsdc],
      }),
    )
  }
  for (const hash of hashes) {
    const receipt = await publicClient.waitForTransactionReceipt({ hash })
    if (receipt.status !== 'success')
      throw new Error(`funding ${account.address} failed in ${hash}`)
  }
  return { address: account.address, privateKey, account }
}
