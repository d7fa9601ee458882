// The build's second step (`npm run build`, after tsc has written the `.d.ts` files): bundles every
// entry point of the package's `exports` map into dist/ with esbuild, at the paths the map names,
// code-split so that each module of the kit exists once across all entries (shared code in
// `dist/chunks/`). A fresh Node imports one file per entry and a few chunks instead of one per
// source file. Runs alone with `npx tsx scripts/bundleDist.ts`.
import { existsSync } from 'node:fs'
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { dirname, join, relative } from 'node:path'
import { pathToFileURL } from 'node:url'
import { build, type Metafile, type OutputFile } from 'esbuild'

const root = join(import.meta.dirname, '..')

/**
 * The module that installs the global `Buffer` before `@solana/spl-token` loads (see
 * src/solana/installBufferGlobal.ts). Built as an entry of its own so that esbuild puts it in a
 * chunk of its own, which every file that imports spl-token imports first: inlined in the file
 * that imports spl-token, it would run after it (an ES module's imports run before its body).
 */
const bufferInstaller = 'src/solana/installBufferGlobal.ts'

/** The chunk holding {@link bufferInstaller}: the only output with a top-level side effect. */
const bufferInstallerChunk = /^chunks\/installBufferGlobal-[A-Z0-9]+\.js$/

/** An external import that makes a file a React client module ("use client" for RSC bundlers). */
const reactImport = /^react(-dom)?(\/|$)/

/** The line added at the top of every output that imports React. */
const useClient = '"use client";\n'

/** `dist/<path>.js` → `src/<path>.ts(x)`, for each JS target of the package's `exports` map. */
export async function entryPoints(): Promise<Record<string, string>> {
  const pkg = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as {
    exports: Record<string, string | { default: string }>
  }
  const entries: Record<string, string> = {}
  for (const target of Object.values(pkg.exports)) {
    const file = typeof target === 'string' ? target : target.default
    const match = /^\.\/dist\/(.+)\.js$/.exec(file)
    if (!match) continue
    const source = ['ts', 'tsx']
      .map((extension) => `src/${match[1]}.${extension}`)
      .find((path) => existsSync(join(root, path)))
    if (!source) throw new Error(`no source for ${file}`)
    entries[match[1]!] = source
  }
  return entries
}

/** One output file, relative to dist/, with its text, source map and metafile record. */
interface Output {
  path: string
  code: string
  map: { mappings: string; [key: string]: unknown }
  meta: Metafile['outputs'][string]
}

/** Bundles the package into `outdir` (dist/ by default), replacing every `.js` and `.js.map` there. */
export async function bundleDist(outdir = join(root, 'dist')): Promise<void> {
  const entries = await entryPoints()
  const installerEntry = 'solana/installBufferGlobal'
  const result = await build({
    absWorkingDir: root,
    entryPoints: { ...entries, [installerEntry]: bufferInstaller },
    outdir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'neutral',
    target: 'es2022',
    tsconfig: 'tsconfig.build.json',
    // Dependencies and peers are the app's, resolved by its bundler or Node.
    packages: 'external',
    chunkNames: 'chunks/[name]-[hash]',
    // The package's `sideEffects` describes dist/ to apps' bundlers; it must not make this build
    // drop a module of src (it would drop `import './installBufferGlobal.js'`).
    ignoreAnnotations: true,
    // Readable: no minification. The maps point at src/, which the package ships.
    sourcemap: 'linked',
    sourcesContent: false,
    metafile: true,
    write: false,
    logLevel: 'warning',
  })
  const outputs = collect(result.outputFiles, result.metafile, outdir)
  renameChunks(outputs)
  for (const output of outputs.values()) markClientModule(output)
  checkBufferInstaller(outputs)
  // Only there to give the installer a chunk of its own: nothing imports the entry file itself.
  const installerFile = `${installerEntry}.js`
  for (const output of outputs.values())
    if (output.meta.imports.some((imported) => imported.path === installerFile))
      throw new Error(`${output.path} imports ${installerFile}`)
  outputs.delete(installerFile)

  await removeScripts(outdir)
  for (const output of outputs.values()) {
    const file = join(outdir, output.path)
    await mkdir(dirname(file), { recursive: true })
    await writeFile(file, output.code)
    await writeFile(`${file}.map`, JSON.stringify(output.map))
  }
}

/** Pairs esbuild's files with their maps and metafile records, keyed by path within `outdir`. */
function collect(files: OutputFile[], metafile: Metafile, outdir: string): Map<string, Output> {
  const inDist = (path: string) => relative(outdir, join(root, path))
  // Keyed and importing by path within `outdir` (the metafile's are from the working directory).
  const meta = new Map(
    Object.entries(metafile.outputs).map(([path, output]) => [
      inDist(path),
      {
        ...output,
        imports: output.imports.map((imported) =>
          imported.external ? imported : { ...imported, path: inDist(imported.path) },
        ),
      },
    ]),
  )
  const maps = new Map(
    files
      .filter((file) => file.path.endsWith('.js.map'))
      .map((file) => [relative(outdir, file.path).slice(0, -'.map'.length), file.text]),
  )
  const outputs = new Map<string, Output>()
  for (const file of files) {
    if (!file.path.endsWith('.js')) continue
    const path = relative(outdir, file.path)
    outputs.set(path, {
      path,
      code: file.text,
      map: JSON.parse(maps.get(path)!),
      meta: meta.get(path)!,
    })
  }
  return outputs
}

