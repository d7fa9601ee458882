import type { TypedDataDomain } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'

/** Hardhat's well-known account #1: a public test key, never funded anywhere real. */
export const account = privateKeyToAccount(
  '0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d',
)

/** The payee of the signTransferAuthorization tests. */
export const to = '0x209693Bc6afc0C5328bA36FaF03C514EF312287C'

/** Base Sepolia USDC's EIP-712 domain. */
export const domain: TypedDataDomain = {
  name: 'USDC',
  version: '2',
  chainId: 84532,
  verifyingContract: '0x036CbD53842c5426634e7929541eC2318f3dCF7e',
}
