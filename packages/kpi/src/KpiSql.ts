/**
 * The SQL interpreter of KPI definitions: {@link compile} turns a definition into one parameterised
 * `SELECT` for SQLite, PostgreSQL or MySQL; run it with any driver and hand the rows to
 * {@link decodeRows}, which returns the same `KpiResult`s as `Kpi.evaluate` on the same rows.
 *
 * For several definitions at once use {@link compileMany} and {@link decodeManyRows}: one table scan
 * for all of them instead of one per leaf measure.
 *
 * The query of {@link compile} has one `UNION ALL` branch per distinct leaf measure (a ratio's numerator and
 * denominator are two branches, each with its own time field and filter). A branch selects
 * `leaf`, `bucket` (when a grain splits the period), `g0`, `g1`, … (the `by` dimensions), and the
 * aggregates `r` (rows matched), `n` (values counted), `v` (sum, distinct count or weight sum) and,
 * for each min/max leaf `i`, `x<i>` (its own column, so that PostgreSQL never unions text with numbers).
 *
 * - Times are civil-time strings stored as text: the period is `time >= start AND time < end`
 *   (index-friendly), the month bucket `substr(time, 1, 7)`, other grains a `CASE` on the bucket ends.
 * - Every table and column name is checked — a letter of any script (工单编号 is fine) or `_`, then
 *   letters, digits, `_` or `$`; at most 63 UTF-8 bytes for pg and 64 characters for mysql — and quoted
 *   (`"…"` for sqlite and pg, `` `…` `` for mysql); quotes, semicolons, spaces, comment markers and
 *   control characters are refused. Every value is a bound parameter (`?` for sqlite and mysql,
 *   `$1, $2, …` for pg).
 * - Filters mean what they mean in memory: a comparison with `NULL` is false, and `NOT` is
 *   written `NOT COALESCE(…, FALSE)` so that it is the exact complement.
 * - In PostgreSQL compare text with the `"C"` collation (or store codes in ASCII) if a filter
 *   uses `<`/`>` on non-ASCII text; equality and civil-time comparisons are collation-proof.
 *
 * @example
 * ```ts
 * import Database from "better-sqlite3"
 * import { Filter, Kpi, KpiSql } from "@govplan/kpi"
 * import { Period } from "@govplan/model"
 *
 * const firstContactRate = Kpi.define({
 *   id: "urban.hotline.first-contact-rate",
 *   name: "先行联系率",
 *   record: "hotline_order",
 *   measure: Kpi.ratio({
 *     numerator: Kpi.count({ time: "acceptedAt", where: Filter.eq("contactedInTime", "是") }),
 *     denominator: Kpi.count({ time: "acceptedAt" })
 *   })
 * })
 *
 * // a table of hotline orders (here in memory; new Database("govplan.db") opens a file)
 * const db = new Database(":memory:")
 * db.exec("CREATE TABLE hotline_order (acceptedAt TEXT, contactedInTime TEXT)")
 * const insert = db.prepare("INSERT INTO hotline_order (acceptedAt, contactedInTime) VALUES (?, ?)")
 * insert.run("2022-03-01 09:15:00", "是")
 * insert.run("2022-03-09 16:20:00", "否")
 * insert.run("2022-04-02 10:00:00", "是")
 *
 * const options = { dialect: "sqlite", table: "hotline_order", period: Period.year(2022), grain: "month" } as const
 * const { params, sql } = KpiSql.compile(firstContactRate, options)
 * const rows = db.prepare(sql).all(...params)
 * const results = KpiSql.decodeRows(firstContactRate, rows, options)
 * // the same as Kpi.evaluate on the table's rows: 2022-03 is 0.5 (1 of 2), 2022-04 is 1, other months no data
 * ```
 *
 * @since 0.1.0
 */
import type { Period } from "@govplan/model"
import type { Definition, KpiResult } from "./Kpi.js"
import * as internal from "./internal/sql.js"

/**
 * The SQL dialects the compiler writes.
 *
 * @since 0.1.0
 */
export type Dialect = "sqlite" | "pg" | "mysql"

/**
 * Options of {@link compile}.
 *
 * @since 0.1.0
 */
