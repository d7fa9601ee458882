import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import solc from 'solc'
import {
  type Abi,
  type Address,
  type Chain,
  createWalletClient,
  erc20Abi,
  type Hex,
  http,
  type PublicClient,
  type Transport,
  type WalletClient,
} from 'viem'
import { generatePrivateKey, type LocalAccount, privateKeyToAddress } from 'viem/accounts'
import { inject } from 'vitest'
import { mintAbi } from '../../devnet/evm/abi.js'
import {
  type CreateEvmPayerOptions,
  createEvmPayer,
  devnetEvmChain,
  devnetPublicClient,
  hardhatAccount,
} from '../../devnet/evm/index.js'

/** The shared devnet's EVM chain (test/devnet), with what the EVM payer's tests need on it. */
export interface EvmDevnet {
  rpcUrl: string
  chain: Chain
  transport: Transport
  publicClient: PublicClient
  /** TestUSDC ("USD Coin"/"2", EIP-3009 and EIP-5267) and TestUSDT (18 decimals, plain ERC-20). */
  usdc: Address
  usdt: Address
  /** CircleUSDC: TestUSDC without h402's `verifyTransferAuthorization`, as Circle deploys USDC. */
  circleUsdc: Address
  /**
   * Hardhat account #0, unlocked in the node: mints and relays through `eth_sendTransaction`, so
   * the node assigns nonces and no other process races us for them.
   */
  relayer: WalletClient<Transport, Chain, { address: Address; type: 'json-rpc' }>
  /** A fresh key funded with ETH, USDC and USDT (defaults 10 ETH, 100 USDC, 100 USDT). */
  newAccount(options?: CreateEvmPayerOptions): Promise<LocalAccount>
  /** Hardhat account #15, unlocked in the node and used by no one else: a "browser wallet". */
  unlockedAccount: Address
  /** Deploys `LegacyUsdc`: EIP-3009 with a domain told only by `name()` and `version()`. */
  deployLegacyUsdc(name: string, version: string): Promise<Address>
  mint(token: Address, to: Address, amount: bigint): Promise<void>
  tokenBalance(token: Address, owner: Address): Promise<bigint>
  /** Mines a transaction from the relayer; rejects when it reverts. */
  send(request: { to: Address; data: Hex }): Promise<Hex>
}

function compileLegacyUsdc(): { abi: Abi; bytecode: Hex } {
  const content = readFileSync(join(import.meta.dirname, 'contracts', 'LegacyUsdc.sol'), 'utf8')
  const input = {
    language: 'Solidity',
    sources: { 'LegacyUsdc.sol': { content } },
    settings: {
      evmVersion: 'cancun',
      optimizer: { enabled: true, runs: 200 },
      outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object'] } },
    },
  }
  const output = JSON.parse(solc.compile(JSON.stringify(input)))
  const errors = (output.errors ?? []).filter((e: { severity: string }) => e.severity === 'error')
  if (errors.length) throw new Error(JSON.stringify(errors, null, 2))
  const contract = output.contracts['LegacyUsdc.sol'].LegacyUsdc
  return { abi: contract.abi, bytecode: `0x${contract.evm.bytecode.object}` }
}

/** Connects to the devnet that `test/devnet/globalSetup.ts` started for the `devnet` project. */
export function connectEvmDevnet(): EvmDevnet {
  const { evm } = inject('devnet')
  const chain = devnetEvmChain(evm.rpcUrl)
  const transport = http(evm.rpcUrl)
  const publicClient = devnetPublicClient(evm.rpcUrl)
  const relayer = createWalletClient({
    chain,
    transport,
    account: { address: hardhatAccount(0).address, type: 'json-rpc' as const },
  })

  const mined = async (hash: Hex) => {
    const receipt = await publicClient.waitForTransactionReceipt({ hash })
    if (receipt.status !== 'success') throw new Error(`transaction ${hash} reverted`)
    return receipt
  }

  return {
    rpcUrl: evm.rpcUrl,
    chain,
    transport,
    publicClient,
    usdc: evm.usdc,
    usdt: evm.usdt,
    circleUsdc: evm.circleUsdc,
    relayer,
    unlockedAccount: hardhatAccount(15).address,
    newAccount: async (options) => (await createEvmPayer(evm, options)).account as LocalAccount,
    async deployLegacyUsdc(name, version) {
      const hash = await relayer.deployContract({ ...compileLegacyUsdc(), args: [name, version] })
      return (await mined(hash)).contractAddress!
    },
    async mint(token, to, amount) {
      await mined(
        await relayer.writeContract({
          address: token,
          abi: mintAbi,
          functionName: 'mint',
          args: [to, amount],
        }),
      )
    },
    tokenBalance: (token, owner) =>
      publicClient.readContract({
        address: token,
        abi: erc20Abi,
        functionName: 'balanceOf',
        args: [owner],
      }),
    async send({ to, data }) {
      const hash = await relayer.sendTransaction({ to, data })
      await mined(hash)
      return hash
    },
  }
}

/** A fresh address no test has used: a payee whose balances start at zero. */
export function randomAddress(): Address {
  return privateKeyToAddress(generatePrivateKey())
}
