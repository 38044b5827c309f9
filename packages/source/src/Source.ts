/**
 * A load: a stream of decoded records plus the report of what was read.
 *
 * Drivers (CSV, SQL, HTTP) turn their input into a stream of {@link RawRow}s and
 * call {@link decodeRows}; this module does the rest for all of them: binding
 * the columns to the schema, the fast per-column decode, rejections, the error
 * policy and the report. Users get a {@link Load}: `records`, an Effect `Stream`,
 * and `report`, an Effect that completes with the {@link LoadReport.LoadReport}
 * once the stream has ended (normally, with an error or interrupted).
 *
 * @since 0.1.0
 */
import { Cause, Chunk, Deferred, Effect, Exit, FiberId, Option, type Schema, Stream } from "effect"
import * as ColumnMapping from "./ColumnMapping.js"
import * as ErrorPolicy from "./ErrorPolicy.js"
import type * as LoadReport from "./LoadReport.js"
import * as RowDecoder from "./RowDecoder.js"
import { flatten, SourceError, showValue } from "./SourceError.js"

/**
 * One row as a driver reads it: its cells in column order and where it is.
 *
 * @since 0.1.0
 */
export interface RawRow {
  readonly cells: ReadonlyArray<unknown>
  /** The row as a user sees it (spreadsheet row: the header is row 1). */
  readonly row?: number | undefined
  /** The sheet of a workbook the row is on (named in rejections). */
  readonly sheet?: string | undefined
  /**
   * The column letter of each cell (`["A", "B", "D"]` when C is left out, `""` for a cell the sheet does
   * not have), for workbooks: a rejection then names its cell (`D17`). Drivers share one array between
   * the rows of a sheet.
   */
  readonly columnLetters?: ReadonlyArray<string> | undefined
  /** Page of an API response (1-based) and index of the record in it (0-based). */
  readonly page?: number | undefined
  readonly index?: number | undefined
  /** A problem the driver found (bytes invalid in the encoding, an unterminated quote): the row is rejected with it. */
  readonly problem?: {
    readonly reason: string
    readonly column?: string | undefined
    readonly value?: string | undefined
  } | undefined
}

/**
 * A load: records as they are decoded, and the report once they have all been read.
 *
 * `records` is meant to be run once; `report` waits for that run to end and
 * then tells what it read (also after a failure or an interruption, with
 * `complete: false`).
 *
 * @since 0.1.0
 */
export interface Load<A> {
  readonly source: string
  readonly records: Stream.Stream<A, SourceError>
  readonly report: Effect.Effect<LoadReport.LoadReport>
}

/**
 * Options every source takes.
 *
 * @since 0.1.0
 */
export interface LoadOptions<A, I> {
  /** The record schema: a `Schema.Struct` (fast path) or a `Schema.Class`. */
  readonly schema: Schema.Schema<A, I, never>
  /** Column names → fields (default: each field by its own name). */
  readonly mapping?: ColumnMapping.ColumnMapping | undefined
  /** What to do with bad rows (default: collect them all, list the first 1000). */
  readonly policy?: ErrorPolicy.ErrorPolicy | undefined
  /** Cell values that mean "no value" (default `Coerce.defaultMissing`). */
  readonly missing?: ReadonlyArray<string> | undefined
  /**
   * What to do with a row whose key (the mapping's `key` columns, or a driver's record id such as
   * CKAN's `_id`) repeats an earlier accepted row's: `"reject"` (default) leaves it out, counted in
   * `duplicates` (`read = accepted + rejected + duplicates`) and listed in `duplicateRows`; `"keep"`
   * accepts it and lists it in `duplicateRows` as a warning.
   *
   * @since 0.2.0
   */
  readonly duplicates?: DuplicatePolicy | undefined
}

/**
 * The duplicate-key policy of a load (see {@link LoadOptions.duplicates}).
 *
 * @since 0.2.0
 */
export type DuplicatePolicy = "reject" | "keep"

/**
 * Options of {@link decodeRows}.
 *
 * @since 0.1.0
 */
