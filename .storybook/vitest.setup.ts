import { inject } from 'vitest'
import { setDevnet } from '../demo/devnet/devnetInfo.js'

// Story tests run against the devnet the project's globalSetup started (random ports), not the one
// baked in by `define` for `npm start`.
setDevnet(inject('devnet'))
