/**
 * Push-down for `--sql`: the KPIs of a table are computed on the database (`SqlSource.pushDown`,
 * `KpiSql.compileMany`: one scan per record type and period) instead of loading every row — but only
 * when a check query over the whole table proves that the loader would take every row as it is.
 *
 * The check ({@link checkTable}) counts, in one scan, the rows the loader would reject or change: an
 * empty or NULL required value, a value with spaces at either end or a "no value" token (`NULL`,
 * `N/A`, …), a code outside the column's code list, a date or date-time that is not canonical
 * (`YYYY-MM-DD`, `YYYY-MM-DD HH:mm:ss`) or not in the calendar, a number that is not a number of the
 * column's kind; and, with `--duplicates reject` (the default), the rows whose key repeats an earlier
 * row's. A table is pushed down only when that count is 0 and its columns bind to every field of the
 * record type (derived columns included) with types push-down can compare; otherwise it is loaded,
 * row by row, exactly as `--load` does — so the rejection counts, `--rejects`, `--max-reject-share`
 * and the exit code 4 are the load path's own. The check is conservative: a row it flags may be one
 * the loader accepts (after trimming, say); the table is then loaded, never counted unchecked.
 */
import { SqlClient } from "@effect/sql"
import type { Kpi } from "@govplan/kpi"
import { Period } from "@govplan/model"
import { Pillars, type Records, type Scorecard } from "@govplan/pillars"
import { ColumnMapping, Coerce, type LoadReport } from "@govplan/source"
import { SqlSource } from "@govplan/source-sql"
import { KpiSql } from "@govplan/kpi"
import { Effect, Schema, SchemaAST } from "effect"

type Dialect = "sqlite" | "pg" | "mysql"

/** What the check found for a table: push it down, or load it and why. */
export type TablePlan =
  | { readonly _tag: "Push"; readonly record: string; readonly rows: number; readonly columns: Readonly<Record<string, string>>; readonly duplicatesKept: number }
  | { readonly _tag: "Load"; readonly record: string; readonly why: string }

/** The dialect of a client, as `SqlSource` names it. */
const dialectOf = (sql: SqlClient.SqlClient): Dialect | undefined =>
  sql.onDialectOrElse({ sqlite: () => "sqlite" as const, pg: () => "pg" as const, mysql: () => "mysql" as const, orElse: () => undefined })

/** The columns of a table with their declared types, from the catalogue. */
const catalog = (sql: SqlClient.SqlClient, dialect: Dialect, table: string) =>
  (dialect === "sqlite"
    ? sql.unsafe<{ name: string; type: string }>(`SELECT name, type FROM pragma_table_info(?) ORDER BY cid`, [table])
    : dialect === "pg"
    ? sql.unsafe<{ name: string; type: string }>(
      `SELECT column_name AS name, data_type AS type FROM information_schema.columns WHERE table_name = $1 AND table_schema = ANY (current_schemas(false)) ORDER BY ordinal_position`,
      [table]
    )
    : sql.unsafe<{ name: string; type: string }>(
      "SELECT COLUMN_NAME AS name, DATA_TYPE AS type FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION",
      [table]
    )).pipe(Effect.map((rows) => rows.map((r) => ({ name: String(r.name ?? (r as any).NAME), type: String(r.type ?? (r as any).TYPE ?? "").toLowerCase() }))))

type Kind = "text" | "date" | "dateTime" | "int" | "real"

/** The kind of a record field, from its schema: a civil date or date-time, an integer, a number, text. */
const kindOf = (record: Records.RecordType<any>, column: Records.Column): Kind => {
  if (column.sqlType === "INTEGER") return "int"
  if (column.sqlType === "REAL") return "real"
  const ast = record.schema.ast
  const ps = SchemaAST.isTypeLiteral(ast) ? ast.propertySignatures.find((p) => p.name === column.field) : undefined
  if (ps === undefined) return "text"
  const is = Schema.is(Schema.make(ps.type))
  if (is("2022-01-31") && !is("x")) return "date"
  if (is("2022-01-31 08:00:00") && !is("x")) return "dateTime"
  return "text"
}

const TEXT_TYPES = /char|text|string|clob/
const INT_TYPES = /^(smallint|integer|bigint|int|tinyint|mediumint)$/
const NUMBER_TYPES = /^(smallint|integer|bigint|int|tinyint|mediumint|numeric|decimal|real|double precision|double|float)$/

