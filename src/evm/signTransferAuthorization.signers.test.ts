import {
  createWalletClient,
  custom,
  getTypesForEIP712Domain,
  hashTypedData,
  type LocalAccount,
  type TypedDataDefinition,
} from 'viem'
import { privateKeyToAccount, toAccount } from 'viem/accounts'
import { beforeEach, describe, expect, test, vi } from 'vitest'
import type { PaymentContext } from '../core/payer.js'
import { transferWithAuthorizationTypes } from './abis.js'
import {
  type SignedTransferAuthorization,
  signTransferAuthorization,
} from './signTransferAuthorization.js'
import { account, domain, to } from './test/transferAuthorizationFixture.js'
import { type EvmWallet, toEvmWallet } from './toEvmWallet.js'
import { transferAuthorizationDigest } from './transferAuthorizationDigest.js'

// In a file of its own: `vi.mock` needs a module graph of its own, which `npm run mutate` does not
// give (vitest.mutate.config.ts, `isolate: false`).
// Counted, not changed: which signers get the digest path.
vi.mock('./transferAuthorizationDigest.js', async (original) => {
  const { transferAuthorizationDigest } =
    await original<typeof import('./transferAuthorizationDigest.js')>()
  return { transferAuthorizationDigest: vi.fn(transferAuthorizationDigest) }
})

describe('signTransferAuthorization: who is shown the typed data', () => {
  const digest = vi.mocked(transferAuthorizationDigest)
  beforeEach(() => {
    digest.mockClear()
  })
  const context: PaymentContext = {
    paymentRequired: { protocol: 'x402-v2', options: [], receivedAt: 0, raw: {} },
    now: () => 1_700_000_000,
  }
  const request = (wallet: EvmWallet) =>
    signTransferAuthorization({
      wallet,
      domain,
      from: account.address,
      to,
      value: 10_000n,
      validForSeconds: 60,
      context,
    })
  /** The typed data every signer but a key in process is shown. */
  const typedData = (message: SignedTransferAuthorization['authorization']) =>
    ({
      domain,
      types: {
        EIP712Domain: getTypesForEIP712Domain({ domain }),
        ...transferWithAuthorizationTypes,
      },
      primaryType: 'TransferWithAuthorization',
      message,
    }) as TypedDataDefinition

  test("a private-key account signs the typed data's digest: signTypedData's signature, without signTypedData", async () => {
    const own = privateKeyToAccount(
      '0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d',
    )
    const { signature, authorization } = await request(toEvmWallet(own))
    expect(digest).toHaveBeenCalledOnce()
    expect(digest).toHaveBeenCalledWith(domain, authorization)
    expect(digest).toHaveReturnedWith(hashTypedData(typedData(authorization)))
    expect(signature).toBe(await account.signTypedData(typedData(authorization)))
  })

  test('a toAccount account (a KMS, a custody API) is shown the typed data and never asked for a digest', async () => {
    const shown: unknown[] = []
    const sign = vi.fn(async () => {
      throw new Error('a raw digest was asked of a custom signer')
    })
    const custom = toAccount({
      address: account.address,
      sign,
      signMessage: account.signMessage,
      signTransaction: account.signTransaction,
      signTypedData: async (typedData) => {
        shown.push(typedData)
        return account.signTypedData(typedData)
      },
    })
    const { signature, authorization } = await request(toEvmWallet(custom))
    expect(digest).not.toHaveBeenCalled()
    expect(sign).not.toHaveBeenCalled()
    expect(shown).toEqual([typedData(authorization)])
    expect(signature).toBe(await account.signTypedData(typedData(authorization)))
  })

  test('a private-key account whose signTypedData was replaced (a policy) is shown the typed data', async () => {
    const own = privateKeyToAccount(
      '0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d',
    )
    const shown: unknown[] = []
    const policed: LocalAccount = {
      ...own,
      signTypedData: async (typedData) => {
        shown.push(typedData)
        return own.signTypedData(typedData)
      },
    }
    const { authorization } = await request(toEvmWallet(policed))
    expect(digest).not.toHaveBeenCalled()
    expect(shown).toEqual([typedData(authorization)])
  })

  test('a JSON-RPC wallet is asked for eth_signTypedData_v4 only', async () => {
    const methods: string[] = []
    const client = createWalletClient({
      account: account.address,
      transport: custom({
        request: async ({ method, params }: { method: string; params: unknown }) => {
          methods.push(method)
          if (method !== 'eth_signTypedData_v4') throw new Error(`${method} not expected`)
          const [, json] = params as [string, string]
          const { domain, types, primaryType, message } = JSON.parse(json)
          return account.signTypedData({ domain, types, primaryType, message })
        },
      }),
    })
    const { signature, authorization } = await request(toEvmWallet(client))
    expect(digest).not.toHaveBeenCalled()
    expect(methods).toEqual(['eth_signTypedData_v4'])
    expect(signature).toBe(await account.signTypedData(typedData(authorization)))
  })
})
