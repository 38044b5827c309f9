/**
 * Load records from SQL databases through any `@effect/sql` client — SQLite
 * (`@effect/sql-sqlite-node`), PostgreSQL (`@effect/sql-pg`), MySQL and MariaDB (`@effect/sql-mysql2`)
 * — and run KPIs on the database ("push-down").
 *
 * The package holds no driver: it takes the `SqlClient` from the context, so the application picks
 * and configures the driver (the split Effect itself uses between `@effect/sql` and its drivers).
 * {@link layerFromUrl} builds a client layer from a URL by importing only the driver the URL needs.
 *
 * - A **table** is read through a column mapping: the table name is validated and quoted, its columns
 *   are read from the catalog, the mapping is bound to them (missing or doubled columns fail before a
 *   row is read), and only the mapped columns are selected.
 * - A **query** is either a `Statement` built with the client's `sql` template (values are bound) or
 *   SQL text with its parameters in the driver's placeholder style; values are always bound.
 * - Rows are **streamed**: a cursor on PostgreSQL (for tables one declared in SQL and fetched
 *   `pageSize` rows a round trip as arrays; for queries the client's stream), the mysql2 row stream with
 *   back-pressure on MySQL/MariaDB, and pages on SQLite (whose Effect driver has no stream): `rowid`
 *   keyset paging for tables (as arrays), LIMIT/OFFSET for queries.
 * - Every row is decoded by `@govplan/source`'s row decoder under an `ErrorPolicy`; rejections name the
 *   source (table), the row (its position in the result, 1-based; stable when a `key` orders the rows), the
 *   column, the raw value and why. `read = accepted + rejected` always.
 *
 * @example
 * ```ts
 * import { SqliteClient } from "@effect/sql-sqlite-node"
 * import { Effect, Schema, Stream } from "effect"
 * import { SqlSource } from "@govplan/source-sql"
 *
 * const Order = Schema.Struct({ orderId: Schema.String, acceptedAt: Schema.String, rating: Schema.NullOr(Schema.String) })
 * const program = Effect.gen(function*() {
 *   // the seed database's columns are named like the fields; other tables map column → field:
 *   // mapping: { 工单编号: "orderId", 受理时间: "acceptedAt", 满意度: "rating" }
 *   const load = yield* SqlSource.table({ schema: Order, table: "hotline_order", key: "orderId" })
 *   const n = yield* Stream.runCount(load.records)
 *   const report = yield* load.report // read = accepted + rejected, the rejections by row and column
 *   return { n, report }
 * }).pipe(Effect.provide(SqliteClient.layer({ filename: "seeds/data/govplan.sqlite" })))
 *
 * const { n, report } = await Effect.runPromise(program)
 * console.log(n, report.read, report.accepted, report.rejected)
 * ```
 *
 * @since 0.1.0
 */
import * as SqlClient from "@effect/sql/SqlClient"
import type { SqlError } from "@effect/sql/SqlError"
import type * as Statement from "@effect/sql/Statement"
import { type Kpi, KpiSql } from "@govplan/kpi"
import { ColumnMapping, type LoadReport, RowDecoder, Source, SourceError } from "@govplan/source"
import { Cause, Chunk, Duration, Effect, Exit, Fiber, Layer, Option, Redacted, Scope, Stream } from "effect"
import * as Identifier from "./internal/identifier.js"
import { dialectOf, type Rows, type RowSource, sqlDetail, sqlError, streamRows } from "./internal/rows.js"

/**
 * The dialects the SQL source supports.
 *
 * @since 0.1.0
 */
export type Dialect = "sqlite" | "pg" | "mysql"

/**
 * Options common to table and query loads: the source contract's (`schema`, `mapping`, `policy`,
 * `missing`) and the SQL ones.
 *
 * @since 0.1.0
 */
export interface CommonOptions<A, I> extends Source.LoadOptions<A, I> {
  /**
   * A column that identifies a row (its primary key): table rows are read in its order (unless
   * `orderBy` says otherwise), so the row numbers in rejections are stable from one load to the next.
   */
  readonly key?: string | undefined
  /**
   * Rows per page on SQLite, and per fetch from a table's cursor on PostgreSQL (default 10000); MySQL
   * streams, as do queries on PostgreSQL.
   */
  readonly pageSize?: number | undefined
  /** The source name in reports and errors (default: the table, or `"query"`). */
  readonly source?: string | undefined
  /**
   * The longest wait for the database's next rows (the query's first rows included), after which the
   * load fails with a "Sql" `SourceError` instead of hanging on a stalled server or connection
   * (default 60 seconds; `Infinity` waits for ever).
   *
   * @since 0.2.0
   */
  readonly readTimeout?: Duration.DurationInput | undefined
}

/**
 * Options of {@link table}.
 *
 * @since 0.1.0
 */
