import { pad } from 'viem'

/** The transaction hash of {@link rpcReceipt}. */
export const receiptHash = pad('0xbeef', { size: 32 })

/**
 * A transaction receipt as a node's `eth_getTransactionReceipt` answers it: a plain transfer by
 * Hardhat's account #0, mined in block 0x10 (whose hash is 0x10 padded), with `status`.
 */
export function rpcReceipt(status: '0x0' | '0x1' = '0x1') {
  return {
    transactionHash: receiptHash,
    transactionIndex: '0x0',
    blockHash: pad('0x10', { size: 32 }),
    blockNumber: '0x10',
    from: '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266',
    to: '0x209693Bc6afc0C5328bA36FaF03C514EF312287C',
    cumulativeGasUsed: '0x5208',
    gasUsed: '0x5208',
    effectiveGasPrice: '0x3b9aca00',
    contractAddress: null,
    logs: [],
    logsBloom: `0x${'0'.repeat(512)}`,
    status,
    type: '0x2',
  }
}
