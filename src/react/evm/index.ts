// biome-ignore-all lint/performance/noBarrelFile: entry point of @h402/paywall/wagmi
export { wagmiPayer } from './wagmiPayer.js'
