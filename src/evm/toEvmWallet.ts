import type {
  Account,
  Address,
  Chain,
  Hex,
  LocalAccount,
  Transport,
  TypedDataDefinition,
  WalletClient,
} from 'viem'
import { UnsupportedWalletError, WalletNotConnectedError } from '../core/errors/wallet.js'

/** A viem wallet client, as wagmi's `getWalletClient` returns it. */
export type AnyWalletClient = WalletClient<Transport, Chain | undefined, Account | undefined>

/**
 * What an EVM payer pays with: a viem `LocalAccount` (`privateKeyToAccount`, `mnemonicToAccount`)
 * for agents and servers, or a viem `WalletClient` with an account for browser wallets.
 */
export type EvmSigner = LocalAccount | AnyWalletClient

/** The two kinds of signer behind one interface, so the payment code does not branch on types. */
export type EvmWallet =
  | {
      kind: 'account'
      account: LocalAccount
      address: Address
      signTypedData(typedData: TypedDataDefinition): Promise<Hex>
      signMessage(message: string): Promise<Hex>
    }
  | {
      kind: 'client'
      client: AnyWalletClient
      account: Account | undefined
      address: Address | undefined
      signTypedData(typedData: TypedDataDefinition): Promise<Hex>
      signMessage(message: string): Promise<Hex>
    }

/**
 * Wraps a signer. A bare JSON-RPC account (an address without a client) cannot sign anything,
 * so it is refused here rather than at the first payment.
 */
export function toEvmWallet(signer: EvmSigner): EvmWallet {
  if (typeof (signer as { request?: unknown }).request === 'function') {
    const client = signer as AnyWalletClient
    const account = client.account
    return {
      kind: 'client',
      client,
      account,
      address: account?.address,
      signTypedData: (typedData) =>
        client.signTypedData({ ...typedData, account: requireAccount(account) }),
      signMessage: (message) => client.signMessage({ account: requireAccount(account), message }),
    }
  }
  const account = signer as LocalAccount
  if (account.type !== 'local' || typeof account.signTypedData !== 'function')
    throw new UnsupportedWalletError({
      reason:
        'Pass a viem LocalAccount (e.g. privateKeyToAccount) or a WalletClient; an account without a client cannot sign.',
    })
  return {
    kind: 'account',
    account,
    address: account.address,
    signTypedData: (typedData) => account.signTypedData(typedData),
    signMessage: (message) => account.signMessage({ message }),
  }
}

function requireAccount(account: Account | undefined): Account {
  // `evmPayer` checks `canPay` first; this guards the wallet being disconnected meanwhile.
  if (!account) throw new WalletNotConnectedError({ namespace: 'evm' })
  return account
}