/** Code points the loader trims from either end of a cell (besides those up to 32). */
const EDGE_SPACES = [0xa0, 0x1680, ...Array.from({ length: 12 }, (_, i) => 0x2000 + i), 0x2028, 0x2029, 0x202f, 0x205f, 0x3000, 0xfeff]

/** SQL text with bound parameters, `?` or `$n` by dialect. */
class Sql {
  readonly params: Array<unknown> = []
  constructor(readonly dialect: Dialect) {}
  p(value: unknown): string {
    this.params.push(value)
    return this.dialect === "pg" ? `$${this.params.length}` : "?"
  }
}

/**
 * Every character the loader trims from either end of a cell, as one string (SQL `trim`'s set), NUL
 * aside: PostgreSQL text cannot hold it and SQLite's `trim` would read the set as ending there.
 */
const EDGE = String.fromCodePoint(...Array.from({ length: 32 }, (_, i) => i + 1), ...EDGE_SPACES)

/**
 * The condition that a column's value is one the loader takes as it is (NULL is dealt with by the
 * caller). `type` is the declared type. Kept to a few operations per value: the check reads every row.
 *
 * - text: not empty, not a "no value" token, nothing to trim at either end (`trim(c, set)` on SQLite,
 *   `btrim` on PostgreSQL, the first and last character's code point on MySQL); a coded column only
 *   its codes (which have none of these), compared byte for byte on MySQL;
 * - dates: `date(c) = c` / `datetime(c) = c` on SQLite (its functions rewrite any other form and roll
 *   over days that do not exist), the shape and a calendar check elsewhere;
 * - numbers: SQLite checks each value's own type (it stores any type in any column); PostgreSQL and
 *   MySQL columns must be declared numeric (else the table is loaded), and NaN and infinities are refused.
 */
const cleanValue = (b: Sql, c: string, kind: Kind, column: Records.Column, type: string): string => {
  const d = b.dialect
  const int = (x: string) => (d === "mysql" ? `CAST(${x} AS SIGNED)` : `CAST(${x} AS INTEGER)`)
  const exact = (x: string) => (d === "mysql" ? `BINARY ${x}` : x)
  // SQLite converts what goes into a column of TEXT affinity to text; elsewhere the value's own type is checked
  const textOnly = d === "sqlite" && !/char|clob|text/i.test(type) ? `typeof(${c}) = 'text' AND ` : ""
  switch (kind) {
    case "text": {
      if (column.codes !== undefined) return `${textOnly}${exact(c)} IN (${column.codes.map((v) => b.p(v)).join(", ")})`
      const missing = `${exact(c)} NOT IN (${Coerce.defaultMissing.map((m) => b.p(m)).join(", ")})`
      if (d === "sqlite") return `${textOnly}${missing} AND ${c} = trim(${c}, ${b.p(EDGE)})`
      if (d === "pg") return `${missing} AND ${c} = btrim(${c}, ${b.p(EDGE)})`
      const code = (x: string) => `ORD(CONVERT(${x} USING utf32))`
      const edges = [`LEFT(${c}, 1)`, `RIGHT(${c}, 1)`].map((x) => `${code(x)} > 32 AND ${code(x)} NOT IN (${EDGE_SPACES.join(", ")})`).join(" AND ")
      return `${missing} AND ${edges}`
    }
    case "date":
    case "dateTime": {
      if (d === "sqlite") return `${textOnly}${kind === "date" ? "date" : "datetime"}(${c}) = ${c} AND ${c} >= '0001'`
      const digits = kind === "date" ? "[0-9]{4}-[0-9]{2}-[0-9]{2}" : "[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}"
      // MySQL's $ also matches before a final newline: the length rules that out
      const shape = d === "pg" ? `${c} ~ '^${digits}$'` : `CHAR_LENGTH(${c}) = ${kind === "date" ? 10 : 19} AND ${c} REGEXP '^${digits}$'`
      const y = int(`substr(${c}, 1, 4)`), m = int(`substr(${c}, 6, 2)`), day = int(`substr(${c}, 9, 2)`)
      const leap = `((${y} % 4 = 0 AND ${y} % 100 <> 0) OR ${y} % 400 = 0)`
      const days = `CASE WHEN ${m} IN (4, 6, 9, 11) THEN 30 WHEN ${m} = 2 THEN CASE WHEN ${leap} THEN 29 ELSE 28 END ELSE 31 END`
      const time = kind === "dateTime"
        ? ` AND ${int(`substr(${c}, 12, 2)`)} < 24 AND ${int(`substr(${c}, 15, 2)`)} < 60 AND ${int(`substr(${c}, 18, 2)`)} < 60`
        : ""
      // the calendar check runs only on the right shape (PostgreSQL's CAST would fail on other text)
      return `CASE WHEN ${shape} THEN (${y} >= 1 AND ${m} BETWEEN 1 AND 12 AND ${day} >= 1 AND ${day} <= ${days}${time}) ELSE FALSE END`
    }
    case "int":
      return d === "sqlite" ? `typeof(${c}) = 'integer'` : "TRUE"
    case "real":
      return d === "sqlite" ? `typeof(${c}) IN ('integer', 'real')` : d === "pg" && /real|double/.test(type) ? `${c} NOT IN ('NaN', 'Infinity', '-Infinity')` : "TRUE"
  }
}