export interface DecodeOptions<A, I> extends LoadOptions<A, I> {
  /** The source's name in reports and errors: a file name, a table, a URL. */
  readonly source: string
  /** The column names; when absent, the first row is the header. */
  readonly headers?: ReadonlyArray<string> | undefined
  /** Whether rows that repeat the header are rejected as such (default: when the header is the first row). */
  readonly detectRepeatedHeader?: boolean | undefined
  /**
   * Whether data rows whose cells are all empty are skipped uncounted (default `true`: a blank line in
   * a spreadsheet export is not a record). Sources where every row is a record — a database row or an
   * API record whose fields are all null — pass `false`, and such a row is decoded (and rejected if
   * the schema requires a field).
   */
  readonly skipBlankRows?: boolean | undefined
  /**
   * Columns of the source (not necessarily mapped) that identify a record on their own, checked for
   * repeats besides the mapping's key: an API's record id (`_id`), so a record delivered twice (an
   * overlapping page) is a duplicate even when the record type has no key.
   *
   * @since 0.2.0
   */
  readonly idColumns?: ReadonlyArray<string> | undefined
  /**
   * Called when the load ends: warnings of the driver about the load as a whole (a `total` that does
   * not match the records delivered), added to the report's `warnings`.
   *
   * @since 0.2.0
   */
  readonly warnings?: (() => ReadonlyArray<string>) | undefined
  /**
   * Called when the load ends: why the source has no data at all (a missing API resource), if so.
   *
   * @since 0.2.0
   */
  readonly noData?: (() => string | undefined) | undefined
}

class Tracker {
  read = 0
  accepted = 0
  rejected = 0
  readonly rejections: Array<LoadReport.Rejection> = []
  duplicates = 0
  readonly duplicateRows: Array<LoadReport.Rejection> = []
  warnings: ReadonlyArray<string> = []
  ignoredColumns: ReadonlyArray<string> = []
  /** Column name → index in the cells, for naming the cell of a rejection. */
  columnIndex: ReadonlyMap<string, number> = new Map()
  error: SourceError | undefined = undefined
  complete = false
  constructor(readonly source: string, readonly policy: ErrorPolicy.ErrorPolicy) {}

  private rejection(raw: RawRow, reason: string, column?: string, field?: string, value?: unknown): LoadReport.Rejection {
    const shown = showValue(value)
    const r: Record<string, unknown> = { source: this.source }
    if (raw.sheet !== undefined) r.sheet = raw.sheet
    if (raw.columnLetters !== undefined && raw.row !== undefined && column !== undefined) {
      const at = this.columnIndex.get(column)
      const letter = at === undefined ? undefined : raw.columnLetters[at]
      if (letter !== undefined && letter !== "") r.cell = `${letter}${raw.row}`
    }
    if (raw.row !== undefined) r.row = raw.row
    if (raw.page !== undefined) r.page = raw.page
    if (raw.index !== undefined) r.index = raw.index
    if (column !== undefined) r.column = column
    if (field !== undefined) r.field = field
    if (shown !== undefined) r.value = shown
    r.reason = reason
    return r as unknown as LoadReport.Rejection
  }

  /** A row whose key repeats: left out (`drop`) or kept with a warning. */
  duplicate(raw: RawRow, reason: string, drop: boolean, column?: string, value?: unknown): void {
    const keep = this.policy._tag === "FailFast" ? 1 : this.policy.keep
    const rejection = this.rejection(raw, reason, column, undefined, value)
    if (this.duplicateRows.length < keep) this.duplicateRows.push(rejection)
    if (!drop) return
    this.duplicates++
    if (this.policy._tag === "FailFast") this.error = new SourceError({ ...rejection, reason: "Decode", detail: reason })
  }

  reject(raw: RawRow, reason: string, column?: string, field?: string, value?: unknown): void {
    this.rejected++
    const keep = this.policy._tag === "FailFast" ? 1 : this.policy.keep
    const rejection = this.rejection(raw, reason, column, field, value)
    if (this.rejections.length < keep) this.rejections.push(rejection)
    if (this.policy._tag === "FailFast") {
      this.error = new SourceError({ ...rejection, reason: "Decode", detail: reason })
    } else if (this.rejected > this.policy.max) {
      this.error = new SourceError({
        reason: "TooManyRejections",
        source: this.source,
        ...(raw.sheet !== undefined ? { sheet: raw.sheet } : {}),
        ...(raw.row !== undefined ? { row: raw.row } : {}),
        ...(raw.page !== undefined ? { page: raw.page } : {}),
        ...(raw.index !== undefined ? { index: raw.index } : {}),
        detail: `${this.rejected} rows rejected, more than the ${this.policy.max} allowed; the first: ${
          this.rejections[0]?.reason ?? reason
        }`
      })
    }
  }

  report(): LoadReport.LoadReport {
    return {
      source: this.source,
      read: this.read,
      accepted: this.accepted,
      rejected: this.rejected,
      rejections: this.rejections.slice(),
      complete: this.complete,
      ignoredColumns: this.ignoredColumns,
      duplicates: this.duplicates,
      duplicateRows: this.duplicateRows.slice(),
      warnings: this.warnings
    }
  }
}