export interface TableOptions<A, I> extends CommonOptions<A, I> {
  /** `table` or `schema.table`; letters (any script), digits, `_` and `$` only. */
  readonly table: string
  /** Order rows by this column (default: by `key` if given; else the database's order, `rowid` on SQLite). */
  readonly orderBy?: string | undefined
}

/**
 * A query: a `Statement` (from the client's `sql` template: values bound), a function building one
 * from the client, or SQL text in the driver's placeholder style (`?` for SQLite and MySQL, `$1` for
 * PostgreSQL) with its parameters.
 *
 * @since 0.1.0
 */
export type Query =
  | Statement.Statement<any>
  | ((sql: SqlClient.SqlClient) => Statement.Statement<any>)
  | { readonly sql: string; readonly params?: ReadonlyArray<unknown> | undefined }

/**
 * Options of {@link query}.
 *
 * @since 0.1.0
 */
export interface QueryOptions<A, I> extends CommonOptions<A, I> {
  readonly query: Query
}

const configError = (source: string, detail: string, extra: Partial<{ column: string; cause: unknown }> = {}) =>
  new SourceError.SourceError({ reason: "Config", source, detail, ...extra })

const resolveDialect = (sql: SqlClient.SqlClient, source: string) => {
  const d = dialectOf(sql)
  return d === "sqlite" || d === "pg" || d === "mysql"
    ? Effect.succeed(d)
    : Effect.fail(configError(source, `the SQL client's dialect ${d} is not supported (sqlite, pg and mysql are)`))
}

const checkIdentifier = (
  source: string,
  kind: "table" | "column",
  name: unknown,
  dialect: Dialect
): Effect.Effect<string, SourceError.SourceError> => {
  const r = kind === "table" ? Identifier.table(name, dialect) : Identifier.column(name, dialect)
  return r._tag === "Right" ? Effect.succeed(r.quoted) : Effect.fail(configError(source, r.message))
}

/** The columns of a table, from the catalog, in table order. */
const tableColumns = (
  sql: SqlClient.SqlClient,
  dialect: Dialect,
  source: string,
  table: string
): Effect.Effect<ReadonlyArray<string>, SourceError.SourceError> => {
  const dot = table.indexOf(".")
  const schema = dot >= 0 ? table.slice(0, dot) : null
  const name = dot >= 0 ? table.slice(dot + 1) : table
  const statement = dialect === "sqlite"
    ? sql.unsafe<{ name: string }>(`SELECT name FROM pragma_table_info(?, ?) ORDER BY cid`, [name, schema ?? "main"])
    : dialect === "pg"
    ? sql.unsafe<{ name: string }>(
      `SELECT column_name AS name FROM information_schema.columns WHERE table_schema = COALESCE($1::text, current_schema()) AND table_name = $2 ORDER BY ordinal_position`,
      [schema, name]
    )
    : sql.unsafe<{ name: string }>(
      "SELECT COLUMN_NAME AS name FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = COALESCE(?, DATABASE()) AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION",
      [schema, name]
    )
  return statement.pipe(
    Effect.mapError((e) => sqlError(source, `reading the columns of ${table} failed`, e)),
    Effect.flatMap((rows) =>
      rows.length === 0
        ? Effect.fail(
          new SourceError.SourceError({
            reason: "Sql",
            source,
            detail: `table ${JSON.stringify(table)} does not exist (or has no columns this user can see)`
          })
        )
        : Effect.succeed(rows.map((r) => String(r.name ?? (r as any).NAME)))
    )
  )
}

const pad = (n: number) => (n < 10 ? "0" + n : String(n))

/**
 * Driver values to cells: a `Date` (PostgreSQL `date`/`timestamp`, MySQL `DATE`/`DATETIME`, which the
 * drivers build from the stored wall-clock time in the process's zone) back to that civil wall-clock
 * string; a `bigint` to a number when it is exact.
 */
const cell = (v: unknown): unknown => {
  if (v instanceof Date) {
    if (Number.isNaN(v.getTime())) return v
    const date = `${v.getFullYear()}-${pad(v.getMonth() + 1)}-${pad(v.getDate())}`
    const h = v.getHours(), m = v.getMinutes(), s = v.getSeconds()
    return h === 0 && m === 0 && s === 0 && v.getMilliseconds() === 0 ? date : `${date} ${pad(h)}:${pad(m)}:${pad(s)}`
  }
  if (typeof v === "bigint") return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : String(v)
  return v
}

/** Driver values to cells, in place: see {@link cell}. Most values are strings, numbers or null, left as they are. */
const cellsInPlace = (row: Array<unknown>): Array<unknown> => {
  for (let i = 0; i < row.length; i++) {
    const v = row[i]
    if ((typeof v === "object" && v !== null) || typeof v === "bigint") row[i] = cell(v)
  }
  return row
}

