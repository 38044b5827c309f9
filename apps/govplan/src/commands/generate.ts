/**
 * `govplan generate`: the deterministic seed data (a year of operational records for every pillar)
 * as CSV files and one SQLite database; `--scale N` writes N 12345 orders for benchmarks.
 */
import * as path from "node:path"
import { Generator, Pillars, Reference, Urban } from "@govplan/pillars"
import type { Command } from "../Command.js"
import * as Pipeline from "../pipeline.js"

const HELP = `usage: govplan generate [options]

Writes a year of operational records for one subdistrict (12345 hotline orders,
enterprise visits, party-building ledgers, …) as CSV files with the Chinese headers
real exports use, plus one SQLite database (govplan.sqlite, one table per record
type) and manifest.json. The same seed always gives the same data.

options:
  --out <dir>     output directory (default seeds/data, or bench-data with --scale)
  --seed <n>      random seed, a non-negative integer (default ${Generator.DEFAULT_SEED})
  --year <YYYY>   the year to generate (default 2022)
  --scale <n>     benchmark mode: write only n 12345 hotline orders (1000000 and more),
                  streamed so memory stays flat
  -h, --help      show this help

examples:
  govplan generate
  govplan generate --out /tmp/seed --seed 7
  govplan generate --scale 1000000`

interface Options {
  readonly out: string | undefined
  readonly seed: number
  readonly year: number
  readonly scale: number | undefined
  readonly help: boolean
}

type Parsed = { readonly _tag: "Options"; readonly options: Options } | { readonly _tag: "Usage"; readonly message: string }

const parseArgs = (argv: ReadonlyArray<string>): Parsed => {
  let out: string | undefined
  let seed = Generator.DEFAULT_SEED
  let year = 2022
  let scale: number | undefined
  let help = false
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!
    const eq = arg.indexOf("=")
    const name = arg.startsWith("--") && eq > 0 ? arg.slice(0, eq) : arg
    const inline = arg.startsWith("--") && eq > 0 ? arg.slice(eq + 1) : undefined
    const value = (): string | undefined => {
      if (inline !== undefined) return inline
      const next = argv[i + 1]
      if (next === undefined || next.startsWith("--")) return undefined
      i++
      return next
    }
    const integer = (flag: string, max: number): number | string => {
      const v = value()
      if (v === undefined || !/^\d+$/.test(v) || Number(v) > max) return `${flag} needs a whole number up to ${max}${v === undefined ? "" : `, got ${JSON.stringify(v)}`}`
      return Number(v)
    }
    switch (name) {
      case "-h":
      case "--help":
        help = true
        break
      case "--out": {
        const v = value()
        if (v === undefined) return { _tag: "Usage", message: "--out needs a directory" }
        out = v
        break
      }
      case "--seed": {
        const v = integer("--seed", 0xffffffff)
        if (typeof v === "string") return { _tag: "Usage", message: v }
        seed = v
        break
      }
      case "--year": {
        const v = integer("--year", 2024)
        if (typeof v === "string" || v < 2021) return { _tag: "Usage", message: typeof v === "string" ? v : "--year must be 2021–2024 (the years the working-day calendar covers)" }
        year = v
        break
      }
      case "--scale": {
        const v = integer("--scale", 1_000_000_000)
        if (typeof v === "string" || v < 1) return { _tag: "Usage", message: typeof v === "string" ? v : "--scale needs at least 1 row" }
        scale = v
        break
      }
      default:
        return { _tag: "Usage", message: `unknown option ${JSON.stringify(arg)}` }
    }
  }
  return { _tag: "Options", options: { out, seed, year, scale, help } }
}

export const command: Command = {
  summary: "write the deterministic seed data (CSV + SQLite) for every pillar; --scale N for benchmarks",
  run: async (argv) => {
    const parsed = parseArgs(argv)
    if (parsed._tag === "Usage") {
      console.error(`govplan generate: ${parsed.message}\n\n${HELP}`)
      return 2
    }
    const o = parsed.options
    if (o.help) {
      console.log(HELP)
      return 0
    }
    const started = Date.now()
    if (o.scale !== undefined) {
      const out = path.resolve(o.out ?? Pipeline.defaultBenchDir())
      const ctx = Generator.context(o.seed, o.year, "urban")
      const manifest = await Generator.writeTables({
        out,
        seed: o.seed,
        year: o.year,
        tables: [{
          record: Urban.HotlineOrder,
          rows: { [Symbol.iterator]: () => Urban.hotlineOrders({ rng: ctx.rng.fork("hotline_order"), count: o.scale!, year: o.year, committees: Reference.committees, exportedAt: ctx.exportedAt }) }
        }]
      })
      const t = manifest.tables[0]!
      console.log(`wrote ${t.rows} 12345 orders to ${path.join(out, t.file)} and ${path.join(out, manifest.database)} in ${((Date.now() - started) / 1000).toFixed(1)} s (seed ${o.seed})`)
      return 0
    }
    const out = path.resolve(o.out ?? Pipeline.defaultDataDir())
    const manifest = await Generator.run({ out, seed: o.seed, year: o.year, pillars: Pillars.all })
    const w = Math.max(...manifest.tables.map((t) => t.record.length))
    console.log(`wrote ${manifest.tables.length} tables for ${o.year} (seed ${o.seed}) to ${out}:`)
    for (const t of manifest.tables) console.log(`  ${t.record.padEnd(w)}  ${String(t.rows).padStart(7)}  ${t.file}  ${t.title}`)
    console.log(`  SQLite: ${path.join(out, manifest.database)} (${((Date.now() - started) / 1000).toFixed(1)} s)`)
    return 0
  }
}
