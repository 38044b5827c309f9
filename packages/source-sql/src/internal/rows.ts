/**
 * Streaming raw rows out of any @effect/sql client.
 *
 * - PostgreSQL: a table through a cursor declared in SQL and fetched in batches as arrays; a query
 *   through the client's server-side cursor (`pg-cursor`, via `Statement.stream`).
 * - MySQL / MariaDB: the mysql2 row stream with pause/resume back-pressure (via `Statement.stream`).
 * - SQLite: @effect/sql-sqlite-node does not implement `stream`, so rows are read in pages: a table by
 *   `rowid` keyset (`WHERE rowid > ? ORDER BY rowid LIMIT n`, linear) as arrays, falling back to
 *   LIMIT/OFFSET for WITHOUT ROWID tables and views; a query by LIMIT/OFFSET over the query as a sub-select.
 *
 * @internal
 */
import type * as SqlClient from "@effect/sql/SqlClient"
import { TransactionConnection } from "@effect/sql/SqlClient"
import type { SqlError } from "@effect/sql/SqlError"
import type * as Statement from "@effect/sql/Statement"
import { SourceError } from "@govplan/source"
import { Chunk, Effect, Option, Stream } from "effect"
import type { Dialect } from "./identifier.js"

export const dialectOf = (sql: SqlClient.SqlClient): Dialect | "mssql" | "clickhouse" =>
  sql.onDialect({
    sqlite: () => "sqlite" as const,
    pg: () => "pg" as const,
    mysql: () => "mysql" as const,
    mssql: () => "mssql" as const,
    clickhouse: () => "clickhouse" as const
  })

export const sqlDetail = (e: SqlError): string => {
  const cause = e.cause as any
  const text = cause?.message ?? (typeof cause === "string" ? cause : undefined)
  return text ? `${e.message}: ${text}` : e.message
}

export const sqlError = (source: string, what: string, e: SqlError) =>
  new SourceError.SourceError({ reason: "Sql", source, detail: `${what}: ${sqlDetail(e)}`, cause: e })

export type RowSource =
  | {
    readonly _tag: "Table"
    /** quoted, validated */
    readonly table: string
    /**
     * quoted, validated select list; on SQLite and PostgreSQL one item per column of the header, in its
     * order (`NULL` for a column no field uses), so the rows come back as arrays of the header's width
     */
    readonly select: string
    /** quoted ORDER BY column, if any */
    readonly orderBy?: string | undefined
  }
  | { readonly _tag: "Query"; readonly statement: Statement.Statement<any> }
  | { readonly _tag: "Raw"; readonly text: string; readonly params: ReadonlyArray<unknown> }

/**
 * Rows as the driver gives them: arrays in the order of the select list (tables on SQLite and
 * PostgreSQL: no object per row, no lookup by name), or objects keyed by column name (queries, and
 * MySQL, whose client streams objects only). The arrays are the driver's own, fresh per row: the
 * caller may change them in place.
 */
export type Rows =
  | { readonly _tag: "Arrays"; readonly rows: Stream.Stream<Array<unknown>, SourceError.SourceError> }
  | { readonly _tag: "Objects"; readonly rows: Stream.Stream<Record<string, unknown>, SourceError.SourceError> }

// A query pasted from a console ends with ";" and maybe a comment: the ";" cannot stay inside the
// sub-select (the comment can, as the sub-select is closed on its own line).
const stripSemicolon = (text: string) => text.replace(/;((?:\s|--[^\n]*|\/\*[\s\S]*?\*\/)*)$/, "$1")

/** Pages of a query by LIMIT/OFFSET, as objects. */
const sqlitePaged = (
  sql: SqlClient.SqlClient,
  source: string,
  text: string,
  params: ReadonlyArray<unknown>,
  pageSize: number
): Stream.Stream<Record<string, unknown>, SourceError.SourceError> =>
  Stream.paginateChunkEffect(0, (offset) =>
    sql.unsafe<Record<string, unknown>>(
      `SELECT * FROM (\n${stripSemicolon(text)}\n) AS govplan_q LIMIT ? OFFSET ?`,
      [...params, pageSize, offset]
    ).pipe(
      Effect.mapError((e) => sqlError(source, "reading rows failed", e)),
      Effect.map((rows) =>
        [Chunk.unsafeFromArray(rows as Array<Record<string, unknown>>), rows.length < pageSize ? Option.none() : Option.some(offset + pageSize)] as const
      )
    ))

/** Pages of a SELECT by LIMIT/OFFSET, as arrays (`.values`: better-sqlite3's raw mode). */
const sqlitePagedValues = (
  sql: SqlClient.SqlClient,
  source: string,
  text: string,
  pageSize: number
): Stream.Stream<Array<unknown>, SourceError.SourceError> =>
  Stream.paginateChunkEffect(0, (offset) =>
    sql.unsafe(`${text} LIMIT ? OFFSET ?`, [pageSize, offset]).values.pipe(
      Effect.mapError((e) => sqlError(source, "reading rows failed", e)),
      Effect.map((rows) =>
        [Chunk.unsafeFromArray(rows as Array<Array<unknown>>), rows.length < pageSize ? Option.none() : Option.some(offset + pageSize)] as const
      )
    ))

/**
 * A table's rows on SQLite, as arrays: keyset pages over `rowid` (each page a seek, so reading is
 * linear), the rowid read as one more column and taken off each row; pages by LIMIT/OFFSET when the
 * rows are ordered by a column, or the table has no rowid (WITHOUT ROWID tables, views).
 */
