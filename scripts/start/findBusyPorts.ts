import net from 'node:net'
import type { PortSetting } from './parsePorts.js'

/** Whether something already listens on `port` (any interface: 127.0.0.1 or all of them). */
function isBusy(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer()
    server.once('error', () => resolve(true))
    // No host: binding every interface also collides with a listener on 127.0.0.1 only.
    server.listen(port, () => server.close(() => resolve(false)))
  })
}

/**
 * The settings whose port is taken. The Solana RPC also needs port + 1 for its websocket (where
 * web3.js looks for it), so that one is checked as well.
 */
export async function findBusyPorts(
  settings: readonly PortSetting[],
): Promise<{ setting: PortSetting; port: number }[]> {
  const busy: { setting: PortSetting; port: number }[] = []
  for (const setting of settings) {
    const ports =
      setting.flag === '--solana-port' ? [setting.port, setting.port + 1] : [setting.port]
    for (const port of ports) if (await isBusy(port)) busy.push({ setting, port })
  }
  return busy
}
