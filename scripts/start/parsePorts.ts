/** One port `npm start` listens on, with where it can be changed. */
export interface PortSetting {
  /** What listens there, for messages. */
  label: string
  port: number
  /** Command-line flag that sets it (`--evm-port`). */
  flag: string
  /** Environment variable that sets it (`PORT_EVM`). */
  env: string
}

export interface StartPorts {
  evm: PortSetting
  solana: PortSetting
  facilitator: PortSetting
  server: PortSetting
  otherOrigin: PortSetting
  storybook: PortSetting
}

const DEFAULTS: Record<keyof StartPorts, [label: string, port: number, name: string]> = {
  evm: ['EVM RPC, Hardhat', 8545, 'evm'],
  solana: ['Solana RPC', 8899, 'solana'],
  facilitator: ['facilitator', 4020, 'facilitator'],
  server: ['demo server', 4021, 'server'],
  otherOrigin: ['demo server, second origin', 4022, 'other-origin'],
  storybook: ['Storybook', 6006, 'storybook'],
}

/**
 * Ports from `--<name>-port N` flags, else `PORT_<NAME>` variables, else the fixed defaults the
 * devnet README documents. Throws a plain message (no stack) on a malformed value.
 */
export function parsePorts(argv: readonly string[], env: NodeJS.ProcessEnv): StartPorts {
  const entries = Object.entries(DEFAULTS).map(([key, [label, fallback, name]]) => {
    const flag = `--${name}-port`
    const envName = `PORT_${name.toUpperCase().replaceAll('-', '_')}`
    const index = argv.findIndex((arg) => arg === flag || arg.startsWith(`${flag}=`))
    const fromFlag =
      index === -1
        ? undefined
        : argv[index]?.includes('=')
          ? argv[index].split('=')[1]
          : argv[index + 1]
    const raw = fromFlag ?? env[envName]
    const port = raw === undefined || raw === '' ? fallback : Number(raw)
    if (!Number.isInteger(port) || port < 1 || port > 65535)
      throw new Error(`${flag} / ${envName}: "${raw}" is not a port number (1-65535).`)
    return [key, { label, port, flag, env: envName }] as const
  })
  return Object.fromEntries(entries) as unknown as StartPorts
}