/**
 * esbuild names every shared chunk `chunk-<hash>`: each is renamed after the module it evaluates
 * last (its root: `evmPayer-<hash>.js`, `installBufferGlobal-<hash>.js`), so that dist/ reads and
 * `sideEffects` can name the one chunk with a side effect. The names only change the lines that
 * import chunks, which esbuild writes without source mappings (checked).
 */
function renameChunks(outputs: Map<string, Output>): void {
  const renames = new Map<string, string>()
  for (const output of outputs.values()) {
    const match = /^chunks\/chunk-([A-Z0-9]+)\.js$/.exec(output.path)
    if (!match) continue
    const inputs = Object.entries(output.meta.inputs).filter(([, input]) => input.bytesInOutput > 0)
    const last = inputs.at(-1)?.[0] ?? 'chunk'
    const name = last.slice(last.lastIndexOf('/') + 1).replace(/\.tsx?$/, '')
    renames.set(`chunk-${match[1]}.js`, `${name}-${match[1]}.js`)
  }
  const pattern = /chunk-[A-Z0-9]+\.js/g
  for (const [path, output] of [...outputs]) {
    const lines = output.code.split('\n')
    const mapped = output.map.mappings.split(';')
    output.code = lines
      .map((line, index) => {
        if (!pattern.test(line)) return line
        pattern.lastIndex = 0
        if (mapped[index] && !line.startsWith('//# sourceMappingURL='))
          throw new Error(`${path}:${index + 1} imports a chunk on a mapped line`)
        return line.replace(pattern, (name) => renames.get(name) ?? name)
      })
      .join('\n')
    for (const imported of output.meta.imports)
      imported.path = imported.path.replace(pattern, (name) => renames.get(name) ?? name)
    const renamed = path.replace(pattern, (name) => renames.get(name) ?? name)
    if (renamed !== path) {
      outputs.delete(path)
      output.path = renamed
      outputs.set(renamed, output)
    }
  }
}

/**
 * Next.js and other RSC bundlers treat a module without "use client" as a server component: every
 * output that imports React starts with the directive (esbuild drops it from bundled modules), and
 * no other output has it (the core, EVM and Solana entries run on servers). The map gains or loses
 * the directive's line.
 */
function markClientModule(output: Output): void {
  const client = output.meta.imports.some(
    (imported) =>
      imported.external && imported.kind === 'import-statement' && reactImport.test(imported.path),
  )
  const marked = /^['"]use client['"];?\n/.exec(output.code)
  if (client && !marked) {
    output.code = useClient + output.code
    output.map.mappings = `;${output.map.mappings}`
  } else if (!client && marked) {
    output.code = output.code.slice(marked[0].length)
    output.map.mappings = output.map.mappings.slice(output.map.mappings.indexOf(';') + 1)
  }
}

/**
 * The global `Buffer` must be installed before `@solana/spl-token` loads: the installer has a chunk
 * of its own, named as `sideEffects` says, holding nothing else with code, and every output that
 * imports spl-token imports that chunk first (esbuild writes chunk imports before the modules).
 */
function checkBufferInstaller(outputs: Map<string, Output>): void {
  const holders = [...outputs.values()].filter(
    (output) => output.meta.inputs[bufferInstaller] && !output.meta.entryPoint,
  )
  const chunk = holders[0]
  if (holders.length !== 1 || !chunk || !bufferInstallerChunk.test(chunk.path))
    throw new Error(`the Buffer installer is in ${holders.map((output) => output.path)}`)
  const others = Object.keys(chunk.meta.inputs).filter(
    (input) => input !== bufferInstaller && input !== 'src/solana/ensureBufferGlobal.ts',
  )
  if (others.length > 0) throw new Error(`${chunk.path} also holds ${others}`)
  for (const output of outputs.values()) {
    const splToken = output.code.search(/^import [^;]*"@solana\/spl-token";$/m)
    if (splToken === -1) continue
    const name = chunk.path.slice('chunks/'.length)
    const installer = output.code.search(
      new RegExp(`^import [^;]*"[./]*(chunks/)?${name.replaceAll('.', '\\.')}";$`, 'm'),
    )
    if (installer === -1 || installer > splToken)
      throw new Error(`${output.path} imports @solana/spl-token before ${chunk.path}`)
  }
}

/** Deletes every `.js` and `.js.map` under `dir`: what tsc emitted, or an earlier bundle. */
async function removeScripts(dir: string): Promise<void> {
  const names = await readdir(dir, { recursive: true }).catch(() => [] as string[])
  for (const name of names)
    if (name.endsWith('.js') || name.endsWith('.js.map')) await rm(join(dir, name))
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href)
  await bundleDist(process.argv[2] ? join(process.cwd(), process.argv[2]) : undefined)