export interface CompileOptions {
  readonly dialect: Dialect
  /** The table (or `schema.table`) holding the definition's record. */
  readonly table: string
  readonly period: Period.Period
  readonly grain?: Period.Grain | undefined
  readonly by?: ReadonlyArray<string> | undefined
  /** Record field → column name, where they differ (`{ acceptedAt: "accepted_at" }`). */
  readonly columns?: Readonly<Record<string, string>> | undefined
  /** The first month of the `assessmentYear` grain (default: the period's own, else 11). */
  readonly assessmentStartMonth?: number | undefined
  /**
   * PostgreSQL, {@link compileMany}: the table has statistics on `substr(<time column>, 1, 7)` for each
   * time field (the statements of {@link statistics}; `SqlSource.pushDown` looks them up), so that one
   * scan can group by the months of all time fields. Without them PostgreSQL would expect one group per
   * row and sort every row, so it gets one scan per time field instead. Default: false.
   */
  readonly monthStatistics?: boolean | undefined
  /**
   * The as-of view: `fields` (the record's event fields, such as `closedAt`) read as NULL where their
   * date — the first ten characters — is after `date` (`YYYY-MM-DD`), as if they had not happened yet
   * (what `Records.asOf` of `@govplan/pillars` does in memory, so a mid-year scorecard does not count
   * later closures). Where such a field is a leaf's time and the period ends by the day after `date`,
   * the period's bounds already leave those rows out and the bare column (and its index) is used.
   *
   * @since 0.2.0
   */
  readonly asOf?: AsOf | undefined
}

/**
 * The as-of view of {@link CompileOptions.asOf}.
 *
 * @since 0.2.0
 */
export interface AsOf {
  /** The as-of date, `YYYY-MM-DD`. */
  readonly date: string
  /** The fields that are NULL when their date is after `date`. */
  readonly fields: ReadonlyArray<string>
}

/**
 * Options of {@link decodeRows}: the compile options (the dialect decides how numbers that come
 * back as strings are read; table and columns are not needed).
 *
 * @since 0.1.0
 */
export interface DecodeOptions {
  readonly dialect?: Dialect | undefined
  readonly table?: string | undefined
  readonly period: Period.Period
  readonly grain?: Period.Grain | undefined
  readonly by?: ReadonlyArray<string> | undefined
  readonly columns?: Readonly<Record<string, string>> | undefined
  readonly assessmentStartMonth?: number | undefined
}

/**
 * A compiled query: SQL text and its parameters, in order.
 *
 * @since 0.1.0
 */
export interface Compiled {
  readonly sql: string
  readonly params: ReadonlyArray<unknown>
}

/**
 * A query compiled by {@link compileMany}: `sql` and `params` are one statement (a `UNION ALL` when
 * there is more than one scan); `statements` are the same scans as separate statements, to run
 * concurrently. Either way, hand all the rows (in any order) to {@link decodeManyRows}.
 *
 * @since 0.1.0
 */
export interface CompiledMany extends Compiled {
  readonly statements: ReadonlyArray<CompiledStatement>
}

/**
 * One scan of {@link CompiledMany}: the time fields it reads and the KPIs whose leaves use them.
 *
 * @since 0.1.0
 */
export interface CompiledStatement extends Compiled {
  readonly times: ReadonlyArray<string>
  readonly kpiIds: ReadonlyArray<string>
}

/**
 * Compiles a definition into one parameterised query. Throws a `KpiError` (`InvalidIdentifier`)
 * naming the definition and field when a table or column name is not a plain identifier.
 *
 * @example
 * ```ts
 * import { Filter, Kpi, KpiSql } from "@govplan/kpi"
 * import { Period } from "@govplan/model"
 *
 * const closureRate = Kpi.define({
 *   id: "urban.hotline.closure-rate",
 *   name: "办结率",
 *   record: "hotline_order",
 *   measure: Kpi.ratio({
 *     numerator: Kpi.count({ time: "acceptedAt", where: Filter.eq("status", "办结") }),
 *     denominator: Kpi.count({ time: "acceptedAt" })
 *   })
 * })
 *
 * // PostgreSQL: $1, $2, … parameters; the record field acceptedAt is the column accepted_at
 * const { params, sql } = KpiSql.compile(closureRate, {
 *   dialect: "pg",
 *   table: "hotline_order",
 *   period: Period.year(2022),
 *   grain: "quarter",
 *   by: ["committee"],
 *   columns: { acceptedAt: "accepted_at" }
 * })
 * ```
 *
 * @since 0.1.0
 */
export const compile = (def: Definition, options: CompileOptions): Compiled => internal.compile(def, options)

