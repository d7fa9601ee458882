import { createHash } from 'node:crypto'
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import type { Abi, Hex } from 'viem'

export type ContractName = 'TestUSDC' | 'TestUSDT' | 'CircleUSDC'

export interface CompiledContract {
  abi: Abi
  bytecode: Hex
}

const CONTRACT_NAMES: readonly ContractName[] = ['TestUSDC', 'TestUSDT', 'CircleUSDC']
const CONTRACTS_DIR = new URL('./contracts/', import.meta.url)
const CACHE_DIR = new URL('../.cache/', import.meta.url)
// Part of the cache key: a change of settings must not reuse bytecode built with the old ones.
const SETTINGS = {
  evmVersion: 'cancun',
  optimizer: { enabled: true, runs: 200 },
  outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object'] } },
}

/**
 * Compiles the test tokens with solc-js (offline: its compiler is bundled in the package) and caches
 * the artifacts by a hash of the sources, the settings and the compiler version, because loading
 * solc-js costs about a second and the sources rarely change.
 */
export async function compileContracts(): Promise<Record<ContractName, CompiledContract>> {
  const sources: Record<string, { content: string }> = {}
  for (const name of CONTRACT_NAMES) {
    sources[`${name}.sol`] = {
      content: await readFile(new URL(`${name}.sol`, CONTRACTS_DIR), 'utf8'),
    }
  }
  const solcVersion = await readSolcVersion()
  const key = createHash('sha256')
    .update(JSON.stringify({ sources, SETTINGS, solcVersion }))
    .digest('hex')
    .slice(0, 16)
  const cacheFile = new URL(`contracts-${key}.json`, CACHE_DIR)
  try {
    return JSON.parse(await readFile(cacheFile, 'utf8')) as Record<ContractName, CompiledContract>
  } catch {
    // Not cached yet: compile below.
  }

  const solc = (await import('solc')).default
  const output = JSON.parse(
    solc.compile(JSON.stringify({ language: 'Solidity', sources, settings: SETTINGS })),
  ) as SolcOutput
  const errors = (output.errors ?? []).filter((e) => e.severity === 'error')
  if (errors.length > 0) {
    throw new Error(`solc failed:\n${errors.map((e) => e.formattedMessage).join('\n')}`)
  }
  const result = {} as Record<ContractName, CompiledContract>
  for (const name of CONTRACT_NAMES) {
    const contract = output.contracts?.[`${name}.sol`]?.[name]
    if (!contract) throw new Error(`solc produced no ${name}`)
    result[name] = { abi: contract.abi, bytecode: `0x${contract.evm.bytecode.object}` }
  }
  await mkdir(CACHE_DIR, { recursive: true })
  // Write then rename, so a concurrent start never reads half a file.
  const tmp = new URL(`contracts-${key}.${process.pid}.tmp`, CACHE_DIR)
  await writeFile(tmp, JSON.stringify(result))
  await rename(tmp, cacheFile)
  return result
}

async function readSolcVersion(): Promise<string> {
  const pkg = createRequire(import.meta.url).resolve('solc/package.json')
  return (JSON.parse(await readFile(pkg, 'utf8')) as { version: string }).version
}

interface SolcOutput {
  errors?: { severity: string; formattedMessage: string }[]
  contracts?: Record<string, Record<string, { abi: Abi; evm: { bytecode: { object: string } } }>>
}
