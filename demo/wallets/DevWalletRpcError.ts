/** EIP-1193 and JSON-RPC error codes the EVM development wallet answers with. */
export const RPC_ERROR = {
  /** EIP-1193: the user rejected the request (here: the `approve` hook said no). */
  userRejected: 4001,
  /** EIP-1193: the method needs an account the site was not given yet. */
  unauthorized: 4100,
  /** EIP-1193: the wallet does not support the method. */
  unsupportedMethod: 4200,
  /** EIP-1193: the wallet is disconnected from every chain. */
  disconnected: 4900,
  /** EIP-1193: the wallet is not connected to the requested chain. */
  chainDisconnected: 4901,
  /** EIP-3326: `wallet_switchEthereumChain` to a chain the wallet does not know. */
  unrecognizedChain: 4902,
  /** JSON-RPC: invalid method parameters. */
  invalidParams: -32602,
  /** JSON-RPC: internal error. */
  internal: -32603,
} as const

/**
 * An EIP-1193 `ProviderRpcError`: an `Error` with a numeric `code` (and optional `data`), which is
 * all that wagmi and viem look at to tell a rejection from a failure.
 */
export class DevWalletRpcError extends Error {
  override readonly name = 'DevWalletRpcError'
  readonly code: number
  readonly data?: unknown

  constructor(code: number, message: string, data?: unknown) {
    super(message)
    this.code = code
    if (data !== undefined) this.data = data
  }
}