/**
 * Compiles definitions of one record into one table scan. Every leaf measure (counts, sums, minima,
 * maxima, weighted means; a ratio's sides) is a conditional aggregate of the scan —
 * `COUNT(CASE WHEN <filter> THEN 1 END)`, `SUM(CASE WHEN <filter> THEN field END)`, `MIN(CASE …)`, a
 * weighted mean as one `COUNT(CASE WHEN <filter> AND field = ? THEN 1 END)` per weight key (Σ weight ×
 * count is summed exactly by the decoder, not as a floating-point `SUM` whose last bits depend on the
 * engine's plan) — and identical leaves and filters are computed once.
 *
 * The scan groups the rows by the month of each time field (`substr(time, 1, 7)`, as `m<t>`) and
 * keeps those with any time in the period (`time >= ? AND time < ? OR …`, which an index on each time
 * column serves); the decoder adds each group to the bucket of each of its months that lies in the
 * period. So 受理量 by acceptance month and 结案量 by closing month come from the same pass over the
 * table. A period that does not start and end on the first of a month adds `p<t>` (whether the time
 * lies in it). A time field with a distinct count (`COUNT(DISTINCT …)`: the members of a quarter are not
 * the sum of its months') gets a scan of its own, grouped by its `bucket`, with `t` its index.
 *
 * Every scan selects `t` (-1 for the shared scan), `g0…` (the `by` dimensions), `r<k>` per distinct
 * filter (rows matched), and per leaf `i` the columns its kind needs: `v<i>` (sum or distinct count),
 * `w<i>_<j>` (rows with the j-th weight key), `x<i>` (min or max).
 *
 * PostgreSQL cannot estimate how many months a time column has unless the table has statistics on the
 * month expressions ({@link statistics}, `monthStatistics`); without them it would sort every row, so
 * there each time field gets a scan of its own, grouped by its bucket (`t` its index).
 *
 * Throws a `KpiError`: `InvalidIdentifier` naming the KPI and field for a bad table or column name,
 * `InvalidOptions` for an empty list, definitions of different records or a repeated id.
 *
 * @example
 * ```ts
 * import Database from "better-sqlite3"
 * import { Filter, Kpi, KpiSql } from "@govplan/kpi"
 * import { Period } from "@govplan/model"
 *
 * const hotlineKpis = [
 *   Kpi.define({
 *     id: "urban.hotline.closure-rate",
 *     name: "办结率",
 *     record: "hotline_order",
 *     measure: Kpi.ratio({
 *       numerator: Kpi.count({ time: "closedAt", where: Filter.eq("status", "办结") }),
 *       denominator: Kpi.count({ time: "acceptedAt" })
 *     })
 *   }),
 *   Kpi.define({
 *     id: "urban.hotline.first-contact-rate",
 *     name: "先行联系率",
 *     record: "hotline_order",
 *     measure: Kpi.ratio({
 *       numerator: Kpi.count({ time: "acceptedAt", where: Filter.eq("contactedInTime", "是") }),
 *       denominator: Kpi.count({ time: "acceptedAt" })
 *     })
 *   })
 * ]
 *
 * const db = new Database(":memory:")
 * db.exec("CREATE TABLE hotline_order (acceptedAt TEXT, closedAt TEXT, status TEXT, contactedInTime TEXT)")
 * const insert = db.prepare("INSERT INTO hotline_order (acceptedAt, closedAt, status, contactedInTime) VALUES (?, ?, ?, ?)")
 * insert.run("2022-03-01 09:15:00", "2022-03-03 17:00:00", "办结", "是")
 * insert.run("2022-03-09 16:20:00", "2022-04-01 10:30:00", "办结", "否")
 * insert.run("2022-04-02 10:00:00", null, "处理中", "是")
 *
 * const options = { dialect: "sqlite", table: "hotline_order", period: Period.year(2022), grain: "month" } as const
 * // one scan (grouped by the month of closedAt and of acceptedAt) for four leaf measures; the shared count(by acceptedAt) is computed once
 * const { params, sql, statements } = KpiSql.compileMany(hotlineKpis, options)
 * const rows = db.prepare(sql).all(...params)
 * const results = KpiSql.decodeManyRows(hotlineKpis, rows, options)
 * // the same as Kpi.evaluate(hotlineKpis, …) and as compile + decodeRows per definition
 * statements.map((s) => s.times) // [["closedAt", "acceptedAt"]]: one statement (a distinct count would add one of its own)
 * ```
 *
 * @since 0.1.0
 */
export const compileMany = (defs: ReadonlyArray<Definition>, options: CompileOptions): CompiledMany =>
  internal.compileMany(defs, options)