/** The keys seen so far of one key (a set of columns), with where each was first seen. */
class KeyIndex {
  /** key → where it was first seen: the row number, or the words for a row without one */
  private readonly seen = new Map<string, number | string>()
  constructor(readonly columns: ReadonlyArray<readonly [number, string]>) {}
  value(raw: RawRow): string {
    const cs = this.columns
    if (cs.length === 1) return keyCell(raw.cells[cs[0]![0]])
    let s = ""
    for (let i = 0; i < cs.length; i++) s += (i > 0 ? "\u001f" : "") + keyCell(raw.cells[cs[i]![0]])
    return s
  }
  /** Where the key of this row was first seen, or undefined (and the key is remembered). */
  see(raw: RawRow): string | undefined {
    const k = this.value(raw)
    if (k.length === 0 || (this.columns.length > 1 && k.length === this.columns.length - 1)) return undefined // no key: nothing to compare
    const before = this.seen.get(k)
    if (before !== undefined) return typeof before === "number" ? `row ${before}` : before
    // a number, not the words: a million rows' keys need no million strings besides
    this.seen.set(flatten(k), raw.row ?? where(raw))
    return undefined
  }
  explain(raw: RawRow, first: string, drop: boolean): string {
    const names = this.columns.map(([, n]) => n).join(" + ")
    const shown = this.columns.map(([i]) => JSON.stringify(keyCell(raw.cells[i]))).join(" + ")
    return `duplicate key ${names} = ${shown}, first seen at ${first}; ${drop ? "row left out" : "kept (duplicates: keep)"}`
  }
}

const keyCell = (c: unknown): string => (c == null ? "" : typeof c === "string" ? c.trim() : String(c))
const where = (raw: RawRow): string =>
  raw.row !== undefined ? `row ${raw.row}` : raw.page !== undefined ? `page ${raw.page}, index ${raw.index ?? 0}` : "an earlier row"

const isBlank = (cells: ReadonlyArray<unknown>): boolean => {
  for (let i = 0; i < cells.length; i++) {
    const c = cells[i]
    if (!(c === "" || c === undefined || c === null)) return false
  }
  return true
}

/**
 * Decodes a driver's raw rows into a {@link Load}: binds the columns, checks each
 * row with the schema's fast decoder, rejects bad rows by the policy and keeps the report.
 * Blank rows (every cell empty) are skipped and not counted, unless `skipBlankRows` is `false`.
 *
 * @example
 * ```ts
 * import { Schema, Stream } from "effect"
 * import { Source } from "@govplan/source"
 *
 * const Order = Schema.Struct({ orderId: Schema.String, rating: Schema.Number })
 * const rows = Stream.make(
 *   { cells: ["工单编号", "满意度"], row: 1 },
 *   { cells: ["A1", "98%"], row: 2 }
 * )
 * const load = Source.decodeRows(rows, { source: "demo", schema: Order, mapping: { 工单编号: "orderId", 满意度: "rating" } })
 * // load.records: Stream<{ orderId: string; rating: number }, SourceError>
 * ```
 *
 * @since 0.1.0
 */
