import { type EvmDevnet, type EvmDevnetInfo, startEvmDevnet } from './evm/index.js'
import { type Facilitator, type FacilitatorFaults, startFacilitator } from './facilitator/index.js'
import {
  type DemoServer,
  type RouteInfo,
  type ServerFaults,
  startDemoServer,
} from './server/index.js'
import { type SolanaDevnet, type SolanaDevnetInfo, startSolanaDevnet } from './solana/index.js'

/** The whole devnet as plain data: what `globalSetup` provides to tests and `main.ts` prints. */
export interface DevnetInfo {
  evm: EvmDevnetInfo
  solana: SolanaDevnetInfo
  facilitatorUrl: string
  serverUrl: string
  /** Second origin of the demo server (redirect tests). */
  otherOriginUrl: string
  routes: RouteInfo[]
}

export interface Devnet extends DevnetInfo {
  facilitator: Facilitator
  server: DemoServer
  stop(): Promise<void>
}

export interface StartDevnetOptions {
  /** Fixed ports (for `npm start`); free ports where omitted. */
  ports?: {
    evm?: number
    solana?: number
    facilitator?: number
    server?: number
    otherOrigin?: number
  }
  facilitatorFaults?: FacilitatorFaults
  serverFaults?: ServerFaults
  /** Print the Hardhat node's output. */
  verbose?: boolean
}

/** Starts the EVM chain, the Solana chain, the facilitator and the demo server; `stop()` stops all four. */
export async function startDevnet(options: StartDevnetOptions = {}): Promise<Devnet> {
  const ports = options.ports ?? {}
  const stops: (() => Promise<void>)[] = []
  const stopAll = async () => {
    const pending = stops.splice(0).reverse()
    for (const stop of pending) await stop().catch(() => undefined)
  }
  try {
    const [evmResult, solanaResult] = await Promise.allSettled([
      startEvmDevnet({ port: ports.evm, verbose: options.verbose }),
      startSolanaDevnet({ port: ports.solana }),
    ])
    if (evmResult.status === 'fulfilled') stops.push(evmResult.value.stop)
    if (solanaResult.status === 'fulfilled') stops.push(solanaResult.value.stop)
    if (evmResult.status === 'rejected') throw evmResult.reason
    if (solanaResult.status === 'rejected') throw solanaResult.reason
    const evm: EvmDevnet = evmResult.value
    const solana: SolanaDevnet = solanaResult.value

    const facilitator = await startFacilitator({
      evm: { rpcUrl: evm.rpcUrl, chainId: evm.chainId, facilitatorKey: evm.facilitatorKey },
      solana: {
        rpcUrl: solana.rpcUrl,
        network: solana.network,
        feePayerSecret: solana.feePayer.secretKey,
      },
      faults: options.facilitatorFaults,
      port: ports.facilitator,
    })
    stops.push(facilitator.stop)
    const server = await startDemoServer({
      facilitatorUrl: facilitator.url,
      evm,
      solana,
      faults: options.serverFaults,
      port: ports.server,
      otherOriginPort: ports.otherOrigin,
    })
    stops.push(server.stop)

    const { stop: _evmStop, ...evmInfo } = evm
    const { stop: _solanaStop, rpc: _rpc, ...solanaInfo } = solana
    return {
      evm: evmInfo,
      solana: solanaInfo,
      facilitatorUrl: facilitator.url,
      serverUrl: server.url,
      otherOriginUrl: server.otherOriginUrl,
      routes: server.routes,
      facilitator,
      server,
      stop: stopAll,
    }
  } catch (error) {
    await stopAll()
    throw error
  }
}

/** The serializable part of a running devnet. */
export function devnetInfo(devnet: Devnet): DevnetInfo {
  const { evm, solana, facilitatorUrl, serverUrl, otherOriginUrl, routes } = devnet
  return { evm, solana, facilitatorUrl, serverUrl, otherOriginUrl, routes }
}