/**
 * Decides whether a table's KPIs can be computed on the database: its columns bind to every field of
 * the record type, with types push-down compares as the loader does, its KPIs compile, and the check
 * query finds no row the loader would reject or change (nor, under `duplicates: "reject"`, a repeated key).
 */
export const checkTable = (
  record: Records.RecordType<any>,
  mapping: ColumnMapping.ColumnMapping,
  duplicates: "reject" | "keep"
): Effect.Effect<TablePlan, unknown, SqlClient.SqlClient> =>
  Effect.gen(function*() {
    const sql = (yield* SqlClient.SqlClient).withoutTransforms()
    const dialect = dialectOf(sql)
    const load = (why: string): TablePlan => ({ _tag: "Load", record: record.name, why })
    if (dialect === undefined) return load("the database's dialect is not one push-down writes")
    const cols = yield* catalog(sql, dialect, record.name)
    const byName = new Map<string, ColumnMapping.ColumnSpec | string>()
    for (const [name, spec] of Object.entries(mapping)) byName.set(ColumnMapping.normalizeName(name), spec)
    const columns: Record<string, string> = {}
    const types: Record<string, string> = {}
    for (const col of cols) {
      const spec = byName.get(ColumnMapping.normalizeName(col.name))
      if (spec === undefined) continue
      const field = typeof spec === "string" ? spec : spec.field
      // two columns for one field: the load path names the problem
      if (columns[field] !== undefined) return load(`two columns for ${field}`)
      columns[field] = col.name
      types[field] = col.type
    }
    const missing = record.columns.filter((c) => columns[c.field] === undefined)
    if (missing.length > 0) return load(`no column for ${missing.map((c) => `${c.header} (${c.field})`).join(", ")}`)
    const b = new Sql(dialect)
    const conditions: Array<string> = []
    for (const column of record.columns) {
      const kind = kindOf(record, column)
      const type = types[column.field]!
      if (dialect !== "sqlite") {
        const ok = kind === "int" ? INT_TYPES.test(type) : kind === "real" ? NUMBER_TYPES.test(type) : TEXT_TYPES.test(type)
        if (!ok) return load(`column ${columns[column.field]} is of type ${type}; push-down needs ${kind === "int" ? "an integer" : kind === "real" ? "a number" : "a text"} type`)
      }
      let c: string
      try {
        c = KpiSql.quoteIdentifier(dialect, columns[column.field]!)
      } catch (e) {
        return load(String((e as Error).message))
      }
      const value = cleanValue(b, c, kind, column, type)
      conditions.push(column.nullable ? `(${c} IS NULL OR (${value}))` : `(${c} IS NOT NULL AND ${value})`)
    }
    const table = KpiSql.quoteIdentifier(dialect, record.name)
    const q = (name: string) => KpiSql.quoteIdentifier(dialect, name)
    // one key column: its distinct count in the same scan (a repeated key is a row the loader leaves out)
    const single = record.key.length === 1 ? KpiSql.quoteIdentifier(dialect, columns[record.key[0]!]!) : undefined
    const check = yield* sql.unsafe<Record<string, unknown>>(
      `SELECT COUNT(*) AS ${q("n")}, COALESCE(SUM(CASE WHEN ${conditions.join(" AND ")} THEN 0 ELSE 1 END), 0) AS ${q("bad")}${
        single === undefined ? "" : `, COUNT(DISTINCT ${single}) AS ${q("keys")}`
      } FROM ${table}`,
      b.params
    )
    const rows = Number(check[0]?.n ?? 0)
    const bad = Number(check[0]?.bad ?? 0)
    if (bad > 0) return load(`${bad} of ${rows} rows have a value the loader would reject or change`)
    let repeated = single === undefined ? 0 : rows - Number(check[0]?.keys ?? 0)
    if (repeated > 0 && duplicates === "reject") return load(`${repeated} rows repeat an earlier row's key (${record.key.join(", ")})`)
    if (record.key.length > 1) {
      const keys = record.key.map((f) => KpiSql.quoteIdentifier(dialect, columns[f]!)).join(", ")
      const r = yield* sql.unsafe<Record<string, unknown>>(
        `SELECT COALESCE(SUM(${KpiSql.quoteIdentifier(dialect, "k")} - 1), 0) AS ${KpiSql.quoteIdentifier(dialect, "extra")} FROM (SELECT COUNT(*) AS ${KpiSql.quoteIdentifier(dialect, "k")} FROM ${table} GROUP BY ${keys} HAVING COUNT(*) > 1) AS ${KpiSql.quoteIdentifier(dialect, "repeated")}`
      )
      repeated = Number(r[0]?.extra ?? 0)
      if (repeated > 0 && duplicates === "reject") return load(`${repeated} rows repeat an earlier row's key (${record.key.join(", ")})`)
    }
    return { _tag: "Push", record: record.name, rows, columns, duplicatesKept: repeated }
  })