export const decodeRows = <A, I>(
  rows: Stream.Stream<RawRow, SourceError>,
  options: DecodeOptions<A, I>
): Load<A> => {
  const source = options.source
  const policy = options.policy ?? ErrorPolicy.defaultPolicy
  const done = Deferred.unsafeMake<void>(FiberId.none)
  let latest: LoadReport.LoadReport | undefined
  let decoder: RowDecoder.RowDecoder<A> | SourceError
  try {
    decoder = RowDecoder.make(options.schema, { mapping: options.mapping, missing: options.missing })
  } catch (e) {
    decoder = new SourceError({ reason: "Config", source, detail: e instanceof Error ? e.message : String(e), cause: e })
  }
  const detectRepeated = options.detectRepeatedHeader ?? options.headers === undefined
  const duplicatePolicy = options.duplicates ?? "reject"
  const skipBlank = options.skipBlankRows ?? true

  const records: Stream.Stream<A, SourceError> = Stream.suspend(() => {
    const t = new Tracker(source, policy)
    const finish = Effect.sync(() => {
      if (options.warnings !== undefined) t.warnings = options.warnings()
      const noData = options.noData?.()
      latest = noData === undefined ? t.report() : { ...t.report(), noData }
      Deferred.unsafeDone(done, Exit.void)
    })
    if (decoder instanceof SourceError) return Stream.ensuring(Stream.fail(decoder), finish)
    const dec = decoder
    let bound: RowDecoder.BoundDecoder<A> | undefined
    const bindTo = (headers: ReadonlyArray<string>, at: RawRow | undefined): SourceError | undefined => {
      const b = dec.bind(headers)
      if (b instanceof RowDecoder.BindProblem) {
        return new SourceError({
          reason: b.reason,
          source,
          ...(at?.sheet !== undefined ? { sheet: at.sheet } : {}),
          ...(at?.row !== undefined ? { row: at.row } : {}),
          ...(b.column !== undefined ? { column: b.column } : {}),
          detail: b.detail
        })
      }
      bound = b
      t.ignoredColumns = b.ignoredColumns
      keys = []
      if (b.keyColumns.length > 0) keys.push(new KeyIndex(b.keyColumns))
      if (options.idColumns !== undefined) {
        const norm = headers.map((h) => ColumnMapping.normalizeName(h))
        for (const id of options.idColumns) {
          const at = norm.indexOf(ColumnMapping.normalizeName(id))
          if (at >= 0) keys.push(new KeyIndex([[at, headers[at]!]]))
        }
      }
      const columnIndex = new Map<string, number>()
      b.headers.forEach((h, i) => {
        if (!columnIndex.has(h)) columnIndex.set(h, i)
      })
      for (const [i, h] of b.columns) columnIndex.set(h, i)
      t.columnIndex = columnIndex
      return undefined
    }
    let keys: Array<KeyIndex> = []
    if (options.headers !== undefined) {
      const e = bindTo(options.headers, undefined)
      if (e !== undefined) return Stream.ensuring(Stream.fail(e), finish)
    }

    const process = (chunk: Chunk.Chunk<RawRow>): Chunk.Chunk<A> => {
      const input = Chunk.toReadonlyArray(chunk)
      const out: Array<A> = []
      for (let i = 0; i < input.length; i++) {
        const raw = input[i]!
        if (bound === undefined) {
          if (isBlank(raw.cells)) continue
          const e = bindTo(raw.cells.map((c) => (c == null ? "" : String(c))), raw)
          if (e !== undefined) {
            t.error = e
            break
          }
          continue
        }
        if (skipBlank && raw.problem === undefined && isBlank(raw.cells)) continue
        t.read++
        if (raw.problem !== undefined) {
          t.reject(raw, raw.problem.reason, raw.problem.column, undefined, raw.problem.value)
        } else if (detectRepeated && bound.isHeaderRow(raw.cells)) {
          t.reject(raw, "the header row repeats here (were two files joined?)", undefined, undefined, raw.cells.join(","))
        } else {
          const v = bound.decode(raw.cells)
          if (v instanceof RowDecoder.RowProblem) t.reject(raw, v.reason, v.column, v.field, v.value)
          else {
            let dropped = false
            for (let k = 0; k < keys.length; k++) {
              const seen = keys[k]!.see(raw)
              if (seen === undefined) continue
              const drop = duplicatePolicy === "reject"
              t.duplicate(raw, keys[k]!.explain(raw, seen, drop), drop, keys[k]!.columns[0]![1], keys[k]!.value(raw))
              dropped = drop
              break // one report per row, by the first key that repeats
            }
            if (!dropped) {
              t.accepted++
              out.push(v)
            }
          }
        }
        if (t.error !== undefined) break
      }
      return Chunk.unsafeFromArray(out)
    }

    return rows.pipe(
      Stream.chunks,
      Stream.map(process),
      Stream.takeUntil(() => t.error !== undefined),
      Stream.flattenChunks,
      Stream.concat(
        Stream.suspend(() => {
          if (t.error !== undefined) return Stream.fail(t.error)
          if (bound === undefined) {
            return Stream.fail(new SourceError({ reason: "Header", source, row: 1, detail: "the source is empty: no header row" }))
          }
          t.complete = true
          return Stream.empty
        })
      ),
      Stream.ensuring(finish)
    )
  })

  return {
    source,
    records,
    report: Effect.map(Deferred.await(done), () => latest!)
  }
}

/**
 * Runs a load to the end, collecting records and the report.
 *
 * @example
 * ```ts
 * import { Effect, Schema, Stream } from "effect"
 * import { Source } from "@govplan/source"
 *
 * const Order = Schema.Struct({ orderId: Schema.String, rating: Schema.Number })
 * const load = Source.decodeRows(
 *   Stream.make({ cells: ["工单编号", "满意度"], row: 1 }, { cells: ["A1", "98%"], row: 2 }),
 *   { source: "demo", schema: Order, mapping: { 工单编号: "orderId", 满意度: "rating" } }
 * )
 * const program = Effect.gen(function*() {
 *   const { records, report } = yield* Source.collect(load)
 *   console.log(records, report.read)
 * })
 * ```
 *
 * @since 0.1.0
 */
