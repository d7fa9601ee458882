/**
 * `npx tsx test/devnet/main.ts`: starts the whole devnet, prints its addresses and stops cleanly on
 * SIGINT/SIGTERM. Fixed ports by default (EVM 8545, Solana 8899 + ws 8900, facilitator 4020, demo
 * server 4021, other origin 4022) so that Storybook and wallets can be pointed at stable URLs; the
 * addresses are also written to test/devnet/.cache/devnet.json.
 *
 * Flags: `--random-ports` (free ports), `--json` (print one `DEVNET_READY <json>` line and nothing
 * else: the protocol of globalSetup.ts), `--verbose` (the Hardhat node's RPC log).
 */
import { mkdir, writeFile } from 'node:fs/promises'
import { devnetInfo, startDevnet } from './startDevnet.js'

const args = new Set(process.argv.slice(2))
const json = args.has('--json')
const randomPorts = args.has('--random-ports')

const devnet = await startDevnet({
  verbose: args.has('--verbose'),
  ports: randomPorts
    ? {}
    : { evm: 8545, solana: 8899, facilitator: 4020, server: 4021, otherOrigin: 4022 },
})

let stopping = false
const shutdown = async (signal: string) => {
  if (stopping) return
  stopping = true
  if (!json) console.log(`\n${signal}: stopping the devnet…`)
  await devnet.stop()
  // The bankrun bank runs on native threads that keep the event loop alive after everything closed.
  process.exit(0)
}
process.on('SIGINT', () => void shutdown('SIGINT'))
process.on('SIGTERM', () => void shutdown('SIGTERM'))

const info = devnetInfo(devnet)
if (json) {
  process.stdout.write(`DEVNET_READY ${JSON.stringify(info)}\n`)
} else {
  const cacheDir = new URL('./.cache/', import.meta.url)
  await mkdir(cacheDir, { recursive: true })
  await writeFile(new URL('devnet.json', cacheDir), `${JSON.stringify(info, null, 2)}\n`)
  const { evm, solana } = info
  console.log(`h402 devnet is running (Ctrl-C to stop)

EVM (Hardhat, chain ${evm.chainId}; x402 v2 eip155:${evm.chainId}, x402 v1 "hardhat", h402 networkId "31337")
  RPC          ${evm.rpcUrl}
  USDC         ${evm.usdc}  (6 decimals, EIP-3009, domain "USD Coin"/"2", h402's verifyTransferAuthorization)
  USDT         ${evm.usdt}  (18 decimals, plain ERC-20)
  Circle USDC  ${evm.circleUsdc}  (6 decimals, EIP-3009 as Circle deploys it)
  payTo        ${evm.payTo}
  dev wallets  ${evm.devAccounts.map((a) => `${a.address} ${a.privateKey}`).join('\n               ')}

Solana (bankrun, posing as devnet ${solana.network}; x402 v1 "solana-devnet", h402 networkId "devnet")
  RPC          ${solana.rpcUrl}   websocket ${solana.wsUrl}
  USDC mint    ${solana.usdcMint}  (Token program, 6 decimals)
  Token-2022   ${solana.token2022Mint}  (6 decimals)
  fee payer    ${solana.feePayer.address}
  payTo        ${solana.payTo.address}
  mint auth.   ${solana.mintAuthority.address} ${solana.mintAuthority.secretKey}
  dev wallets  ${solana.devAccounts.map((a) => `${a.address} ${a.secretKey}`).join('\n               ')}

Facilitator    ${info.facilitatorUrl}  (/verify /settle /supported)
Demo server    ${info.serverUrl}  (other origin ${info.otherOriginUrl})
${info.routes.map((r) => `  ${r.dialect.padEnd(8)} ${r.url}  ${r.description}`).join('\n')}
  fault paths: ${info.serverUrl}/fault/{drop-before-settle,drop-after-settle,error-after-settle,short-timeout,redirect-after-payment}/<route>
               ${info.serverUrl}/redirect/<route>   ${info.serverUrl}/free   ${info.serverUrl}/_requests
`)
}