/**
 * The contract's decoder over raw SQL rows: a header row first (the catalog's columns, or the query's),
 * then one raw row per database row, numbered from 1 in result order. Rows that come as arrays are in
 * the header's order already and become the cells themselves; rows that come as objects are read by
 * the header's names.
 */
const toLoad = <A, I>(
  options: CommonOptions<A, I>,
  source: string,
  rows: Effect.Effect<Rows, SourceError.SourceError>,
  headersOf: (first: Record<string, unknown> | undefined) => ReadonlyArray<string>
): Source.Load<A> => {
  const raw: Stream.Stream<Source.RawRow, SourceError.SourceError> = Stream.suspend(() => {
    let headers: ReadonlyArray<string> | undefined
    let n = 0
    const header = (first: Record<string, unknown> | undefined): Source.RawRow => {
      headers = headersOf(first)
      return { cells: headers }
    }
    const fromArrays = (chunk: Chunk.Chunk<Array<unknown>>): Chunk.Chunk<Source.RawRow> => {
      const input = Chunk.toReadonlyArray(chunk)
      const out: Array<Source.RawRow> = new Array(input.length + (headers === undefined ? 1 : 0))
      let j = 0
      if (headers === undefined) out[j++] = header(undefined)
      for (let i = 0; i < input.length; i++) out[j++] = { cells: cellsInPlace(input[i]!), row: ++n }
      return Chunk.unsafeFromArray(out)
    }
    const fromObjects = (chunk: Chunk.Chunk<Record<string, unknown>>): Chunk.Chunk<Source.RawRow> => {
      const out: Array<Source.RawRow> = []
      for (const row of chunk) {
        if (headers === undefined) out.push(header(row))
        const hs = headers!
        const width = hs.length
        const cells = new Array<unknown>(width)
        for (let i = 0; i < width; i++) cells[i] = cell(row[hs[i]!])
        out.push({ cells, row: ++n })
      }
      return Chunk.unsafeFromArray(out)
    }
    return Stream.unwrap(Effect.map(rows, (r) =>
      r._tag === "Arrays" ? Stream.mapChunks(r.rows, fromArrays) : Stream.mapChunks(r.rows, fromObjects))).pipe(
      Stream.concat(Stream.suspend(() => (headers === undefined ? Stream.make(header(undefined)) : Stream.empty)))
    )
  })
  const timeout = Duration.decode(options.readTimeout ?? DEFAULT_READ_TIMEOUT)
  const guarded = Duration.isFinite(timeout)
    ? withReadTimeout(raw, timeout, () =>
      new SourceError.SourceError({
        reason: "Sql",
        source,
        detail: `the database sent no rows for ${Duration.format(timeout)} (readTimeout): the server or the connection stalled`
      }))
    : raw
  return Source.decodeRows(guarded, {
    source,
    schema: options.schema,
    mapping: options.mapping,
    policy: options.policy,
    missing: options.missing,
    duplicates: options.duplicates,
    detectRepeatedHeader: false,
    // a row whose mapped columns are all NULL is still a row: decoded, never dropped as a blank line
    skipBlankRows: false
  })
}

const DEFAULT_READ_TIMEOUT = Duration.seconds(60)

/**
 * Fails the stream when one pull waits longer than `timeout`. The stalled pull is interrupted in the
 * background, and after a timeout the driver's resources are released in the background too: a
 * driver waiting on a dead connection (a cursor's close on PostgreSQL, a query stream on MySQL) never
 * answers, and the load must end all the same.
 */
const withReadTimeout = <A>(
  stream: Stream.Stream<A, SourceError.SourceError>,
  timeout: Duration.Duration,
  onTimeout: () => SourceError.SourceError
): Stream.Stream<A, SourceError.SourceError> =>
  Stream.unwrap(Effect.gen(function*() {
    const scope = yield* Scope.make()
    let timedOut = false
    const pull = yield* Scope.extend(Stream.toPull(stream), scope)
    const guarded = pull.pipe(
      Effect.disconnect,
      Effect.timeoutFail({
        duration: timeout,
        onTimeout: () => {
          timedOut = true
          return Option.some(onTimeout())
        }
      })
    )
    const release = Effect.suspend(() =>
      timedOut ? Effect.asVoid(Effect.forkDaemon(Scope.close(scope, Exit.void))) : Scope.close(scope, Exit.void)
    )
    return Stream.ensuring(Stream.repeatEffectChunkOption(guarded), release)
  }))

const pageSizeOf = (options: { readonly pageSize?: number | undefined }, source: string) => {
  const n = options.pageSize ?? 10_000
  return Number.isInteger(n) && n > 0 ? Effect.succeed(n) : Effect.fail(configError(source, `pageSize must be a positive integer, got ${n}`))
}

