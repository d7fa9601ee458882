/**
 * `npm start`: the local devnet (EVM and Solana chains, facilitator, demo server) and Storybook,
 * whose live demo pays on that devnet with the development wallets. Prints one line per service and
 * the URL to open first; Ctrl-C stops everything.
 *
 * Ports: `--evm-port`, `--solana-port` (its websocket takes the next one), `--facilitator-port`,
 * `--server-port`, `--other-origin-port`, `--storybook-port`, or `PORT_EVM`, `PORT_SOLANA`, … .
 * `npm run devnet` starts the devnet alone (and prints every key).
 */
import type { ChildProcess } from 'node:child_process'
import { mkdir, writeFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { spawnNodeChild, stopChild, tailOutput } from '../test/devnet/common/children.js'
import type { Devnet } from '../test/devnet/startDevnet.js'
import { findBusyPorts } from './start/findBusyPorts.js'
import { parsePorts, type StartPorts } from './start/parsePorts.js'
import { progressLine } from './start/progressLine.js'
import { waitForHttp } from './start/waitForHttp.js'

const REPO_ROOT = fileURLToPath(new URL('../', import.meta.url))
const STORYBOOK_BIN = fileURLToPath(
  new URL('../node_modules/storybook/dist/bin/dispatcher.js', import.meta.url),
)
const DEVNET_CACHE = new URL('../test/devnet/.cache/', import.meta.url)
/** The story a newcomer should see first. */
const OPEN_FIRST = '/?path=/story/demo-live-demo--pay-on-evm-or-solana'

/** A failure the user can act on: printed as a message, without a stack trace. */
class StartError extends Error {}

let devnet: Devnet | undefined
let storybook: ChildProcess | undefined
let stopping = false

async function stopAll(code: number, why?: string): Promise<never> {
  if (!stopping) {
    stopping = true
    if (why) console.log(`\n${why}`)
    if (storybook) await stopChild(storybook, 5000)
    if (devnet) await devnet.stop()
  }
  // The bankrun bank runs on native threads that keep the event loop alive after everything closed.
  process.exit(code)
}

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const)
  process.on(signal, () => void stopAll(0, `${signal}: stopping Storybook and the devnet…`))
// Ctrl-C reaches every process of the terminal's group, but `kill <npm's pid>` reaches npm only, and
// npm's `sh -c` dies without passing it on: we notice by being re-parented, and stop all the same.
const parentPid = process.ppid
setInterval(() => {
  if (process.ppid !== parentPid) void stopAll(0, 'npm exited: stopping Storybook and the devnet…')
}, 500).unref()

async function main(): Promise<void> {
  let ports: StartPorts
  try {
    ports = parsePorts(process.argv.slice(2), process.env)
  } catch (error) {
    throw new StartError((error as Error).message)
  }
  const busy = await findBusyPorts(Object.values(ports))
  if (busy.length > 0) {
    const lines = busy.map(
      ({ setting, port }) =>
        `  ${String(port).padEnd(6)}${setting.label}${port !== setting.port ? ' (its websocket)' : ''}`,
    )
    const way = busy
      .map(({ setting }) => `${setting.flag} ${setting.port + 10000}`)
      .filter((flag, index, all) => all.indexOf(flag) === index)
    throw new StartError(
      `Cannot start: ${lines.length === 1 ? 'this port is' : 'these ports are'} in use:\n${lines.join('\n')}\n` +
        'Is another `npm start` or `npm run devnet` running? Stop it, or choose other ports:\n' +
        `  npm start -- ${way.join(' ')}\n` +
        `  (or ${busy[0]?.setting.env}=${(busy[0]?.setting.port ?? 0) + 10000} npm start; see scripts/start.ts)`,
    )
  }

  // Before the devnet modules load: bankrun reads its log level once, and is chatty by default.
  process.env.RUST_LOG ??= 'error'
  const { devnetInfo, startDevnet } = await import('../test/devnet/startDevnet.js')
  const chains = progressLine('Starting the EVM and Solana chains, facilitator and demo server')
  devnet = await startDevnet({
    ports: {
      evm: ports.evm.port,
      solana: ports.solana.port,
      facilitator: ports.facilitator.port,
      server: ports.server.port,
      otherOrigin: ports.otherOrigin.port,
    },
  })
  chains.done()
  const info = devnetInfo(devnet)
  // Same file `npm run devnet` writes: a Storybook started by hand (`npm run storybook`) finds it.
  await mkdir(DEVNET_CACHE, { recursive: true })
  await writeFile(new URL('devnet.json', DEVNET_CACHE), `${JSON.stringify(info, null, 2)}\n`)

  const storybookUrl = `http://localhost:${ports.storybook.port}`
  const starting = progressLine('Starting Storybook')
  storybook = spawnNodeChild(
    [
      STORYBOOK_BIN,
      'dev',
      '--port',
      String(ports.storybook.port),
      '--exact-port',
      '--ci',
      '--no-open',
      '--quiet',
    ],
    {
      cwd: REPO_ROOT,
      // Read by .storybook/main.ts and baked into the preview: the stories pay this devnet.
      env: { ...process.env, H402_DEVNET_JSON: JSON.stringify(info) },
    },
  )
  const output = tailOutput(storybook)
  const child = storybook
  await waitForHttp(`${storybookUrl}/index.json`, () =>
    child.exitCode !== null || child.signalCode !== null
      ? `Storybook exited (${child.exitCode ?? child.signalCode}):\n${output()}`
      : undefined,
  ).catch((error: Error) => {
    throw new StartError(error.message)
  })
  starting.done()
  child.once('exit', (code, signal) => {
    if (stopping) return
    void stopAll(1, `Storybook exited (${code ?? signal}); stopping the devnet.\n${output()}`)
  })

  const evmWallet = info.evm.devAccounts[0]
  const solanaWallet = info.solana.devAccounts[0]
  const pad = (label: string) => label.padEnd(13)
  console.log(`
h402 demo is running. Ctrl-C stops everything.

  ${pad('Open first')}${storybookUrl}${OPEN_FIRST}

  ${pad('Storybook')}${storybookUrl}
  ${pad('EVM chain')}${info.evm.rpcUrl}  Hardhat, chain ${info.evm.chainId}; USDC ${info.evm.usdc}
  ${pad('Solana chain')}${info.solana.rpcUrl}  bankrun posing as devnet, websocket ${info.solana.wsUrl}
  ${pad('Facilitator')}${info.facilitatorUrl}  /verify /settle /supported
  ${pad('Demo server')}${info.serverUrl}  routes: ${info.serverUrl}/routes

  Development wallets in Storybook ("h402 Dev Wallet (devnet key)", icon "DEV"), funded on this devnet:
  ${pad('EVM')}${evmWallet?.address}  10000 ETH, 1000 USDC, 1000 USDT (Hardhat account #3)
  ${pad('Solana')}${solanaWallet?.address}  100 SOL, 1000 USDC, 1000 Token-2022
  (\`npm run devnet\` alone prints every address and key.)
`)
}

main().catch(async (error: unknown) => {
  if (error instanceof StartError) {
    console.error(`\n${error.message}`)
    await stopAll(1)
  }
  console.error('\nnpm start failed:', error)
  await stopAll(1)
})
