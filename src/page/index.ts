// biome-ignore-all lint/performance/noBarrelFile: entry point of @h402/paywall/page
'use client'
export { H402PaywallPage, type H402PaywallPageProps } from './H402PaywallPage.js'
export { type InjectedPaywall, readInjectedPaywall } from './readInjectedPaywall.js'
export { type PaidResponseTarget, showPaidResponse } from './showPaidResponse.js'
