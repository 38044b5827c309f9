/**
 * Test helpers shared by the pillars' `kpis.test.ts` files (not exported from the package): evaluate
 * a KPI on fixture rows, generate a pillar's tables, and check that the SQL form of every KPI gives
 * the in-memory results, on the generator's SQLite database and on rows loaded into an in-memory one.
 *
 * @internal
 */
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import Database from "better-sqlite3"
import { Schema } from "effect"
import { Kpi, KpiSql } from "@govplan/kpi"
import { Period, ReferencePlan } from "@govplan/model"
import { expect } from "vitest"
import * as Generator from "../Generator.js"
import type { Pillar } from "../Pillar.js"
import type { RecordType } from "../Records.js"

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

/**
 * Generates the pillar's database and expects, for every one of its KPIs, the compiled SQL run by
 * SQLite to give the in-memory results under `options`.
 */
export const expectGeneratedSqlEqualsMemory = async (
  pillar: Pillar,
  options: { readonly period: Period.Period; readonly grain?: Period.Grain; readonly by?: ReadonlyArray<string> }
): Promise<void> => {
  const { database } = await generatePillar(pillar)
  const results = await memoryAndSql(pillar, database, options)
  expect(results.length).toBe(pillar.kpis.length)
  for (const r of results) expect(r.sql, r.kpiId).toEqual(r.memory)
}

/** The single result of one KPI over 2022 (or `options`) on fixture rows. */
export const one = async (
  def: Kpi.Definition,
  rows: ReadonlyArray<object>,
  options: Kpi.EvaluateOptions = { period: Period.year(2022) }
): Promise<Kpi.KpiResult> => {
  const results = await Kpi.evaluatePromise([def], rows as ReadonlyArray<Record<string, unknown>>, options)
  expect(results.length, `${def.id}: one result expected`).toBe(1)
  return results[0]!
}

/** The KPI of the given id (fails the test when there is none). */
export const kpi = (kpis: ReadonlyArray<Kpi.Definition>, id: string): Kpi.Definition => {
  const def = kpis.find((k) => k.id === id)
  expect(def, `KPI ${id}`).toBeDefined()
  return def!
}

/** The pillar's generated tables, materialised: record name → rows. */
export const generated = (pillar: Pillar): Readonly<Record<string, ReadonlyArray<Record<string, unknown>>>> => {
  const out: Record<string, ReadonlyArray<Record<string, unknown>>> = {}
  for (const t of pillar.generate(Generator.context(Generator.DEFAULT_SEED, 2022, pillar.key))) out[t.record.name] = [...t.rows]
  return out
}

/** An in-memory SQLite database holding the tables, with the columns the generator writes. */
export const database = (records: ReadonlyArray<RecordType<any>>, data: Readonly<Record<string, ReadonlyArray<Record<string, unknown>>>>): Database.Database => {
  const db = new Database(":memory:")
  for (const r of records) {
    const cols = r.columns
    db.exec(`CREATE TABLE "${r.name}" (${cols.map((c) => `"${c.field}" ${c.sqlType}${c.nullable ? "" : " NOT NULL"}`).join(", ")})`)
    const insert = db.prepare(`INSERT INTO "${r.name}" (${cols.map((c) => `"${c.field}"`).join(", ")}) VALUES (${cols.map(() => "?").join(", ")})`)
    db.transaction(() => {
      for (const row of data[r.name] ?? []) insert.run(...cols.map((c) => (row[c.field] ?? null) as string | number | null))
    })()
  }
  return db
}

/** Runs a KPI's SQL form on the database. */
export const runSql = (db: Database.Database, def: Kpi.Definition, options: Kpi.EvaluateOptions): ReadonlyArray<Kpi.KpiResult> => {
  const compileOptions = { dialect: "sqlite", table: def.record, ...options } as const
  const compiled = KpiSql.compile(def, compileOptions)
  const rows = db.prepare(compiled.sql).all(...(compiled.params as Array<string | number>))
  return KpiSql.decodeRows(def, rows, compileOptions)
}