export const collect = <A>(
  load: Load<A>
): Effect.Effect<{ readonly records: Array<A>; readonly report: LoadReport.LoadReport }, SourceError> =>
  Effect.gen(function*() {
    const records: Array<A> = []
    yield* Stream.runForEachChunk(load.records, (c) =>
      Effect.sync(() => {
        for (const a of c) records.push(a)
      }))
    const report = yield* load.report
    return { records, report }
  })

/**
 * Folds a load in one pass (memory stays flat however large the source), then gives the report.
 *
 * @since 0.1.0
 */
export const fold = <A, S>(
  load: Load<A>,
  initial: S,
  f: (state: S, record: A) => S
): Effect.Effect<{ readonly state: S; readonly report: LoadReport.LoadReport }, SourceError> =>
  Effect.gen(function*() {
    let state = initial
    yield* Stream.runForEachChunk(load.records, (c) =>
      Effect.sync(() => {
        const arr = Chunk.toReadonlyArray(c)
        for (let i = 0; i < arr.length; i++) state = f(state, arr[i]!)
      }))
    const report = yield* load.report
    return { state, report }
  })

/**
 * Promise facade: every record and the report. Rejects with the `SourceError` when the load fails.
 *
 * @example
 * ```ts
 * import { Schema, Stream } from "effect"
 * import { Source } from "@govplan/source"
 *
 * const Order = Schema.Struct({ orderId: Schema.String, rating: Schema.Number })
 * const load = Source.decodeRows(
 *   Stream.make({ cells: ["工单编号", "满意度"], row: 1 }, { cells: ["A1", "98%"], row: 2 }),
 *   { source: "demo", schema: Order, mapping: { 工单编号: "orderId", 满意度: "rating" } }
 * )
 *
 * const { records, report } = await Source.loadAll(load)
 * console.log(records, report.read)
 * ```
 *
 * @since 0.1.0
 */
export const loadAll = <A>(load: Load<A>): Promise<{ readonly records: Array<A>; readonly report: LoadReport.LoadReport }> =>
  runPromise(collect(load))

/**
 * Runs an effect as a Promise that rejects with the effect's own error (a `SourceError`), not a
 * wrapper, so `catch (e) { e.reason }` works for callers who do not use Effect.
 *
 * @since 0.1.0
 */
export const runPromise = <A, E>(effect: Effect.Effect<A, E>): Promise<A> =>
  Effect.runPromiseExit(effect).then((exit) => {
    if (Exit.isSuccess(exit)) return exit.value
    const failure = Cause.failureOption(exit.cause)
    throw Option.isSome(failure) ? failure.value : Cause.squash(exit.cause)
  })

/**
 * Promise facade: records as an async iterator (`for await`), pulled as the loop asks for them;
 * `report` resolves when the iteration ends. A failed load throws its `SourceError` from the loop.
 *
 * @example
 * ```ts
 * import { Schema, Stream } from "effect"
 * import { Source } from "@govplan/source"
 *
 * const Order = Schema.Struct({ orderId: Schema.String, rating: Schema.Number })
 * const load = Source.decodeRows(
 *   Stream.make({ cells: ["工单编号", "满意度"], row: 1 }, { cells: ["A1", "98%"], row: 2 }),
 *   { source: "demo", schema: Order, mapping: { 工单编号: "orderId", 满意度: "rating" } }
 * )
 *
 * const it = Source.iterate(load)
 * for await (const order of it) console.log(order.orderId)
 * console.log(await it.report)
 * ```
 *
 * @since 0.1.0
 */
export const iterate = <A>(load: Load<A>): AsyncIterable<A> & { readonly report: Promise<LoadReport.LoadReport> } => {
  let reportPromise: Promise<LoadReport.LoadReport> | undefined
  return {
    [Symbol.asyncIterator]: (): AsyncIterator<A> => {
      const inner = Stream.toAsyncIterable(Stream.mapError(load.records, (e) => new Unwrapped(e)))[Symbol.asyncIterator]()
      const unwrap = (e: unknown): never => {
        throw e instanceof Unwrapped ? e.error : e
      }
      return {
        next: () => inner.next().catch(unwrap),
        return: (value?: unknown) =>
          inner.return !== undefined ? inner.return(value).catch(unwrap) : Promise.resolve({ done: true, value: undefined as unknown as A })
      }
    },
    get report() {
      reportPromise ??= Effect.runPromise(load.report)
      return reportPromise
    }
  }
}

class Unwrapped {
  constructor(readonly error: SourceError) {}
}