/**
 * Loads a table through a column mapping. The table name is validated and quoted; its columns are read
 * from the catalog and bound to the mapping before any row is read (a missing required column or two
 * columns for one field fail with a "Header" error); only the columns the mapping uses are selected.
 *
 * @example
 * ```ts
 * import { Effect, Schema } from "effect"
 * import { ErrorPolicy, Source } from "@govplan/source"
 * import { SqlSource } from "@govplan/source-sql"
 *
 * const Order = Schema.Struct({ orderId: Schema.String, acceptedAt: Schema.String })
 * const program = Effect.gen(function*() {
 *   const load = yield* SqlSource.table({
 *     schema: Order,
 *     table: "public.hotline_order",
 *     mapping: { order_id: "orderId", accepted_at: "acceptedAt" },
 *     key: "order_id",
 *     policy: ErrorPolicy.collect({ max: 100 })
 *   })
 *   return yield* Source.collect(load) // { records, report }
 * })
 * // Effect.provide(program, PgClient.layer({ url }))
 * ```
 *
 * @since 0.1.0
 */
export const table = <A, I>(options: TableOptions<A, I>): Effect.Effect<Source.Load<A>, never, SqlClient.SqlClient> =>
  Effect.map(SqlClient.SqlClient, (client) => {
    const source = options.source ?? String(options.table)
    const sql = client.withoutTransforms()
    // the header is the catalog's column list, known before the first row
    let columns: ReadonlyArray<string> | undefined
    const rows = Effect.gen(function*() {
      const dialect = yield* resolveDialect(sql, source)
      const quotedTable = yield* checkIdentifier(source, "table", options.table, dialect)
      if (options.key !== undefined) yield* checkIdentifier(source, "column", options.key, dialect)
      const orderColumn = options.orderBy ?? options.key
      const orderBy = orderColumn === undefined ? undefined : yield* checkIdentifier(source, "column", orderColumn, dialect)
      const pageSize = yield* pageSizeOf(options, source)
      const cols = yield* tableColumns(sql, dialect, source, options.table)
      for (const c of [options.key, orderColumn]) {
        if (c !== undefined && !cols.includes(c)) {
          return yield* Effect.fail(
            configError(source, `column ${JSON.stringify(c)} is not in table ${options.table} (its columns: ${cols.join(", ")})`, { column: c })
          )
        }
      }
      columns = cols
      // Select only the columns the mapping binds to (the decoder still sees the whole header, so it
      // reports the others as ignored). A mapping that does not bind reads no row: the decoder reports
      // the problem from the header alone.
      let used: ReadonlyArray<string> = cols
      try {
        const bound = RowDecoder.make(options.schema, { mapping: options.mapping, missing: options.missing }).bind(cols)
        if (bound instanceof RowDecoder.BindProblem) return { _tag: "Arrays", rows: Stream.empty } satisfies Rows
        used = bound.columns.map(([, name]) => name)
      } catch {
        // a schema the decoder cannot take: decodeRows reports it; select everything meanwhile
      }
      // catalog names are quoted with their quote character doubled: safe whatever they hold
      const quote = (name: string) => dialect === "mysql" ? "`" + name.replaceAll("`", "``") + "`" : "\"" + name.replaceAll("\"", "\"\"") + "\""
      // SQLite and PostgreSQL rows come as arrays that are the cells as they are: one item per column
      // of the header, NULL for those no field uses. MySQL rows come as objects: the used columns only.
      const usedSet = new Set(used)
      const select = dialect !== "mysql"
        ? cols.map((c) => (usedSet.has(c) ? quote(c) : "NULL")).join(", ")
        : used.length > 0
        ? used.map(quote).join(", ")
        : "1 AS govplan_nothing__"
      const from: RowSource = { _tag: "Table", table: quotedTable, select, orderBy }
      return streamRows(sql, dialect, source, from, pageSize)
    })
    return toLoad(options, source, rows, () => columns ?? [])
  })

/**
 * Loads the rows of a query, decoded like a table's: the result's column names are the columns the
 * mapping names (or the fields' own names). Values are always bound: build the query with the
 * client's `sql` template, or give SQL text with its parameters.
 *
 * @example
 * ```ts
 * import { Effect, Schema } from "effect"
 * import { Source } from "@govplan/source"
 * import { SqlSource } from "@govplan/source-sql"
 *
 * const Order = Schema.Struct({ orderId: Schema.String, acceptedAt: Schema.String })
 * const from = "2022-01-01"
 * const program = Effect.gen(function*() {
 *   const load = yield* SqlSource.query({
 *     schema: Order,
 *     query: (sql) => sql`SELECT order_id AS "orderId", accepted_at AS "acceptedAt" FROM hotline_order WHERE accepted_at >= ${from}`
 *   })
 *   return yield* Source.collect(load)
 * })
 * // or query: { sql: "SELECT … WHERE accepted_at >= ?", params: [from] } (SQLite, MySQL; $1 on PostgreSQL)
 * ```
 *
 * @since 0.1.0
 */
