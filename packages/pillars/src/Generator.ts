/**
 * The deterministic seed-data generator: a year of operational records for every pillar of one
 * subdistrict, written as CSV files (Chinese export headers) and one SQLite database.
 *
 * Every pillar contributes `generate(ctx)` returning lazy tables; rows are streamed to the CSV file
 * and the database at once, so memory stays flat however many rows a table has. The same seed gives
 * byte-identical output: randomness comes from {@link Prng} streams forked by pillar and table name,
 * never from `Math.random` or the clock.
 *
 * @since 0.1.0
 */
import * as fs from "node:fs"
import * as path from "node:path"
import type { Pillar } from "./Pillar.js"
import * as Pillars from "./Pillars.js"
import * as Prng from "./Prng.js"
import type { RecordType } from "./Records.js"
import * as Reference from "./Reference.js"

/**
 * The default seed (the plan's publication date).
 *
 * @since 0.1.0
 */
export const DEFAULT_SEED = 20220610

/**
 * What a pillar's generator gets.
 *
 * @since 0.1.0
 */
export interface Context {
  readonly year: number
  /** The pillar's own random stream (fork it per table: `ctx.rng.fork("hotline_order")`). */
  readonly rng: Prng.Prng
  readonly committees: ReadonlyArray<Reference.Committee>
  /** The enterprise base list, the same for every pillar. */
  readonly enterprises: ReadonlyArray<Reference.Enterprise>
  /** The date the export was taken (records after it are not yet known): early January of next year. */
  readonly exportedAt: string
}

/**
 * A generated table: its record type and its rows (lazy; iterated once).
 *
 * @since 0.1.0
 */
export interface Table {
  readonly record: RecordType<any>
  readonly rows: Iterable<Readonly<Record<string, unknown>>>
}

/**
 * What was written.
 *
 * @since 0.1.0
 */
export interface Manifest {
  readonly seed: number
  readonly year: number
  readonly database: string
  readonly tables: ReadonlyArray<{ readonly record: string; readonly title: string; readonly file: string; readonly rows: number }>
}

/**
 * The context pillars generate from, for a seed and year.
 *
 * @since 0.1.0
 */
export const context = (seed: number, year: number, pillarKey: string): Context => {
  const root = Prng.make(seed)
  return {
    year,
    rng: root.fork(`pillar/${pillarKey}`),
    committees: Reference.committees,
    enterprises: Reference.enterprises(root.fork("reference/enterprises")),
    exportedAt: `${year + 1}-01-05 18:00:00`
  }
}

const csvCell = (v: unknown): string => {
  if (v === null || v === undefined) return ""
  const s = typeof v === "number" ? String(v) : String(v)
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, "\"\"")}"` : s
}

/**
 * A streaming CSV writer (UTF-8, header row of Chinese export headers, RFC 4180 quoting, `\r\n`
 * line ends as Excel writes them; a missing value is an empty cell).
 *
 * @since 0.1.0
 */
export const csvWriter = (file: string, record: RecordType<any>) => {
  const fd = fs.openSync(file, "w")
  let buf = record.columns.map((c) => csvCell(c.header)).join(",") + "\r\n"
  const fields = record.columns.map((c) => c.field)
  return {
    write: (row: Readonly<Record<string, unknown>>) => {
      let line = ""
      for (let i = 0; i < fields.length; i++) line += (i === 0 ? "" : ",") + csvCell(row[fields[i]!])
      buf += line + "\r\n"
      if (buf.length > 1 << 20) {
        fs.writeSync(fd, buf)
        buf = ""
      }
    },
    close: () => {
      if (buf.length > 0) fs.writeSync(fd, buf)
      fs.closeSync(fd)
    }
  }
}

type Database = import("better-sqlite3").Database

const createDatabase = async (file: string): Promise<Database> => {
  const mod = await import("better-sqlite3")
  const Ctor = (mod as unknown as { default: typeof import("better-sqlite3") }).default ?? mod
  if (fs.existsSync(file)) fs.rmSync(file)
  const db = new Ctor(file)
  db.pragma("journal_mode = OFF")
  db.pragma("synchronous = OFF")
  return db
}

const sqlWriter = (db: Database, record: RecordType<any>) => {
  const cols = record.columns
  db.exec(`DROP TABLE IF EXISTS "${record.name}"`)
  db.exec(`CREATE TABLE "${record.name}" (${cols.map((c) => `"${c.field}" ${c.sqlType}${c.nullable ? "" : " NOT NULL"}`).join(", ")})`)
  const insert = db.prepare(`INSERT INTO "${record.name}" (${cols.map((c) => `"${c.field}"`).join(", ")}) VALUES (${cols.map(() => "?").join(", ")})`)
  let batch: Array<ReadonlyArray<unknown>> = []
  const flushBatch = db.transaction((rows: Array<ReadonlyArray<unknown>>) => {
    for (const r of rows) insert.run(r as Array<unknown>)
  })
  return {
    write: (row: Readonly<Record<string, unknown>>) => {
      batch.push(cols.map((c) => row[c.field] ?? null))
      if (batch.length >= 5000) {
        flushBatch(batch)
        batch = []
      }
    },
    close: () => {
      if (batch.length > 0) flushBatch(batch)
      batch = []
    }
  }
}

