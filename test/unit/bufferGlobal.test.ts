import { execFile } from 'node:child_process'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { expect, test } from 'vitest'

const root = join(import.meta.dirname, '../..')

// A browser has no global Buffer, and `@solana/spl-token-metadata` calls it while it loads: the
// Solana entries must load (and pay) in a page that did not polyfill it.
test.each(['solana', 'react-solana'])(
  '@h402/paywall/%s loads where there is no global Buffer',
  { timeout: 30_000 },
  async (entry) => {
    const script = `delete globalThis.Buffer
      const entry = await import(${JSON.stringify(`@h402/paywall/${entry}`)})
      console.log(Object.keys(entry).length, typeof globalThis.Buffer.from)`
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--input-type=module', '-e', script],
      { cwd: root },
    )
    expect(stdout.trim()).toMatch(/^\d+ function$/)
  },
)