export const query = <A, I>(options: QueryOptions<A, I>): Effect.Effect<Source.Load<A>, never, SqlClient.SqlClient> =>
  Effect.map(SqlClient.SqlClient, (client) => {
    const source = options.source ?? "query"
    const rows = Effect.gen(function*() {
      const dialect = yield* resolveDialect(client, source)
      const pageSize = yield* pageSizeOf(options, source)
      const q = options.query
      const from: RowSource = typeof q === "function"
        ? { _tag: "Query", statement: q(client) }
        : "sql" in q && typeof q.sql === "string"
        ? { _tag: "Raw", text: q.sql, params: q.params ?? [] }
        : { _tag: "Query", statement: q as Statement.Statement<any> }
      return streamRows(client, dialect, source, from, pageSize)
    })
    // an empty result has no column names: bind to the columns the schema and mapping expect
    return toLoad(options, source, rows, (first) =>
      first === undefined ? ColumnMapping.expectedColumns(options.schema, options.mapping) : Object.keys(first))
  })

/**
 * Whether a PostgreSQL table has statistics objects on the month expression of every time field of the
 * definitions, as `KpiSql.statistics` creates them. Reads the definitions (`pg_statistic_ext`,
 * `pg_get_statisticsobjdef_expressions`, PostgreSQL 14 and later), which every role may read — the
 * statistics' data (`pg_stats_ext_exprs`) only the table's owner may, while the planner uses them for
 * every query. On an older server the answer is no.
 */
