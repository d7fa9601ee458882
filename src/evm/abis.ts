/**
 * The few contract functions the EVM payer calls that viem's `erc20Abi` lacks. Kept minimal so
 * the bundle carries no full token ABIs.
 */

/** EIP-3009's view of used nonces: a token that answers it implements `transferWithAuthorization`. */
export const eip3009Abi = [
  {
    type: 'function',
    name: 'authorizationState',
    stateMutability: 'view',
    inputs: [
      { name: 'authorizer', type: 'address' },
      { name: 'nonce', type: 'bytes32' },
    ],
    outputs: [{ name: '', type: 'bool' }],
  },
] as const

/** `name()` and `version()`: the EIP-712 domain of tokens that predate EIP-5267 (USDC v2). */
export const eip712MetadataAbi = [
  {
    type: 'function',
    name: 'name',
    stateMutability: 'view',
    inputs: [],
    outputs: [{ name: '', type: 'string' }],
  },
  {
    type: 'function',
    name: 'version',
    stateMutability: 'view',
    inputs: [],
    outputs: [{ name: '', type: 'string' }],
  },
] as const

/** EIP-3009 `TransferWithAuthorization` (protocols.md §2.1), signed by x402 and h402 alike. */
export const transferWithAuthorizationTypes = {
  TransferWithAuthorization: [
    { name: 'from', type: 'address' },
    { name: 'to', type: 'address' },
    { name: 'value', type: 'uint256' },
    { name: 'validAfter', type: 'uint256' },
    { name: 'validBefore', type: 'uint256' },
    { name: 'nonce', type: 'bytes32' },
  ],
} as const

/** EIP-5267 `eip712Domain()`: how a token builds its EIP-712 domain separator. */
export const eip5267Abi = [
  {
    type: 'function',
    name: 'eip712Domain',
    stateMutability: 'view',
    inputs: [],
    outputs: [
      { name: 'fields', type: 'bytes1' },
      { name: 'name', type: 'string' },
      { name: 'version', type: 'string' },
      { name: 'chainId', type: 'uint256' },
      { name: 'verifyingContract', type: 'address' },
      { name: 'salt', type: 'bytes32' },
      { name: 'extensions', type: 'uint256[]' },
    ],
  },
] as const

/** ERC-20 `decimals()`, optional in the standard, read to check what a server says. */
export const decimalsAbi = [
  {
    type: 'function',
    name: 'decimals',
    stateMutability: 'view',
    inputs: [],
    outputs: [{ name: '', type: 'uint8' }],
  },
] as const

/** EIP-3009's events: which of use or cancel consumed an authorization's nonce. */
export const eip3009EventsAbi = [
  {
    type: 'event',
    name: 'AuthorizationUsed',
    inputs: [
      { name: 'authorizer', type: 'address', indexed: true },
      { name: 'nonce', type: 'bytes32', indexed: true },
    ],
  },
  {
    type: 'event',
    name: 'AuthorizationCanceled',
    inputs: [
      { name: 'authorizer', type: 'address', indexed: true },
      { name: 'nonce', type: 'bytes32', indexed: true },
    ],
  },
] as const

/**
 * The view h402's facilitator calls on the token to accept an `authorization` payload
 * (bit-gpt/h402 typescript/packages/h402/src/schemes/exact/evm/facilitator.ts). Not part of
 * EIP-3009: Circle's USDC does not have it.
 */
export const verifyTransferAuthorizationAbi = [
  {
    type: 'function',
    name: 'verifyTransferAuthorization',
    stateMutability: 'view',
    inputs: [
      { name: 'from', type: 'address' },
      { name: 'to', type: 'address' },
      { name: 'value', type: 'uint256' },
      { name: 'validAfter', type: 'uint256' },
      { name: 'validBefore', type: 'uint256' },
      { name: 'nonce', type: 'bytes32' },
      { name: 'signature', type: 'bytes' },
    ],
    outputs: [{ name: 'valid', type: 'bool' }],
  },
] as const
