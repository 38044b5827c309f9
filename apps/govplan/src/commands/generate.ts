/**
 * `govplan generate`: the deterministic seed data (a year of operational records for every pillar)
 * as CSV files and one SQLite database, stamped with the digest of the sources that generated it;
 * `--scale N` writes N 12345 orders for benchmarks (no stamp: benchmark data is never regenerated).
 */
import * as path from "node:path"
import { WorkCalendar } from "@govplan/model"
import { Generator, Reference, Urban } from "@govplan/pillars"
import * as Args from "../Args.js"
import * as Command from "../Command.js"
import * as Pipeline from "../pipeline.js"

const HELP = `usage: govplan generate [options]

Writes a year of operational records for one subdistrict (12345 hotline orders,
enterprise visits, party-building ledgers, …) as CSV files with the Chinese headers
real exports use, plus one SQLite database (govplan.sqlite, one table per record
type), manifest.json and source-digest.txt (a hash of the sources that generated
it: kpi and report generate the data again when packages/pillars or
packages/model change). The same seed always gives the same data. The 12345
orders, waste clearance, 一网通办 cases and several other ledgers also hold the
year before (for 同比), written first.

options:
  --out <dir>     output directory (default seeds/data, or bench-data with --scale)
  --seed <n>      random seed, a non-negative integer (default ${Generator.DEFAULT_SEED})
  --year <YYYY>   the year to generate, 2022–2025 (default 2022)
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

/**
 * The years the generator can write: the generated 12345 orders' due dates are counted in working days
 * on the calendar, and December's fall due in the next year, so the last is the calendar's last but one.
 */
const CALENDAR_FIRST = Math.min(...WorkCalendar.CHINA_MAINLAND.map((y) => y.year))
// the seed data also holds the year before (for 同比), whose orders need the calendar too
const FIRST_YEAR = CALENDAR_FIRST + 1
const LAST_YEAR = Math.max(...WorkCalendar.CHINA_MAINLAND.map((y) => y.year)) - 1

const parseArgs = (argv: ReadonlyArray<string>): Command.Parsed<Options> => {
  const parsed = Args.parse(argv, {
    out: { type: "string", needs: "a directory" },
    seed: { type: "string", needs: "a whole number" },
    year: { type: "string", needs: `a year ${FIRST_YEAR}–${LAST_YEAR}` },
    scale: { type: "string", needs: "a whole number of hotline rows" }
  })
  if (parsed._tag === "Usage") return parsed
  const v = parsed.values
  const integer = (flag: string, value: string, max: number): number | string =>
    /^\d+$/.test(value) && Number(value) <= max ? Number(value) : `${flag} needs a whole number up to ${max}, got ${JSON.stringify(value)}`
  const seed = v.seed === undefined ? Generator.DEFAULT_SEED : integer("--seed", v.seed, 0xffffffff)
  if (typeof seed === "string") return Args.usage(seed)
  const year = v.year === undefined ? 2022 : integer("--year", v.year, LAST_YEAR)
  if (typeof year === "string") return Args.usage(year)
  if (year < FIRST_YEAR) return Args.usage(`--year must be ${FIRST_YEAR}–${LAST_YEAR} (the working-day calendar covers ${CALENDAR_FIRST}–${LAST_YEAR + 1}; the data also holds the year before, for 同比, and December's orders fall due in the next year)`)
  const scale = v.scale === undefined ? undefined : integer("--scale", v.scale, 1_000_000_000)
  if (typeof scale === "string") return Args.usage(scale)
  if (scale !== undefined && scale < 1) return Args.usage("--scale needs at least 1 row")
  return { _tag: "Options", options: { out: v.out, seed, year, scale, help: v.help ?? false } }
}

export const command: Command.Command = Command.make({
  name: "generate",
  summary: "write the deterministic seed data (CSV + SQLite) for every pillar; --scale N for benchmarks",
  help: HELP,
  parse: parseArgs,
  run: async (o) => {
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
    // replaces an earlier generation cleanly, and stamps the data with the sources' digest once complete
    const manifest = await Pipeline.generateSeedData(out, { seed: o.seed, year: o.year })
    const w = Math.max(...manifest.tables.map((t) => t.record.length))
    console.log(`wrote ${manifest.tables.length} tables for ${o.year} (seed ${o.seed}) to ${out}:`)
    for (const t of manifest.tables) console.log(`  ${t.record.padEnd(w)}  ${String(t.rows).padStart(7)}  ${t.file}  ${t.title}`)
    console.log(`  SQLite: ${path.join(out, manifest.database)} (${((Date.now() - started) / 1000).toFixed(1)} s)`)
    return 0
  }
})