/**
 * Turns the rows of a {@link compileMany} query (its `sql`, or all its `statements` together, in any
 * order) into `KpiResult`s, exactly as `Kpi.evaluate(defs, …)` reports the same data: per definition in
 * the given order, per group sorted, per bucket in time order. Pass the same definitions and options
 * as to `compileMany`. Throws a `KpiError` (`InvalidRows`) for rows that are not the query's.
 *
 * @since 0.1.0
 */
export const decodeManyRows = (
  defs: ReadonlyArray<Definition>,
  rows: Iterable<unknown>,
  options: DecodeOptions
): ReadonlyArray<KpiResult> => internal.decodeManyRows(defs, rows, options)

/**
 * Turns the rows of a compiled query into `KpiResult`s, exactly as `Kpi.evaluate` would report
 * the same data: every bucket of the period, groups sorted, zero denominators as "no data".
 * Numbers that drivers return as strings or bigints (PostgreSQL's `COUNT`, MySQL's `DECIMAL`) are
 * read as numbers. Throws a `KpiError` (`InvalidRows`) for rows that are not the query's.
 *
 * @since 0.1.0
 */
export const decodeRows = (
  def: Definition,
  rows: Iterable<unknown>,
  options: DecodeOptions
): ReadonlyArray<KpiResult> => internal.decodeRows(def, rows, options)

/**
 * Checks an identifier (a letter of any script or `_`, then letters, digits, `_` or `$`; at most 63
 * UTF-8 bytes for pg, 64 characters for mysql) and quotes it for a dialect; throws a `KpiError`
 * (`InvalidIdentifier`) otherwise.
 *
 * @since 0.1.0
 */
export const quoteIdentifier = (dialect: Dialect, name: string): string => internal.quoteIdentifier(dialect, name)

/**
 * Options of {@link statistics}.
 *
 * @since 0.1.0
 */
export interface StatisticsOptions {
  /** The table (or `schema.table`) holding the definitions' record. */
  readonly table: string
  /** Record field → column name, where they differ. */
  readonly columns?: Readonly<Record<string, string>> | undefined
  /** The statistics object's name (default `govplan_months_<table>`), in the table's schema. */
  readonly name?: string | undefined
}

/**
 * PostgreSQL statistics for {@link compileMany}'s scan, and the statements that create them.
 *
 * @since 0.1.0
 */
export interface Statistics {
  /** The month expression of each time field, as the scan groups by it: `substr("acceptedAt", 1, 7)`. */
  readonly expressions: ReadonlyArray<string>
  /** `CREATE STATISTICS IF NOT EXISTS … ON (…), (…) FROM …` and `ANALYZE …`. */
  readonly statements: ReadonlyArray<string>
}

/**
 * The PostgreSQL (14 or later) statistics that let the planner estimate {@link compileMany}'s groups:
 * one expression statistic per time field on its month, `substr(time, 1, 7)`. PostgreSQL keeps no
 * statistics on an expression unless asked, so it takes the time column's (nearly one distinct value
 * per row) for the month's, expects a group per row and sorts every row; with these statistics it
 * expects a dozen months per time field and hashes them in parallel. Run the statements once as the
 * table's owner (like creating an index; `ANALYZE`, and autovacuum after it, keep them current);
 * `SqlSource.pushDown` finds them and compiles with `monthStatistics: true`. Throws a `KpiError`
 * (`InvalidIdentifier`) for a bad table, column or statistics name — a long table name may need `name`.
 *
 * @example
 * ```ts
 * import { Filter, Kpi, KpiSql } from "@govplan/kpi"
 *
 * const closureRate = Kpi.define({
 *   id: "hotline.closure-rate",
 *   name: "办结率",
 *   record: "hotline_order",
 *   measure: Kpi.ratio({
 *     numerator: Kpi.count({ time: "closedAt", where: Filter.isNotNull("closedAt") }),
 *     denominator: Kpi.count({ time: "acceptedAt" })
 *   })
 * })
 * const { statements } = KpiSql.statistics([closureRate], { table: "hotline_order" })
 * // CREATE STATISTICS IF NOT EXISTS "govplan_months_hotline_order" ON (substr("closedAt", 1, 7)), (substr("acceptedAt", 1, 7)) FROM "hotline_order"
 * // ANALYZE "hotline_order"
 * ```
 *
 * @since 0.1.0
 */
export const statistics = (defs: ReadonlyArray<Definition>, options: StatisticsOptions): Statistics => internal.statistics(defs, options)
