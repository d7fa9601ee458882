// biome-ignore-all lint/performance/noBarrelFile: entry point of @h402/paywall/testing
export { type MockPayer, type MockPayerOptions, mockPayer } from './mockPayer.js'
export {
  type MockServer,
  type MockServerAnswer,
  type MockServerOptions,
  type MockServerRequest,
  mockAccepts,
  mockServer,
} from './mockServer.js'