/** The KPIs of every pillar that read a record type. */
const kpisOf = (record: string): ReadonlyArray<Kpi.Definition> => Pillars.all.flatMap((p) => p.kpis.filter((d) => d.record === record))

/** Whether every KPI of the record compiles for the dialect (names the first problem otherwise). */
export const compiles = (record: Records.RecordType<any>, dialect: Dialect, columns: Readonly<Record<string, string>>): string | undefined => {
  const defs = kpisOf(record.name)
  if (defs.length === 0) return undefined
  try {
    KpiSql.compileMany(defs, { dialect, table: record.name, period: Period.year(2022), columns })
    return undefined
  } catch (e) {
    return String((e as Error).message)
  }
}

/**
 * The scorecard's evaluator of a pushed-down table: its requests grouped by period, grain and groups, each
 * group one `SqlSource.pushDown` (one scan of the table per time-field group), under the as-of view
 * of the record's event fields.
 */
export const evaluator = (
  plan: Extract<TablePlan, { _tag: "Push" }>,
  run: <A>(effect: Effect.Effect<A, unknown, SqlClient.SqlClient>) => Promise<A>
): Scorecard.Evaluator =>
async (requests, { asOf, record }) => {
  const groups = new Map<string, { period: Period.Period; grain: Kpi.EvaluateOptions["grain"]; by: Kpi.EvaluateOptions["by"]; defs: Map<string, Kpi.Definition> }>()
  const keyOf = (o: Kpi.EvaluateOptions) => `${Period.key(o.period)}|${o.grain ?? ""}|${(o.by ?? []).join(",")}`
  for (const { def, options } of requests) {
    const key = keyOf(options)
    let g = groups.get(key)
    if (g === undefined) groups.set(key, g = { period: options.period, grain: options.grain, by: options.by, defs: new Map() })
    g.defs.set(def.id, def)
  }
  const results = new Map<string, Map<string, Array<Kpi.KpiResult>>>()
  for (const [key, g] of groups) {
    const defs = [...g.defs.values()]
    const out = await run(SqlSource.pushDown(defs, {
      table: plan.record,
      period: g.period,
      grain: g.grain,
      by: g.by,
      columns: plan.columns,
      asOf: { date: asOf, fields: record.events }
    }))
    const byId = new Map<string, Array<Kpi.KpiResult>>()
    for (const r of out) {
      const list = byId.get(r.kpiId) ?? []
      list.push(r)
      byId.set(r.kpiId, list)
    }
    results.set(key, byId)
  }
  return requests.map(({ def, options }) => results.get(keyOf(options))?.get(def.id) ?? [])
}

/** The load report of a pushed-down table: every row read and accepted (the check found none to reject). */
export const reportOf = (plan: Extract<TablePlan, { _tag: "Push" }>): LoadReport.LoadReport => ({
  source: plan.record,
  read: plan.rows,
  accepted: plan.rows,
  rejected: 0,
  rejections: [],
  complete: true,
  ignoredColumns: [],
  duplicates: 0,
  duplicateRows: [],
  warnings: plan.duplicatesKept > 0 ? [`${plan.duplicatesKept} rows repeat an earlier row's key, kept (--duplicates keep)`] : []
})
