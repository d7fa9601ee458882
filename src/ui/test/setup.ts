import '@testing-library/jest-dom/vitest'
import { cleanup } from '@testing-library/react'
import { afterEach } from 'vitest'

// jsdom brings its own Uint8Array/ArrayBuffer realm; Node's Buffer and TextEncoder must agree
// with the global ones or byte checks in the engine fail (toolchain.md §2).
const NodeUint8Array = Object.getPrototypeOf(Buffer.prototype).constructor as typeof Uint8Array
if (globalThis.Uint8Array !== NodeUint8Array) {
  globalThis.Uint8Array = NodeUint8Array
  globalThis.ArrayBuffer = Buffer.alloc(0).buffer.constructor as ArrayBufferConstructor
}

// The host page's part of accessibility (axe's page-level rules), as any real page has it.
if (typeof document !== 'undefined') {
  document.documentElement.lang = 'en'
  document.title = '@h402/paywall tests'
}

afterEach(() => cleanup())
