// What the bundled dist/ (scripts/bundleDist.ts) is made of: which source modules each file holds
// (read from its source map) and which files an entry loads. For the size budgets and the tests
// that check where a module ended up (the engine not up front, "use client", no Solana code).
import { readFile } from 'node:fs/promises'
import { dirname, join, relative } from 'node:path'

/**
 * The modules of src/ that `file` (a `.js` file of dist/, absolute) holds, named as their tsc
 * output was (`core/session/paymentSession.js`), read from the file's source map.
 */
export async function distModules(root: string, file: string): Promise<string[]> {
  const map = JSON.parse(await readFile(`${file}.map`, 'utf8')) as { sources: string[] }
  return map.sources.map((source) =>
    relative(join(root, 'src'), join(dirname(file), source)).replace(/\.tsx?$/, '.js'),
  )
}

/** The relative specifiers of a dist/ file's imports: static ones, and with `lazy`, `import()`s. */
export function relativeImports(code: string, lazy: boolean): string[] {
  const pattern = lazy
    ? /(?:\bfrom |^import |\bimport\()(["'])(\.[^"']+)\1/gm
    : /(?:\bfrom |^import )(["'])(\.[^"']+)\1/gm
  return [...code.matchAll(pattern)].map((match) => match[2]!)
}

/**
 * The files of dist/ (paths within it) that loading `entry` (a path within dist/) evaluates: the
 * entry and what it imports statically, transitively; with `lazy`, what it can `import()` too.
 */
export async function distFiles(root: string, entry: string, lazy = false): Promise<string[]> {
  const seen = new Set<string>()
  const visit = async (path: string) => {
    if (seen.has(path)) return
    seen.add(path)
    const code = await readFile(join(root, 'dist', path), 'utf8')
    for (const specifier of relativeImports(code, lazy)) await visit(join(dirname(path), specifier))
  }
  await visit(entry)
  return [...seen]
}

/** Whether a dist/ file imports React (`react`, `react-dom` or a subpath of either). */
export function importsReact(code: string): boolean {
  return /(?:\bfrom |^import )["']react(-dom)?(\/[^"']*)?["']/m.test(code)
}