const hasMonthStatistics = (
  sql: SqlClient.SqlClient,
  defs: ReadonlyArray<Kpi.Definition>,
  options: PushDownOptions
): Effect.Effect<boolean> =>
  Effect.gen(function*() {
    // bad names are reported by the compiler, after this
    const { table, wanted } = yield* Effect.try(() => ({
      wanted: KpiSql.statistics(defs, { table: options.table, columns: options.columns, name: "govplan" }).expressions,
      table: options.table.split(".").map((part) => KpiSql.quoteIdentifier("pg", part)).join(".")
    }))
    const rows = yield* sql.unsafe<{ readonly expr: string }>(
      `SELECT unnest(pg_get_statisticsobjdef_expressions(s.oid)) AS expr FROM pg_statistic_ext s WHERE s.stxrelid = to_regclass($1)`,
      [table]
    )
    // PostgreSQL prints the expression back with quotes only where a name needs them
    const bare = (e: string) => e.replace(/["\s]/g, "")
    const have = new Set(rows.map((r) => bare(r.expr)))
    return wanted.every((e) => have.has(bare(e)))
  }).pipe(Effect.orElseSucceed(() => false))

/**
 * Options of {@link pushDown}: the `KpiSql.compileMany` options without the dialect (taken from the client).
 *
 * @since 0.1.0
 */
export interface PushDownOptions {
  readonly table: string
  /** The period (`Period.year(2022)` from `@govplan/model`): rows whose time lies in it count. */
  readonly period: Kpi.EvaluateOptions["period"]
  /** Buckets (`"month"`, `"quarter"`, `"year"`, `"assessmentYear"`); none: the whole period. */
  readonly grain?: Kpi.EvaluateOptions["grain"]
  readonly by?: ReadonlyArray<string> | undefined
  /** field → column, for columns not named like the fields */
  readonly columns?: Readonly<Record<string, string>> | undefined
  readonly assessmentStartMonth?: number | undefined
  /**
   * The as-of view (`KpiSql.CompileOptions.asOf`): event fields read as NULL where their date is after
   * the as-of date, as `Records.asOf` of `@govplan/pillars` gives the rows in memory.
   *
   * @since 0.2.0
   */
  readonly asOf?: KpiSql.AsOf | undefined
  /** scans (`KpiSql.compileMany`'s statements) run at once as separate statements (default 1: one statement; the pool decides how many connections) */
  readonly concurrency?: number | undefined
}

/**
 * Computes KPIs on the database: the definitions are compiled together by `KpiSql.compileMany` for
 * the client's dialect — one table scan grouped by the month of each time field, every leaf measure a
 * conditional aggregate of it (a time field with a distinct count gets a scan of its own) — run with
 * their values bound, and the rows turned into the same `KpiResult`s `Kpi.evaluate` returns for the
 * same rows, in the order of the list. With `concurrency` above 1 the scans run as separate statements
 * at once; otherwise as one statement. On PostgreSQL the one scan needs statistics on the months
 * (`KpiSql.statistics`); `pushDown` looks them up, and without them compiles one scan per time field.
 *
 * @example
 * ```ts
 * import { SqliteClient } from "@effect/sql-sqlite-node"
 * import { Effect } from "effect"
 * import { Filter, Kpi } from "@govplan/kpi"
 * import { Period } from "@govplan/model"
 * import { SqlSource } from "@govplan/source-sql"
 *
 * const hotlineKpis = [
 *   Kpi.define({ id: "hotline.orders", name: "受理工单数", record: "hotline_order", measure: Kpi.count({ time: "acceptedAt" }) }),
 *   Kpi.define({
 *     id: "hotline.first-contact-rate",
 *     name: "先行联系率",
 *     record: "hotline_order",
 *     measure: Kpi.ratio({
 *       numerator: Kpi.count({ time: "acceptedAt", where: Filter.eq("firstContact", "是") }),
 *       denominator: Kpi.count({ time: "acceptedAt" })
 *     })
 *   })
 * ]
 * const program = SqlSource.pushDown(hotlineKpis, { table: "hotline_order", period: Period.year(2022), grain: "month" })
 * // Effect<ReadonlyArray<KpiResult>, SourceError, SqlClient>: one result per KPI and month
 * const results = await Effect.runPromise(program.pipe(Effect.provide(SqliteClient.layer({ filename: "seeds/data/govplan.sqlite" }))))
 * ```
 *
 * @since 0.1.0
 */
export const pushDown = (
  defs: Kpi.Definition | ReadonlyArray<Kpi.Definition>,
  options: PushDownOptions
): Effect.Effect<ReadonlyArray<Kpi.KpiResult>, SourceError.SourceError, SqlClient.SqlClient> =>
  Effect.gen(function*() {
    const source = String(options.table)
    const sql = (yield* SqlClient.SqlClient).withoutTransforms()
    const dialect = yield* resolveDialect(sql, source)
    yield* checkIdentifier(source, "table", options.table, dialect)
    const list: ReadonlyArray<Kpi.Definition> = Array.isArray(defs) ? defs : [defs as Kpi.Definition]
    const compileOptions = {
      dialect,
      table: options.table,
      period: options.period,
      grain: options.grain,
      by: options.by,
      columns: options.columns,
      assessmentStartMonth: options.assessmentStartMonth,
      asOf: options.asOf
    }
    if (list.length === 0) return []
    // Definitions of one record with distinct ids compile together (KpiSql.compileMany): one scan
    // computes every leaf. Other records, or an id listed again, go to a chunk
    // of their own, so any list gives what per-definition queries gave, in the list's order.
    const chunks: Array<{ readonly record: string; readonly defs: Array<Kpi.Definition>; readonly ids: Set<string> }> = []
    const chunkOf = list.map((def) => {
      let c = chunks.findIndex((k) => k.record === def.record && !k.ids.has(def.id))
      if (c < 0) c = chunks.push({ record: def.record, defs: [], ids: new Set() }) - 1
      chunks[c]!.defs.push(def)
      chunks[c]!.ids.add(def.id)
      return c
    })
    // PostgreSQL: group by the bare month expressions where the table has statistics on them (KpiSql.statistics)
    const monthStatistics = dialect === "pg"
      ? yield* Effect.forEach(chunks, (chunk) => hasMonthStatistics(sql, chunk.defs, options))
      : chunks.map(() => false)
    const compiled = yield* Effect.forEach(chunks, (chunk, ci) =>
      Effect.try({
        try: () => KpiSql.compileMany(chunk.defs, { ...compileOptions, monthStatistics: monthStatistics[ci] }),
        catch: (cause) => {
          const message = String((cause as Error)?.message ?? cause)
          return configError(source, message.startsWith("KPI ") ? message : `KPI ${chunk.defs.map((d) => d.id).join(", ")}: ${message}`, { cause })
        }
      }))
    const concurrency = options.concurrency ?? 1
    // one statement per chunk (a UNION ALL of its scans), or with concurrency each scan on its own
    const queries = compiled.flatMap((c, ci) =>
      concurrency > 1 || c.statements.length === 1
        ? c.statements.map((s) => ({ chunk: ci, sql: s.sql, params: s.params, ids: s.kpiIds }))
        : [{ chunk: ci, sql: c.sql, params: c.params, ids: chunks[ci]!.defs.map((d) => d.id) }]
    )
    const rowsOf = chunks.map((): Array<unknown> => [])
    yield* Effect.forEach(queries, (query) =>
      sql.unsafe(query.sql, query.params).pipe(
        Effect.tap((rows) => {
          for (const row of rows) rowsOf[query.chunk]!.push(row)
        }),
        Effect.mapError((e: SqlError) =>
          new SourceError.SourceError({ reason: "Sql", source, detail: `KPI ${query.ids.join(", ")}: the query failed: ${sqlDetail(e)}`, cause: e })
        )
      ), { concurrency, discard: true })
    const decoded = yield* Effect.forEach(chunks, (chunk, ci) =>
      Effect.try({
        try: () => {
          const byId = new Map<string, Array<Kpi.KpiResult>>()
          for (const r of KpiSql.decodeManyRows(chunk.defs, rowsOf[ci]!, compileOptions)) {
            const rs = byId.get(r.kpiId)
            if (rs === undefined) byId.set(r.kpiId, [r])
            else rs.push(r)
          }
          return byId
        },
        catch: (cause) =>
          new SourceError.SourceError({
            reason: "Sql",
            source,
            detail: `KPI ${chunk.defs.map((d) => d.id).join(", ")}: unexpected rows from the database: ${String((cause as Error)?.message ?? cause)}`,
            cause
          })
      }))
    return list.flatMap((def, i) => decoded[chunkOf[i]!]!.get(def.id) ?? [])
  })

/**
 * A `SqlClient` layer from a URL, importing only the driver the URL needs (each driver is an optional
 * peer dependency; a missing one fails with the package to install):
 *
 * - `postgres://user:pass@host:5432/db` or `postgresql://…` → `@effect/sql-pg`
 * - `mysql://user:pass@host:3306/db` or `mariadb://…` → `@effect/sql-mysql2`
 * - `sqlite:path/to/file.db`, `file:path.db`, `sqlite::memory:`, or a path ending in `.db`, `.sqlite`,
 *   `.sqlite3` → `@effect/sql-sqlite-node`, opened **read-only**: a missing file is a "Config" error and
 *   is never created (`sqlite::memory:` is an empty in-memory database)
 *
 * Connecting takes at most `connectTimeout` (default 10 seconds) on PostgreSQL and MySQL/MariaDB.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { SqlSource } from "@govplan/source-sql"
 *
 * const layer = SqlSource.layerFromUrl(process.env.DATABASE_URL ?? "sqlite:seeds/data/govplan.sqlite")
 * // Effect.provide(program, layer)
 * ```
 *
 * @since 0.1.0
 */
export const layerFromUrl = (url: string, options: ConnectOptions = {}): Layer.Layer<SqlClient.SqlClient, SourceError.SourceError> =>
  Layer.unwrapEffect(Effect.gen(function*() {
    const connectTimeout = Duration.decode(options.connectTimeout ?? Duration.seconds(10))
    const fail = (detail: string, cause?: unknown) =>
      new SourceError.SourceError({ reason: "Config", source: redact(url), detail, ...(cause !== undefined ? { cause } : {}) })
    const load = <M>(pkg: string, importer: () => Promise<M>) =>
      Effect.tryPromise({
        try: importer,
        catch: (cause) => fail(`the URL needs the driver ${pkg}; install it (npm install ${pkg})`, cause)
      })
    // a driver that throws while connecting (a defect) fails like one that reports it
    const asSource = <E>(layer: Layer.Layer<SqlClient.SqlClient, E>) =>
      Layer.catchAllCause(layer, (cause) => {
        const e = Cause.squash(cause)
        return Layer.fail(fail(`cannot connect: ${String((e as any)?.cause?.message ?? (e as any)?.message ?? e)}`, e))
      })
    const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url)?.[1]?.toLowerCase()
    if (scheme === "postgres" || scheme === "postgresql") {
      const { PgClient } = yield* load("@effect/sql-pg", () => import("@effect/sql-pg"))
      return boundedRelease(asSource(PgClient.layer({ url: Redacted.make(url), connectTimeout })))
    }
    if (scheme === "mysql" || scheme === "mariadb") {
      const { MysqlClient } = yield* load("@effect/sql-mysql2", () => import("@effect/sql-mysql2"))
      const mysqlUrl = new URL(scheme === "mariadb" ? "mysql" + url.slice(7) : url)
      if (!mysqlUrl.searchParams.has("connectTimeout") && Duration.isFinite(connectTimeout)) {
        mysqlUrl.searchParams.set("connectTimeout", String(Duration.toMillis(connectTimeout)))
      }
      return boundedRelease(asSource(MysqlClient.layer({ url: Redacted.make(mysqlUrl.toString()) })))
    }
    const file = scheme === "sqlite" || scheme === "file"
      ? url.slice(scheme.length + 1).replace(/^\/\/(?=\/)/, "")
      : /\.(db|sqlite|sqlite3)$/i.test(url) || url === ":memory:" ? url : undefined
    if (file === undefined || file === "") {
      return yield* Effect.fail(fail(`unsupported database URL; use postgres://, mysql://, mariadb://, sqlite:FILE or a .db/.sqlite path`))
    }
    const { SqliteClient } = yield* load("@effect/sql-sqlite-node", () => import("@effect/sql-sqlite-node"))
    if (file === ":memory:") return asSource(SqliteClient.layer({ filename: file }))
    // read-only: never create the file, never write to it (no WAL switch either)
    const { existsSync, statSync } = yield* load("node:fs", () => import("node:fs"))
    if (!existsSync(file) || !statSync(file).isFile()) {
      return yield* Effect.fail(fail(`no SQLite database file at ${file} (sqlite: URLs are opened read-only and never create one)`))
    }
    return asSource(SqliteClient.layer({ filename: file, readonly: true, disableWAL: true }))
  }))

/**
 * A client layer whose release (closing the pool) takes at most two seconds: a pool with a connection
 * stuck on a dead or stalled network waits for it for ever, and a failed load must still end.
 */
const boundedRelease = <E>(layer: Layer.Layer<SqlClient.SqlClient, E>): Layer.Layer<SqlClient.SqlClient, E> =>
  Layer.scopedContext(Effect.gen(function*() {
    const scope = yield* Scope.make()
    // finalizers run uninterruptibly: the close runs in a fiber of its own, waited for (interruptibly) 2 s
    yield* Effect.addFinalizer((exit) =>
      Effect.flatMap(Effect.forkDaemon(Scope.close(scope, exit)), (closing) =>
        Effect.interruptible(Effect.timeout(Fiber.await(closing), Duration.seconds(2)))).pipe(Effect.ignore)
    )
    return yield* Layer.buildWithScope(layer, scope)
  }))

/**
 * Options of {@link layerFromUrl}.
 *
 * @since 0.2.0
 */
export interface ConnectOptions {
  /** The longest a connection to PostgreSQL or MySQL/MariaDB may take (default 10 seconds). */
  readonly connectTimeout?: Duration.DurationInput | undefined
}

const redact = (url: string) => url.replace(/\/\/([^:@/]+):([^@/]*)@/, "//$1:***@")

/**
 * The Promise facade for callers who do not use Effect: loads a table or a query to the end with a
 * client layer (or a URL for {@link layerFromUrl}) and resolves with the records and the report.
 * Rejects with the `SourceError`.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { SqlSource } from "@govplan/source-sql"
 *
 * const Order = Schema.Struct({ orderId: Schema.String })
 * const { records, report } = await SqlSource.loadPromise("sqlite:seeds/data/govplan.sqlite", {
 *   schema: Order,
 *   table: "hotline_order",
 *   mapping: { orderId: "orderId" }
 * })
 * ```
 *
 * @since 0.1.0
 */
export const loadPromise = <A, I>(
  client: string | Layer.Layer<SqlClient.SqlClient, unknown>,
  options: TableOptions<A, I> | QueryOptions<A, I>
): Promise<{ readonly records: ReadonlyArray<A>; readonly report: LoadReport.LoadReport }> => {
  const load = "query" in options ? query(options) : table(options)
  return runPromise(Effect.flatMap(load, Source.collect), client)
}

/**
 * {@link pushDown} as a Promise. Rejects with the `SourceError`.
 *
 * @example
 * ```ts
 * import { Filter, Kpi } from "@govplan/kpi"
 * import { Period } from "@govplan/model"
 * import { SqlSource } from "@govplan/source-sql"
 *
 * const firstContactRate = Kpi.define({
 *   id: "hotline.first-contact-rate",
 *   name: "先行联系率",
 *   record: "hotline_order",
 *   measure: Kpi.ratio({
 *     numerator: Kpi.count({ time: "acceptedAt", where: Filter.eq("firstContact", "是") }),
 *     denominator: Kpi.count({ time: "acceptedAt" })
 *   })
 * })
 * // or "postgres://user:pass@host:5432/govplan", "mysql://…"
 * const results = await SqlSource.pushDownPromise("sqlite:seeds/data/govplan.sqlite", firstContactRate, {
 *   table: "hotline_order",
 *   period: Period.year(2022),
 *   grain: "quarter"
 * })
 * for (const r of results) console.log(r.period, r.value) // 2022-Q1 0.95…
 * ```
 *
 * @since 0.1.0
 */
export const pushDownPromise = (
  client: string | Layer.Layer<SqlClient.SqlClient, unknown>,
  defs: Kpi.Definition | ReadonlyArray<Kpi.Definition>,
  options: PushDownOptions
): Promise<ReadonlyArray<Kpi.KpiResult>> => runPromise(pushDown(defs, options), client)

const runPromise = <A>(
  effect: Effect.Effect<A, SourceError.SourceError, SqlClient.SqlClient>,
  client: string | Layer.Layer<SqlClient.SqlClient, unknown>
): Promise<A> => Source.runPromise(Effect.provide(effect, typeof client === "string" ? layerFromUrl(client) : client))
