/**
 * The SQL interpreter of KPI definitions: {@link compile} turns a definition into one parameterised
 * `SELECT` for SQLite, PostgreSQL or MySQL; run it with any driver and hand the rows to
 * {@link decodeRows}, which returns the same `KpiResult`s as `Kpi.evaluate` on the same rows.
 *
 * The query has one `UNION ALL` branch per distinct leaf measure (a ratio's numerator and
 * denominator are two branches, each with its own time field and filter). A branch selects
 * `leaf`, `bucket` (when a grain splits the period), `g0`, `g1`, … (the `by` dimensions), and the
 * aggregates `r` (rows matched), `n` (values counted), `v` (sum, distinct count or weight sum) and,
 * for each min/max leaf `i`, `x<i>` (its own column, so that PostgreSQL never unions text with numbers).
 *
 * - Times are civil-time strings stored as text: the period is `time >= start AND time < end`
 *   (index-friendly), the month bucket `substr(time, 1, 7)`, other grains a `CASE` on the bucket ends.
 * - Every table and column name is checked against `[A-Za-z_][A-Za-z0-9_]*` and quoted
 *   (`"…"` for sqlite and pg, `` `…` `` for mysql); every value is a bound parameter
 *   (`?` for sqlite and mysql, `$1, $2, …` for pg).
 * - Filters mean what they mean in memory: a comparison with `NULL` is false, and `NOT` is
 *   written `NOT COALESCE(…, FALSE)` so that it is the exact complement.
 * - In PostgreSQL compare text with the `"C"` collation (or store codes in ASCII) if a filter
 *   uses `<`/`>` on non-ASCII text; equality and civil-time comparisons are collation-proof.
 *
 * @example
 * ```ts
 * import Database from "better-sqlite3"
 * import { KpiSql } from "@govplan/kpi"
 * import { Period } from "@govplan/model"
 *
 * const options = { dialect: "sqlite", table: "hotline_order", period: Period.year(2022), grain: "month" } as const
 * const { params, sql } = KpiSql.compile(firstContactRate, options)
 * const rows = new Database("govplan.db").prepare(sql).all(...params)
 * const results = KpiSql.decodeRows(firstContactRate, rows, options)
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
 * Compiles a definition into one parameterised query. Throws a `KpiError` (`InvalidIdentifier`)
 * naming the definition and field when a table or column name is not a plain identifier.
 *
 * @example
 * ```ts
 * import { Filter, Kpi, KpiSql } from "@govplan/kpi"
 * import { Period } from "@govplan/model"
 *
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
 * Checks an identifier (`[A-Za-z_][A-Za-z0-9_]*`) and quotes it for a dialect; throws a `KpiError`
 * (`InvalidIdentifier`) otherwise.
 *
 * @since 0.1.0
 */
export const quoteIdentifier = (dialect: Dialect, name: string): string => internal.quoteIdentifier(dialect, name)
