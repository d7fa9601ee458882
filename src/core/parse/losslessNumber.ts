// lossless-json is loaded only for a 402 whose numbers JSON.parse would not keep as written (a
// rare document): importing it with the core cost a quarter of the core's import time.

/** lossless-json marks its numbers with this registered symbol (its own `isLosslessNumber`). */
const losslessNumberMarker = Symbol.for('lossless-json.LosslessNumber')

/** A number parsed by lossless-json: its JSON text, exactly as written. */
export interface LosslessNumberLike {
  value: string
}

/** True for a lossless-json number, from any copy of the library, without importing it. */
export function isLosslessNumber(value: unknown): value is LosslessNumberLike {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as Record<symbol, unknown>)[losslessNumberMarker] === true
  )
}

let losslessJson: Promise<typeof import('lossless-json')> | undefined
let loaded: typeof import('lossless-json') | undefined

/** lossless-json, imported on first use. */
export function loadLosslessJson(): Promise<typeof import('lossless-json')> {
  losslessJson ??= import('lossless-json').then((module) => (loaded = module))
  return losslessJson
}

/** lossless-json once loaded (every lossless number the kit parsed came from it), else nothing. */
export function loadedLosslessJson(): typeof import('lossless-json') | undefined {
  return loaded
}