/**
 * Writes tables to `out`: one CSV per record type and all of them into `database` (a file name
 * inside `out`). Returns the manifest (also written as `manifest.json`).
 *
 * @since 0.1.0
 */
export const writeTables = async (options: {
  readonly out: string
  readonly seed: number
  readonly year: number
  readonly tables: Iterable<Table>
  readonly database?: string
}): Promise<Manifest> => {
  fs.mkdirSync(options.out, { recursive: true })
  const dbFile = path.join(options.out, options.database ?? "govplan.sqlite")
  const db = await createDatabase(dbFile)
  const written: Array<Manifest["tables"][number]> = []
  try {
    for (const table of options.tables) {
      const csv = csvWriter(path.join(options.out, table.record.file), table.record)
      const sql = sqlWriter(db, table.record)
      let n = 0
      try {
        for (const row of table.rows) {
          csv.write(row)
          sql.write(row)
          n++
        }
      } finally {
        csv.close()
        sql.close()
      }
      written.push({ record: table.record.name, title: table.record.title, file: table.record.file, rows: n })
    }
  } finally {
    db.close()
  }
  const manifest: Manifest = { seed: options.seed, year: options.year, database: path.basename(dbFile), tables: written }
  fs.writeFileSync(path.join(options.out, "manifest.json"), JSON.stringify(manifest, null, 2) + "\n")
  return manifest
}

/**
 * Generates the year's records of the given pillars (all registered pillars by default) into `out`.
 *
 * @example
 * ```ts
 * import { Generator } from "@govplan/pillars"
 *
 * const manifest = await Generator.run({ out: "seeds/data" })
 * // manifest.tables: [{ record: "hotline_order", file: "12345工单.csv", rows: 20345 }, …]
 * ```
 *
 * @since 0.1.0
 */
export const run = async (options: {
  readonly out: string
  readonly seed?: number
  readonly year?: number
  /** The pillars to generate (default: every registered pillar, `Pillars.all`). */
  readonly pillars?: ReadonlyArray<Pillar> | undefined
}): Promise<Manifest> => {
  const seed = options.seed ?? DEFAULT_SEED
  const year = options.year ?? 2022
  const pillars = options.pillars ?? Pillars.all
  function* tables(): Iterable<Table> {
    for (const p of pillars) yield* p.generate(context(seed, year, p.key))
  }
  return writeTables({ out: options.out, seed, year, tables: tables() })
}

/**
 * Opens a database written by {@link run} (or any SQLite file with one table per record type, named
 * by record type, columns by field) and returns its tables as lazy row iterables, ready for
 * `Scorecard.compute`'s `records`. Each iteration streams the table with a fresh statement.
 *
 * @example
 * ```ts
 * import { Period, ReferencePlan } from "@govplan/model"
 * import { Generator, Scorecard } from "@govplan/pillars"
 *
 * const seed = await Generator.openDatabase("seeds/data/govplan.sqlite")
 * try {
 *   const lines = await Scorecard.computePromise({ plan: ReferencePlan.changshouRoad2022, records: seed.records, period: Period.year(2022) })
 *   for (const { assessment, indicator } of lines) console.log(indicator.name, assessment.status)
 * } finally {
 *   seed.close()
 * }
 * ```
 *
 * @since 0.1.0
 */
export const openDatabase = async (file: string): Promise<{
  readonly records: Readonly<Record<string, Iterable<Readonly<Record<string, unknown>>>>>
  readonly tables: ReadonlyArray<string>
  readonly close: () => void
}> => {
  if (!fs.existsSync(file)) throw new Error(`no SQLite database at ${file}`)
  const mod = await import("better-sqlite3")
  const Ctor = (mod as unknown as { default: typeof import("better-sqlite3") }).default ?? mod
  const db = new Ctor(file, { readonly: true, fileMustExist: true })
  const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as Array<{ name: string }>).map((r) => r.name)
  const records: Record<string, Iterable<Readonly<Record<string, unknown>>>> = {}
  for (const t of tables) {
    records[t] = { [Symbol.iterator]: () => db.prepare(`SELECT * FROM "${t.replace(/"/g, "\"\"")}"`).iterate() as IterableIterator<Record<string, unknown>> }
  }
  return { records, tables, close: () => db.close() }
}
