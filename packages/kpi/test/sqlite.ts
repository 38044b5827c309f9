import Database from "better-sqlite3"
import { KpiSql } from "@govplan/kpi"
import type { Kpi } from "@govplan/kpi"

/** An in-memory SQLite database with one table of the given TEXT / REAL columns. */
export const makeTable = (table: string, columns: Readonly<Record<string, "TEXT" | "REAL" | "INTEGER">>, rows: ReadonlyArray<object>): Database.Database => {
  const db = new Database(":memory:")
  const names = Object.keys(columns)
  db.exec(`CREATE TABLE "${table}" (${names.map((n) => `"${n}" ${columns[n]}`).join(", ")})`)
  const insert = db.prepare(`INSERT INTO "${table}" (${names.map((n) => `"${n}"`).join(", ")}) VALUES (${names.map(() => "?").join(", ")})`)
  db.transaction(() => {
    for (const row of rows) insert.run(...names.map((n) => (row as Record<string, unknown>)[n] ?? null))
  })()
  return db
}

/** Compiles a definition, runs it on SQLite and decodes the rows. */
export const runSql = (db: Database.Database, def: Kpi.Definition, options: Omit<KpiSql.CompileOptions, "dialect">) => {
  const compiled = KpiSql.compile(def, { ...options, dialect: "sqlite" })
  const rows = db.prepare(compiled.sql).all(...(compiled.params as Array<string | number>))
  return KpiSql.decodeRows(def, rows, { ...options, dialect: "sqlite" })
}

/**
 * Compiles definitions with `compileMany`, runs the one UNION ALL statement (`"union"`) or each
 * per-time-field statement (`"statements"`, rows concatenated in reverse order, to show that order
 * does not matter) on SQLite, and decodes the rows with `decodeManyRows`.
 */
export const runSqlMany = (
  db: Database.Database,
  defs: ReadonlyArray<Kpi.Definition>,
  options: Omit<KpiSql.CompileOptions, "dialect">,
  mode: "union" | "statements" = "union"
) => {
  const compiled = KpiSql.compileMany(defs, { ...options, dialect: "sqlite" })
  const rows = mode === "union"
    ? db.prepare(compiled.sql).all(...(compiled.params as Array<string | number>))
    : [...compiled.statements].reverse().flatMap((s) => db.prepare(s.sql).all(...(s.params as Array<string | number>)))
  return KpiSql.decodeManyRows(defs, rows, { ...options, dialect: "sqlite" })
}
