/**
 * Test helpers shared by the pillars' `kpis.test.ts` files (not exported from the package).
 */
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { Kpi, KpiSql } from "@govplan/kpi"
import type { Period } from "@govplan/model"
import * as Generator from "../Generator.js"
import type { Pillar } from "../Pillar.js"

/** Generates one pillar's tables into a fresh temporary directory; returns the directory and manifest. */
export const generatePillar = async (pillar: Pillar, seed = Generator.DEFAULT_SEED) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `govplan-${pillar.key}-`))
  const manifest = await Generator.run({ out: dir, seed, pillars: [pillar] })
  return { dir, manifest, database: path.join(dir, manifest.database) }
}

const round = (x: number | null | undefined) => (x === null || x === undefined ? x : Math.round(x * 1e9) / 1e9)

/** A KPI result with floats rounded to 1e-9, for comparing in-memory with SQL results. */
export const normalise = (r: Kpi.KpiResult) => ({
  kpiId: r.kpiId,
  period: r.period,
  group: r.group,
  value: round(r.value),
  numerator: round(r.numerator),
  denominator: round(r.denominator),
  count: r.count,
  text: r.text
})

/**
 * Every KPI of the pillar evaluated twice on the generated SQLite database: in memory over the rows
 * read from it, and as compiled SQL run by SQLite. Returns both, normalised.
 */
export const memoryAndSql = async (
  pillar: Pillar,
  database: string,
  options: { readonly period: Period.Period; readonly grain?: Period.Grain; readonly by?: ReadonlyArray<string> }
) => {
  const seed = await Generator.openDatabase(database)
  const { default: Database } = await import("better-sqlite3")
  const db = new Database(database, { readonly: true })
  try {
    const out: Array<{ kpiId: string; memory: ReadonlyArray<ReturnType<typeof normalise>>; sql: ReadonlyArray<ReturnType<typeof normalise>> }> = []
    for (const def of pillar.kpis) {
      const rows = [...seed.records[def.record]!]
      const memory = await Kpi.evaluatePromise(def, rows, options)
      const compileOptions = { dialect: "sqlite" as const, table: def.record, ...options }
      const compiled = KpiSql.compile(def, compileOptions)
      const sqlRows = db.prepare(compiled.sql).all(...(compiled.params as Array<unknown>)) as Array<Record<string, unknown>>
      const sql = KpiSql.decodeRows(def, sqlRows, compileOptions)
      out.push({ kpiId: def.id, memory: memory.map(normalise), sql: sql.map(normalise) })
    }
    return out
  } finally {
    db.close()
    seed.close()
  }
}
