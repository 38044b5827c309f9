#!/usr/bin/env node
// The govplan CLI runs straight from the TypeScript sources of the workspace, with no build step
// after `npm ci`. On the first run (and after any source it uses changes) it bundles
// src/cli.ts and the @govplan/* sources it imports with esbuild into apps/govplan/.cli/ (ignored by
// git), then runs that bundle in this process: the bundle starts in about a third of the CPU time of
// compiling on the fly with tsx, which every command used to pay (2–3 s before `--help` printed).
// Freshness is exact: the bundle's manifest lists every input file esbuild read (sources, the plan
// JSON) with its size and mtime, and any difference rebuilds. If the bundle cannot be built or
// written (a read-only checkout, say), or GOVPLAN_TSX=1 is set, the CLI runs on the fly through tsx.
import { spawnSync } from "node:child_process"
import * as crypto from "node:crypto"
import * as fs from "node:fs"
import * as path from "node:path"
import { fileURLToPath, pathToFileURL } from "node:url"

const app = fileURLToPath(new URL("..", import.meta.url))
const cli = path.join(app, "src", "cli.ts")
// one level below the app, like src/: the sources find the repository from their own URL
const outDir = path.join(app, ".cli")
const pointer = path.join(outDir, "current.json")
const debug = process.argv.includes("--verbose") || (process.env.GOVPLAN_DEBUG ?? "") === "1"

/** The entry of an up-to-date bundle, or undefined. */
const current = () => {
  let manifest
  try {
    manifest = JSON.parse(fs.readFileSync(pointer, "utf8"))
  } catch {
    return undefined
  }
  for (const [file, size, mtimeMs] of manifest.inputs) {
    let stat
    try {
      stat = fs.statSync(path.resolve(app, file))
    } catch {
      return undefined
    }
    if (stat.size !== size || stat.mtimeMs !== mtimeMs) return undefined
  }
  const entry = path.join(outDir, manifest.entry)
  return fs.existsSync(entry) ? entry : undefined
}

/** Bundles the CLI; returns its entry, or undefined when that is not possible here. */
const build = async () => {
  let esbuild
  try {
    esbuild = await import("esbuild")
  } catch {
    return undefined
  }
  const tmp = `${outDir}.tmp-${process.pid}-${crypto.randomBytes(4).toString("hex")}`
  try {
    const result = await esbuild.build({
      entryPoints: { cli: cli },
      bundle: true,
      splitting: true,
      format: "esm",
      platform: "node",
      target: "node20",
      conditions: ["@govplan/source"],
      outdir: tmp,
      // content-hashed names: bundles of different sources live side by side in .cli/
      entryNames: "[name]-[hash]",
      chunkNames: "chunk-[hash]",
      sourcemap: "linked",
      metafile: true,
      logLevel: "silent",
      absWorkingDir: app,
      plugins: [{
        // the workspace's own packages are bundled from their sources; everything else (effect, docx,
        // the database drivers with their native parts) is imported from node_modules as usual
        name: "govplan-externals",
        setup(b) {
          b.onResolve({ filter: /^[^./]/ }, (args) =>
            args.path.startsWith("@govplan/") ? undefined : { path: args.path, external: true })
        }
      }]
    })
    fs.mkdirSync(outDir, { recursive: true })
    const outputs = fs.readdirSync(tmp)
    for (const name of outputs) {
      const target = path.join(outDir, name)
      if (!fs.existsSync(target)) fs.renameSync(path.join(tmp, name), target)
    }
    const entryOut = Object.entries(result.metafile.outputs).find(([, o]) => o.entryPoint !== undefined)
    const entry = path.basename(entryOut[0])
    const inputs = Object.keys(result.metafile.inputs)
      .map((file) => path.resolve(app, file))
      .map((file) => {
        const stat = fs.statSync(file)
        return [path.relative(app, file), stat.size, stat.mtimeMs]
      })
    const pointerTmp = `${pointer}.${process.pid}`
    fs.writeFileSync(pointerTmp, JSON.stringify({ entry, inputs }))
    fs.renameSync(pointerTmp, pointer)
    // older bundles: removed once nobody can still be starting from them
    const keep = new Set([...outputs, "current.json"])
    for (const name of fs.readdirSync(outDir)) {
      const file = path.join(outDir, name)
      if (keep.has(name) || name.startsWith("current.json.")) continue
      try {
        if (Date.now() - fs.statSync(file).mtimeMs > 10 * 60_000) fs.rmSync(file, { force: true })
      } catch {}
    }
    return path.join(outDir, entry)
  } catch {
    return undefined
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true })
  }
}

const entry = process.env.GOVPLAN_TSX === "1" ? undefined : (current() ?? (await build()))
if (entry !== undefined) {
  if (debug) process.setSourceMapsEnabled(true)
  // the bundle reads its arguments from process.argv (from index 2) and exits itself
  await import(pathToFileURL(entry).href)
} else {
  // on the fly: tsx as this file resolves it, so govplan runs from any working directory
  const tsx = import.meta.resolve("tsx")
  const result = spawnSync(
    process.execPath,
    ["--conditions=@govplan/source", "--import", tsx, cli, ...process.argv.slice(2)],
    { stdio: "inherit" }
  )
  if (result.error) {
    console.error(`govplan: could not start: ${result.error.message}`)
    process.exit(1)
  }
  process.exit(result.status ?? 1)
}
