import type { LocalAccount } from 'viem'
import {
  HDKey,
  hdKeyToAccount,
  mnemonicToAccount,
  privateKeyToAccount,
  toAccount,
} from 'viem/accounts'
import { describe, expect, test } from 'vitest'
import { holdsKeyInProcess } from './holdsKeyInProcess.js'

// Hardhat's well-known key #1 and mnemonic: public test keys, never funded anywhere real.
const key = '0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d'
const mnemonic = 'test test test test test test test test test test test junk'

describe('holdsKeyInProcess', () => {
  test("viem's own private-key, mnemonic and HD-key accounts", async () => {
    expect(await holdsKeyInProcess(privateKeyToAccount(key))).toBe(true)
    expect(await holdsKeyInProcess(mnemonicToAccount(mnemonic))).toBe(true)
    const hdKey = HDKey.fromMasterSeed(new Uint8Array(32).fill(7))
    expect(await holdsKeyInProcess(hdKeyToAccount(hdKey))).toBe(true)
  })

  test("not a toAccount account (source 'custom'), even one made of viem's own signing code", async () => {
    const { sign, signMessage, signTransaction, signTypedData, address } = privateKeyToAccount(key)
    const custom = toAccount({ address, sign, signMessage, signTransaction, signTypedData })
    expect(custom.source).toBe('custom')
    expect(await holdsKeyInProcess(custom)).toBe(false)
  })

  test("not a private-key account whose signTypedData or sign was replaced (it keeps source 'privateKey')", async () => {
    const account = privateKeyToAccount(key)
    const policed: LocalAccount = {
      ...account,
      signTypedData: async (typedData) => account.signTypedData(typedData),
    }
    const rehashing: LocalAccount = { ...account, sign: async ({ hash }) => account.sign({ hash }) }
    expect(policed.source).toBe('privateKey')
    expect(await holdsKeyInProcess(policed)).toBe(false)
    expect(await holdsKeyInProcess(rehashing)).toBe(false)
    expect(await holdsKeyInProcess({ ...account, sign: undefined })).toBe(false)
  })

  test('not an account that only says it is one (its source, without viem’s code)', async () => {
    const account = privateKeyToAccount(key)
    const claims = toAccount({
      address: account.address,
      sign: async ({ hash }) => account.sign({ hash }),
      signMessage: async ({ message }) => account.signMessage({ message }),
      signTransaction: async (transaction) => account.signTransaction(transaction),
      signTypedData: async (typedData) => account.signTypedData(typedData),
    })
    expect(await holdsKeyInProcess({ ...claims, source: 'privateKey' })).toBe(false)
    expect(await holdsKeyInProcess({ ...claims, source: 'hd' })).toBe(false)
  })
})
