/**
 * Streaming raw rows out of any @effect/sql client.
 *
 * - PostgreSQL: a server-side cursor (`pg-cursor`, via `Statement.stream`).
 * - MySQL / MariaDB: the mysql2 row stream with pause/resume back-pressure (via `Statement.stream`).
 * - SQLite: @effect/sql-sqlite-node does not implement `stream`, so rows are read in pages: a table by
 *   `rowid` keyset (`WHERE rowid > ? ORDER BY rowid LIMIT n`, linear), falling back to LIMIT/OFFSET for
 *   WITHOUT ROWID tables and views; a query by LIMIT/OFFSET over the query as a sub-select.
 *
 * @internal
 */
import type * as SqlClient from "@effect/sql/SqlClient"
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
    /** quoted, validated select list */
    readonly select: string
    /** quoted ORDER BY column, if any */
    readonly orderBy?: string | undefined
  }
  | { readonly _tag: "Query"; readonly statement: Statement.Statement<any> }
  | { readonly _tag: "Raw"; readonly text: string; readonly params: ReadonlyArray<unknown> }

// A query pasted from a console ends with ";" and maybe a comment: the ";" cannot stay inside the
// sub-select (the comment can, as the sub-select is closed on its own line).
const stripSemicolon = (text: string) => text.replace(/;((?:\s|--[^\n]*|\/\*[\s\S]*?\*\/)*)$/, "$1")

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

const ROWID = "govplan_rowid__"

const sqliteTable = (
  sql: SqlClient.SqlClient,
  source: string,
  table: string,
  select: string,
  orderBy: string | undefined,
  pageSize: number
): Stream.Stream<Record<string, unknown>, SourceError.SourceError> => {
  if (orderBy !== undefined) {
    return sqlitePaged(sql, source, `SELECT ${select} FROM ${table} ORDER BY ${orderBy}`, [], pageSize)
  }
  // keyset over rowid; WITHOUT ROWID tables and views have none: fall back to OFFSET paging
  const probe = sql.unsafe(`SELECT rowid AS ${ROWID} FROM ${table} LIMIT 0`).pipe(
    Effect.as(true),
    Effect.catchAll(() => Effect.succeed(false))
  )
  return Stream.unwrap(Effect.map(probe, (hasRowid) => {
    if (!hasRowid) return sqlitePaged(sql, source, `SELECT ${select} FROM ${table}`, [], pageSize)
    return Stream.paginateChunkEffect(null as number | null, (after) =>
      sql.unsafe<Record<string, unknown>>(
        `SELECT rowid AS ${ROWID}, ${select} FROM ${table}${after === null ? "" : " WHERE rowid > ?"} ORDER BY rowid LIMIT ?`,
        after === null ? [pageSize] : [after, pageSize]
      ).pipe(
        Effect.mapError((e) => sqlError(source, "reading rows failed", e)),
        Effect.map((rows) => {
          const last = rows.length > 0 ? Number(rows[rows.length - 1]![ROWID]) : after
          for (const r of rows) delete (r as Record<string, unknown>)[ROWID]
          return [
            Chunk.unsafeFromArray(rows as Array<Record<string, unknown>>),
            rows.length < pageSize ? Option.none() : Option.some(last)
          ] as const
        })
      ))
  }))
}

/** Rows of a table or a query, streamed (never one array of the whole result). */
export const streamRows = (
  sql: SqlClient.SqlClient,
  dialect: Dialect,
  source: string,
  from: RowSource,
  pageSize: number
): Stream.Stream<Record<string, unknown>, SourceError.SourceError> => {
  if (dialect === "sqlite") {
    switch (from._tag) {
      case "Table":
        return sqliteTable(sql, source, from.table, from.select, from.orderBy, pageSize)
      case "Query": {
        const [text, params] = from.statement.compile()
        return sqlitePaged(sql, source, text, params, pageSize)
      }
      case "Raw":
        return sqlitePaged(sql, source, from.text, from.params, pageSize)
    }
  }
  const statement = from._tag === "Table"
    ? sql.unsafe<Record<string, unknown>>(
      `SELECT ${from.select} FROM ${from.table}${from.orderBy !== undefined ? ` ORDER BY ${from.orderBy}` : ""}`
    )
    : from._tag === "Raw"
    ? sql.unsafe<Record<string, unknown>>(from.text, from.params)
    : from.statement
  return Stream.mapError(statement.stream, (e) => sqlError(source, "reading rows failed", e)) as Stream.Stream<
    Record<string, unknown>,
    SourceError.SourceError
  >
}
