import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect, test } from 'vitest'

const root = join(import.meta.dirname, '../..')
const readme = readFileSync(join(root, 'README.md'), 'utf8')

// The README's Node example must run as printed, against the build, and print what it claims.
test('the README’s "Read a 402" example runs and prints its options', () => {
  const section = readme.slice(readme.indexOf('### Read a 402'))
  const code = /```js\n([\s\S]*?)```/.exec(section)?.[1]
  expect(code).toBeDefined()
  const expected = [...code!.matchAll(/^\/\/ (h402-v1 .*)$/gm)].map((match) => match[1])
  expect(expected.length).toBeGreaterThan(0)
  const output = execFileSync(process.execPath, ['--input-type=module', '-e', code!], {
    cwd: root,
    encoding: 'utf8',
  })
  expect(output.trim().split('\n')).toEqual(expected)
})