const sqliteTable = (
  sql: SqlClient.SqlClient,
  source: string,
  table: string,
  select: string,
  orderBy: string | undefined,
  pageSize: number
): Stream.Stream<Array<unknown>, SourceError.SourceError> => {
  if (orderBy !== undefined) return sqlitePagedValues(sql, source, `SELECT ${select} FROM ${table} ORDER BY ${orderBy}`, pageSize)
  const probe = sql.unsafe(`SELECT rowid FROM ${table} LIMIT 0`).pipe(
    Effect.as(true),
    Effect.catchAll(() => Effect.succeed(false))
  )
  return Stream.unwrap(Effect.map(probe, (hasRowid) => {
    if (!hasRowid) return sqlitePagedValues(sql, source, `SELECT ${select} FROM ${table}`, pageSize)
    return Stream.paginateChunkEffect(null as number | null, (after) =>
      sql.unsafe(
        `SELECT ${select}, rowid FROM ${table}${after === null ? "" : " WHERE rowid > ?"} ORDER BY rowid LIMIT ?`,
        after === null ? [pageSize] : [after, pageSize]
      ).values.pipe(
        Effect.mapError((e) => sqlError(source, "reading rows failed", e)),
        Effect.map((values) => {
          const rows = values as Array<Array<unknown>>
          const last = rows.length > 0 ? Number(rows[rows.length - 1]![rows[0]!.length - 1]) : after
          for (let i = 0; i < rows.length; i++) rows[i]!.pop()
          return [Chunk.unsafeFromArray(rows), rows.length < pageSize ? Option.none() : Option.some(last)] as const
        })
      ))
  }))
}

let cursors = 0

/**
 * A SELECT's rows on PostgreSQL, as arrays, through a cursor declared in SQL (`DECLARE … NO SCROLL
 * CURSOR`, then `FETCH FORWARD n` until a short batch): `fetchSize` rows a round trip, as arrays
 * (`.values`), over the client's own connection API (`reserve`, `executeValues`). The client's
 * `Statement.stream` reads 128 rows a round trip as objects, which costs more than decoding them.
 * A cursor needs a transaction: inside the caller's (`sql.withTransaction`), the cursor lives there and
 * is closed at the end; otherwise on a reserved connection in a transaction of its own, rolled back at
 * the end (it only reads).
 */
const pgCursor = (
  sql: SqlClient.SqlClient,
  source: string,
  text: string,
  fetchSize: number
): Stream.Stream<Array<unknown>, SourceError.SourceError> =>
  Stream.unwrapScoped(Effect.gen(function*() {
    const fail = (what: string) => (e: SqlError) => sqlError(source, what, e)
    const outer = yield* Effect.serviceOption(TransactionConnection)
    const conn = Option.isSome(outer) ? outer.value[0] : yield* Effect.mapError(sql.reserve, fail("reading rows failed"))
    const run = (statement: string) => conn.executeValues(statement, [])
    const name = `govplan_cursor_${++cursors}`
    if (Option.isNone(outer)) {
      yield* Effect.mapError(run("BEGIN"), fail("reading rows failed"))
      yield* Effect.addFinalizer(() => Effect.ignore(run("ROLLBACK")))
    } else {
      yield* Effect.addFinalizer(() => Effect.ignore(run(`CLOSE ${name}`)))
    }
    yield* Effect.mapError(run(`DECLARE ${name} NO SCROLL CURSOR FOR ${text}`), fail("reading rows failed"))
    let done = false
    const fetch = run(`FETCH FORWARD ${fetchSize} FROM ${name}`)
    return Stream.repeatEffectChunkOption(Effect.suspend(() =>
      done ? Effect.fail(Option.none()) : fetch.pipe(
        Effect.mapError((e) => Option.some(sqlError(source, "reading rows failed", e))),
        Effect.flatMap((values) => {
          if (values.length < fetchSize) done = true
          return values.length === 0 ? Effect.fail(Option.none()) : Effect.succeed(Chunk.unsafeFromArray(values as Array<Array<unknown>>))
        })
      )
    ))
  }))

/**
 * Rows of a table or a query, streamed (never one array of the whole result). `pageSize` is the
 * number of rows a page (SQLite) or a cursor fetch (PostgreSQL) reads.
 */
export const streamRows = (
  sql: SqlClient.SqlClient,
  dialect: Dialect,
  source: string,
  from: RowSource,
  pageSize: number
): Rows => {
  if (dialect === "sqlite") {
    switch (from._tag) {
      case "Table":
        return { _tag: "Arrays", rows: sqliteTable(sql, source, from.table, from.select, from.orderBy, pageSize) }
      case "Query": {
        const [text, params] = from.statement.compile()
        return { _tag: "Objects", rows: sqlitePaged(sql, source, text, params, pageSize) }
      }
      case "Raw":
        return { _tag: "Objects", rows: sqlitePaged(sql, source, from.text, from.params, pageSize) }
    }
  }
  if (dialect === "pg" && from._tag === "Table") {
    const text = `SELECT ${from.select} FROM ${from.table}${from.orderBy !== undefined ? ` ORDER BY ${from.orderBy}` : ""}`
    return { _tag: "Arrays", rows: pgCursor(sql, source, text, pageSize) }
  }
  const statement = from._tag === "Table"
    ? sql.unsafe<Record<string, unknown>>(
      `SELECT ${from.select} FROM ${from.table}${from.orderBy !== undefined ? ` ORDER BY ${from.orderBy}` : ""}`
    )
    : from._tag === "Raw"
    ? sql.unsafe<Record<string, unknown>>(from.text, from.params)
    : from.statement
  return {
    _tag: "Objects",
    rows: Stream.mapError(statement.stream, (e) => sqlError(source, "reading rows failed", e)) as Stream.Stream<
      Record<string, unknown>,
      SourceError.SourceError
    >
  }
}