/** Expects SQL and in-memory results to be the same (sums compared to 9 significant digits). */
export const expectSame = (sql: ReadonlyArray<Kpi.KpiResult>, memory: ReadonlyArray<Kpi.KpiResult>, label: string): void => {
  expect(sql.length, `${label}: number of results`).toBe(memory.length)
  sql.forEach((s, i) => {
    const m = memory[i]!
    const { denominator: sd, numerator: sn, value: sv, ...srest } = s
    const { denominator: md, numerator: mn, value: mv, ...mrest } = m
    expect(srest, `${label} ${m.kpiId} ${m.period} ${JSON.stringify(m.group)}`).toEqual(mrest)
    for (const [a, b] of [[sv, mv], [sn, mn], [sd, md]] as const) {
      if (b === null || b === undefined) expect(a, `${label} ${m.kpiId} ${m.period}`).toBe(b)
      else expect(a, `${label} ${m.kpiId} ${m.period}`).toBeCloseTo(b, 6)
    }
  })
}

/** The evaluation options every pillar's SQL-equals-memory test runs. */
export const sqlCases: ReadonlyArray<readonly [string, Kpi.EvaluateOptions]> = [
  ["2022", { period: Period.year(2022) }],
  ["2022 by month", { period: Period.year(2022), grain: "month" }],
  ["2022 by quarter, by committee", { period: Period.year(2022), grain: "quarter", by: ["committee"] }],
  ["H1 2022", { period: Period.range("2022-01-01" as never, "2022-07-01" as never) }]
]

/** The cases of {@link sqlCases} a record supports (grouping only by fields it has). */
export const sqlCasesFor = (record: RecordType<any>): ReadonlyArray<readonly [string, Kpi.EvaluateOptions]> =>
  sqlCases.filter(([, o]) => (o.by ?? []).every((f) => record.columns.some((c) => c.field === f)))

/** The in-memory results of one KPI (the streaming reducer, synchronously). */
export const memory = (def: Kpi.Definition, rows: ReadonlyArray<Record<string, unknown>>, options: Kpi.EvaluateOptions): ReadonlyArray<Kpi.KpiResult> => {
  const r = Kpi.reducer([def], options)
  for (const row of rows) r.push(row)
  return r.result()
}

/**
 * Checks, for every KPI of the pillar and every case of {@link sqlCasesFor}, that the SQL form on
 * SQLite gives the in-memory results on the generated data. Returns the number of comparisons.
 */
export const expectSqlEqualsMemory = (pillar: Pillar, data: Readonly<Record<string, ReadonlyArray<Record<string, unknown>>>>): number => {
  const db = database(pillar.records, data)
  let n = 0
  try {
    for (const def of pillar.kpis) {
      const record = pillar.records.find((r) => r.name === def.record)
      expect(record, `${def.id} reads ${def.record}`).toBeDefined()
      for (const [label, options] of sqlCasesFor(record!)) {
        const mem = memory(def, data[def.record] ?? [], options)
        expect(mem.length, `${def.id} ${label}: some results`).toBeGreaterThan(0)
        expectSame(runSql(db, def, options), mem, `${def.id} ${label}`)
        n++
      }
    }
  } finally {
    db.close()
  }
  return n
}

/** Whether every generated row is a valid record of its type; returns the first invalid row's problem. */
export const firstInvalid = (record: RecordType<any>, rows: ReadonlyArray<Record<string, unknown>>): string | undefined => {
  const decode = Schema.decodeUnknownEither(record.schema as Schema.Schema<unknown, unknown>, { onExcessProperty: "error" })
  for (const row of rows) {
    const r = decode(row)
    if (r._tag === "Left") return `${record.name}: ${JSON.stringify(row)}: ${r.left.message}`
  }
  return undefined
}

/** The problems of a pillar's bindings: unknown indicator, KPI or record, or a KPI of another record. */
export const bindingProblems = (pillar: Pillar): ReadonlyArray<string> => {
  const ids = new Set<string>(ReferencePlan.indicatorIds)
  const problems: Array<string> = []
  for (const b of pillar.bindings) {
    const def = pillar.kpis.find((k) => k.id === b.kpiId)
    if (!ids.has(b.indicatorId)) problems.push(`${b.indicatorId}: no such indicator in the plan`)
    if (def === undefined) problems.push(`${b.kpiId}: no such KPI`)
    else if (def.record !== b.record) problems.push(`${b.kpiId}: reads ${def.record}, bound as ${b.record}`)
    if (!pillar.records.some((r) => r.name === b.record)) problems.push(`${b.record}: not a record of ${pillar.key}`)
  }
  return problems
}
