/**
 * Streaming Excel source: .xlsx and .xlsm workbooks as the offices keep their ledgers (台账) and as
 * the 12345 platform exports them, decoded against any record schema with cell-exact rejections
 * (file, sheet, cell `C17`, value, reason).
 *
 * The workbook is read with yauzl (a zip archive read through its central directory, each part
 * inflated as a stream), saxes for the small parts and a byte-level SAX scanner for the sheets and
 * shared strings: a sheet is read `<row>` by `<row>` as
 * the downstream asks for records, so memory is bounded by the shared strings and the widest row,
 * not by the sheet.
 *
 * What it reads:
 * - title rows above the header (the header is the row naming the most known columns);
 * - two-row headers (a group label merged over its columns, their names below);
 * - several sheets of one record type (a sheet per month or per 居委): all read, in workbook order,
 *   their columns matched by name to the first sheet's; every rejection names its sheet;
 * - dates and times by their number format (Excel serials, the 1900 and 1904 date systems, the 1900
 *   leap-year bug), numbers (also numbers stored as text), shared and inline strings, booleans,
 *   formulas (their cached value; nothing is recomputed), hidden rows and columns (read, or skipped
 *   with `hidden: "skip"`), empty trailing rows (skipped);
 * - merged cells in the data: filled down (and across) from their top-left cell (`mergedCells`).
 *
 * @since 0.1.0
 */
import { fileURLToPath } from "node:url"
import { Chunk, type Effect, type Schema, Stream } from "effect"
import { ColumnMapping, type LoadReport, Source, SourceError } from "@govplan/source"
import * as Cells from "./internal/cells.js"
import * as Header from "./internal/header.js"
import * as Sheet from "./internal/sheet.js"
import * as Workbook from "./internal/workbook.js"
import * as Zip from "./internal/zip.js"

/**
 * What a workbook can be read from: a file path or `file:` URL, or its bytes.
 *
 * @since 0.1.0
 */
export type XlsxInput = string | URL | Uint8Array

/**
 * Options of {@link rows} (everything but the schema).
 *
 * @since 0.1.0
 */
export interface XlsxReadOptions {
  /** The name in reports and errors (default: the path, or `"<bytes>"`). */
  readonly name?: string | undefined
  /**
   * The sheets to read, in this order; each must exist. Default: every visible sheet whose header
   * names two known fields or more (a sheet per month or per committee; a notes sheet such as 填表说明
   * is passed over), or, when no sheet does, the last visible one (its missing columns are then reported).
   */
  readonly sheets?: ReadonlyArray<string> | undefined
  /** The (first) header row, 1-based, in every sheet read. Default: found among the first {@link XlsxReadOptions.headerScanRows} rows. */
  readonly headerRow?: number | undefined
  /** One header row or two (a merged group label above the names). Default: found. */
  readonly headerRows?: 1 | 2 | undefined
  /** How many rows from the top the header is looked for in (default 30). */
  readonly headerScanRows?: number | undefined
  /** Hidden rows and columns: `"read"` (default: hiding is how a sheet is shown, not what it holds) or `"skip"`. */
  readonly hidden?: "read" | "skip" | undefined
  /**
   * Merged cells below the header (a 居委 name merged down the block of rows it applies to):
   * `"fill"` (default) gives every cell of the range the value of its top-left cell, as Excel shows it;
   * `"leave"` reads the value in the top-left cell only (the others are empty). A row that is empty but
   * for merged cells reaching into it is still an empty row. To fill, a sheet's merge list (written after
   * its rows) is read first: one more inflating pass over the sheet, not parsed.
   *
   * @since 0.2.0
   */
  readonly mergedCells?: "fill" | "leave" | undefined
  /**
   * The column names the header is looked for by, or column name → field (a column and its aliases then
   * count once). Default for {@link load}: the mapping's columns and the schema's fields.
   */
  readonly knownColumns?: ReadonlyArray<string> | Readonly<Record<string, string>> | undefined
  /** The most bytes the archive may inflate to (default 4 GiB). */
  readonly maxUncompressedBytes?: number | undefined
  /** The most an entry over 16 MiB may inflate per compressed byte (default 1000: a zip bomb guard). */
  readonly maxCompressionRatio?: number | undefined
  /** The most shared strings (default 16,777,216). */
  readonly maxSharedStrings?: number | undefined
}

/**
 * Options of {@link load}.
 *
 * @since 0.1.0
 */
export interface XlsxOptions<A, I> extends Source.LoadOptions<A, I>, XlsxReadOptions {}

/**
 * The defaults of the limits.
 *
 * @since 0.1.0
 */
export const defaultLimits = {
  maxUncompressedBytes: 4 * 1024 * 1024 * 1024,
  maxCompressionRatio: 1000,
  maxSharedStrings: 16 * 1024 * 1024
} as const

const BATCH = 1024

const sourceName = (input: XlsxInput, name: string | undefined): string => {
  if (name !== undefined) return name
  if (typeof input === "string") return input
  if (input instanceof URL) return input.protocol === "file:" ? fileURLToPath(input) : input.href
  return "<bytes>"
}

const pathOrBytes = (input: XlsxInput): string | Uint8Array => (input instanceof URL ? fileURLToPath(input) : input)

/**
 * The worksheets of a workbook, in order, with whether each is hidden.
 *
 * @since 0.1.0
 */
export const sheets = async (input: XlsxInput, options: Pick<XlsxReadOptions, "name" | "maxUncompressedBytes" | "maxCompressionRatio"> = {}): Promise<
  ReadonlyArray<{ readonly name: string; readonly hidden: boolean }>
> => {
  const source = sourceName(input, options.name)
  const zip = await Zip.open(pathOrBytes(input), source, {
    maxUncompressedBytes: options.maxUncompressedBytes ?? defaultLimits.maxUncompressedBytes,
    maxCompressionRatio: options.maxCompressionRatio ?? defaultLimits.maxCompressionRatio
  })
  try {
    const wb = await Workbook.read(zip, source, { sharedStringsLimit: 0, sharedStrings: false })
    return wb.sheets.map((s) => ({ name: s.name, hidden: s.hidden }))
  } finally {
    zip.close()
  }
}

/**
 * The raw rows of a workbook: the header of the first sheet read, then the data rows of every sheet
 * read (their columns in the first sheet's order), each with its row number, sheet and column letters.
 *
 * @since 0.1.0
 */
export const rows = (input: XlsxInput, options: XlsxReadOptions = {}): Stream.Stream<Source.RawRow, SourceError.SourceError> => {
  const source = sourceName(input, options.name)
  const given = options.knownColumns ?? []
  const known = new Map<string, string>(
    Array.isArray(given)
      ? given.map((c: string) => [ColumnMapping.normalizeName(c), ColumnMapping.normalizeName(c)])
      : Object.entries(given).map(([c, f]) => [ColumnMapping.normalizeName(c), f])
  )
  // a sheet is taken for data when its header names this many fields (a notes sheet listing the
  // column names one per row names one a row)
  const enough = Math.min(2, new Set(known.values()).size)
  const scan = options.headerScanRows ?? 30
  const skipHidden = options.hidden === "skip"
  const fillMerged = options.mergedCells !== "leave"
  const headerOptions = { headerRow: options.headerRow, headerRows: options.headerRows }

  async function* batches(): AsyncGenerator<Chunk.Chunk<Source.RawRow>> {
    const zip = await Zip.open(pathOrBytes(input), source, {
      maxUncompressedBytes: options.maxUncompressedBytes ?? defaultLimits.maxUncompressedBytes,
      maxCompressionRatio: options.maxCompressionRatio ?? defaultLimits.maxCompressionRatio
    })
    try {
      const wb = await Workbook.read(zip, source, { sharedStringsLimit: options.maxSharedStrings ?? defaultLimits.maxSharedStrings, sharedStrings: true })
      const all = wb.sheets.map((s) => s.name)
      let selected: ReadonlyArray<Workbook.SheetInfo>
      if (options.sheets !== undefined) {
        selected = options.sheets.map((name) => {
          const s = wb.sheets.find((x) => x.name === name) ?? wb.sheets.find((x) => ColumnMapping.normalizeName(x.name) === ColumnMapping.normalizeName(name))
          if (s === undefined) {
            throw new SourceError.SourceError({
              reason: "Config",
              source,
              sheet: name,
              detail: `the workbook has no sheet ${JSON.stringify(name)}; its sheets: ${all.map((n) => JSON.stringify(n)).join(", ") || "none"}`
            })
          }
          return s
        })
      } else selected = wb.sheets.filter((s) => !s.hidden)
      if (selected.length === 0) {
        throw new SourceError.SourceError({ reason: "Header", source, detail: `the workbook has no visible worksheet (sheets: ${all.join(", ") || "none"})` })
      }
      // the output columns: the first sheet's names, and the letters of each sheet's cells for them
      let outNames: Array<string> | undefined
      for (let si = 0; si < selected.length; si++) {
        const sheet = selected[si]!
        const end: Sheet.SheetEnd = { merges: [], hiddenCols: new Set(), done: false }
        const it = Sheet.read(zip, wb, sheet, source, end)[Symbol.asyncIterator]()
        const buffered: Array<Sheet.SheetRow> = []
        let header: Header.Header | undefined
        let take: Array<number> = []
        let letters: Array<string> = []
        let width = 0
        const fail = (reason: SourceError.Reason, detail: string, extra: { row?: number; cell?: string; column?: string } = {}) =>
          new SourceError.SourceError({ reason, source, sheet: sheet.name, ...extra, detail })
        // merged ranges below the header, by their first row; those reaching the current row
        let fills: Array<Sheet.Merge> = []
        let nextFill = 0
        let active: Array<{ readonly m: Sheet.Merge; readonly value: string }> = []
        let premerges: Array<Sheet.Merge> | undefined
        const fill = (r: Sheet.SheetRow): void => {
          if (active.length > 0) active = active.filter((a) => a.m.r2 >= r.row)
          while (nextFill < fills.length && fills[nextFill]!.r1 <= r.row) {
            const m = fills[nextFill++]!
            if (m.r2 >= r.row) active.push({ m, value: m.r1 === r.row ? (r.cells[m.c1] ?? "") : "" })
          }
          if (active.length === 0) return
          // a row empty but for the merges reaching into it stays empty
          let own = false
          for (let i = 0; i < r.cells.length && !own; i++) own = r.cells[i] !== undefined && r.cells[i] !== ""
          if (!own) return
          const cells = r.cells
          for (const { m, value } of active) {
            if (value === "") continue
            for (let c = m.c1; c <= m.c2; c++) {
              if (r.row === m.r1 && c === m.c1) continue
              while (cells.length < c) cells.push("")
              cells[c] = value
            }
          }
        }
        const toRaw = (r: Sheet.SheetRow): Source.RawRow | undefined => {
          if (header === undefined || r.row < header.row + header.rows) return undefined
          if (fills.length > 0) fill(r)
          if (skipHidden && r.hidden) return undefined
          const cells = new Array<string>(take.length)
          for (let j = 0; j < take.length; j++) {
            const i = take[j]!
            cells[j] = i < 0 ? "" : (r.cells[i] ?? "")
          }
          let problem: Source.RawRow["problem"]
          if (r.problem !== undefined) {
            const j = take.indexOf(r.problem.col)
            if (j >= 0 || r.problem.col >= width) {
              problem = {
                reason: `${Cells.letters(r.problem.col)}${r.row}: ${r.problem.reason}`,
                column: j >= 0 && outNames![j] !== "" ? outNames![j] : `column ${Cells.letters(r.problem.col)}`,
                value: r.problem.value
              }
            }
          }
          if (problem === undefined && r.cells.length > width) {
            for (let i = width; i < r.cells.length; i++) {
              if (r.cells[i] !== undefined && r.cells[i] !== "" && !(skipHidden && end.hiddenCols.has(i))) {
                problem = {
                  reason: `${Cells.letters(i)}${r.row} holds a value but column ${Cells.letters(i)} has no header`,
                  column: `column ${Cells.letters(i)}`,
                  value: r.cells[i]
                }
                break
              }
            }
          }
          return { cells, row: r.row, sheet: sheet.name, columnLetters: letters, ...(problem !== undefined ? { problem } : {}) }
        }
        /** Decides the header from the buffered rows: false when the sheet is to be skipped. */
        const decide = async (last: boolean): Promise<boolean | Array<Source.RawRow>> => {
          header = Header.detect(buffered, known, headerOptions)
          const explicit = options.sheets !== undefined
          const lastChance = si === selected.length - 1 && outNames === undefined
          if (header === undefined) {
            if (explicit || lastChance) {
              if (!last || buffered.length > 0) throw fail("Header", `no header row found in the first ${scan} rows`)
              return false // an empty sheet
            }
            return false
          }
          if (header.known < enough && !explicit && !lastChance) return false
          if (fillMerged) {
            // the merges are known before the data rows go: to check the header and fill down
            const merges = end.done ? end.merges : (premerges = await Sheet.mergesOf(zip, sheet))
            const e = Header.checkMerges(header, merges, { source, sheet: sheet.name })
            if (e !== undefined) throw e
            const lastHeader = header.row + header.rows - 1
            fills = merges.filter((m) => m.r1 > lastHeader && (m.r2 > m.r1 || m.c2 > m.c1)).sort((x, y) => x.r1 - y.r1)
          }
          const names = header.names
          width = names.length
          while (width > 0 && (names[width - 1] ?? "") === "") width--
          const out: Array<Source.RawRow> = []
          if (outNames === undefined) {
            take = []
            for (let i = 0; i < width; i++) if (!(skipHidden && end.hiddenCols.has(i))) take.push(i)
            outNames = take.map((i) => names[i] ?? "")
            letters = take.map((i) => Cells.letters(i))
            out.push({ cells: outNames, row: header.row + header.rows - 1, sheet: sheet.name, columnLetters: letters })
          } else {
            const here = new Map<string, number>()
            for (let i = width - 1; i >= 0; i--) if ((names[i] ?? "") !== "") here.set(ColumnMapping.normalizeName(names[i]!), i)
            take = outNames.map((n) => (n === "" ? -1 : here.get(ColumnMapping.normalizeName(n)) ?? -1))
            const missing = outNames.filter((n, j) => take[j]! < 0 && n !== "" && known.has(ColumnMapping.normalizeName(n)))
            if (missing.length > 0) {
              throw fail("Header", `the sheet has no column${missing.length > 1 ? "s" : ""} ${missing.join(", ")} (sheet ${JSON.stringify(selected[0]!.name)} has; the sheets of one record type must have the same columns)`, { row: header.row })
            }
            letters = take.map((i) => (i < 0 ? "" : Cells.letters(i)))
          }
          for (const r of buffered) {
            const raw = toRaw(r)
            if (raw !== undefined) out.push(raw)
          }
          buffered.length = 0
          return out
        }
        let skipped = false
        for (;;) {
          const n = await it.next()
          if (n.done === true) break
          if (header !== undefined) {
            const out: Array<Source.RawRow> = []
            for (const r of n.value) {
              const raw = toRaw(r)
              if (raw !== undefined) out.push(raw)
            }
            for (let i = 0; i < out.length; i += BATCH) yield Chunk.unsafeFromArray(out.slice(i, i + BATCH))
            continue
          }
          for (const r of n.value) buffered.push(r)
          if (buffered.length >= scan) {
            const d = await decide(false)
            if (d === false) {
              skipped = true
              await it.return?.(undefined)
              break
            }
            if (Array.isArray(d) && d.length > 0) yield Chunk.unsafeFromArray(d)
          }
        }
        if (!skipped && header === undefined) {
          const d = await decide(true)
          if (Array.isArray(d) && d.length > 0) yield Chunk.unsafeFromArray(d)
        }
        if (header !== undefined && !skipped) {
          const e = Header.checkMerges(header, end.merges, { source, sheet: sheet.name })
          if (e !== undefined) throw e
          if (premerges !== undefined && premerges.map((m) => m.ref).join(" ") !== end.merges.map((m) => m.ref).join(" ")) {
            throw fail("Encoding", `the sheet's merged cells could not be read ahead of its rows (found ${premerges.length}, the sheet lists ${end.merges.length}): read it with mergedCells: "leave"`)
          }
        }
      }
    } finally {
      zip.close()
    }
  }

  return Stream.fromAsyncIterable(batches(), (e): SourceError.SourceError => {
    if (e instanceof SourceError.SourceError) return e
    const err = e as NodeJS.ErrnoException
    return new SourceError.SourceError({
      reason: "Io",
      source,
      detail: `cannot read ${source}: ${err?.code !== undefined ? err.code + " " : ""}${err?.message ?? String(e)}`,
      cause: e
    })
  }).pipe(Stream.flattenChunks)
}

/** Column name → field: the mapping's columns, and every field by its own name. */
const knownOf = (schema: Schema.Schema.Any, mapping: ColumnMapping.ColumnMapping | undefined): Record<string, string> => {
  const known: Record<string, string> = {}
  for (const [column, entry] of Object.entries(mapping ?? {})) known[column] = ColumnMapping.spec(entry).field
  for (const c of ColumnMapping.expectedColumns(schema, mapping)) known[c] ??= c
  const ast = schema.ast
  if (ast._tag === "TypeLiteral") for (const p of ast.propertySignatures) known[String(p.name)] ??= String(p.name)
  return known
}

/**
 * Loads records from a workbook.
 *
 * @example
 * ```ts
 * import { Effect, Schema, Stream } from "effect"
 * import { ErrorPolicy, LoadReport } from "@govplan/source"
 * import { XlsxSource } from "@govplan/source-xlsx"
 *
 * const HotlineOrder = Schema.Struct({ orderId: Schema.String, acceptedAt: Schema.String, rating: Schema.NullOr(Schema.String) })
 * const load = XlsxSource.load("12345工单.xlsx", {
 *   schema: HotlineOrder,
 *   mapping: { 工单编号: "orderId", 受理时间: "acceptedAt", 满意度: "rating" },
 *   policy: ErrorPolicy.collect({ max: 100 })
 * })
 * const program = Effect.gen(function*() {
 *   const rated = yield* load.records.pipe(Stream.filter((o) => o.rating !== null), Stream.runCount)
 *   const report = yield* load.report // a rejection: { source, sheet: "3月", cell: "B17", row: 17, column: "受理时间", value, reason }
 *   console.log(rated, LoadReport.format(report))
 * })
 * ```
 *
 * @since 0.1.0
 */
export const load = <A, I>(input: XlsxInput, options: XlsxOptions<A, I>): Source.Load<A> =>
  Source.decodeRows(
    rows(input, {
      ...options,
      knownColumns: options.knownColumns ?? knownOf(options.schema, options.mapping)
    }),
    {
      source: sourceName(input, options.name),
      schema: options.schema,
      mapping: options.mapping,
      policy: options.policy,
      missing: options.missing
    }
  )

/**
 * Promise facade: every record of a workbook and the report. Rejects with a `SourceError` when the
 * load fails (not a workbook, a missing sheet or column, a limit, fail-fast, too many rejections).
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { XlsxSource } from "@govplan/source-xlsx"
 *
 * const Order = Schema.Struct({ orderId: Schema.String, acceptedAt: Schema.String })
 * const { records, report } = await XlsxSource.loadPromise("12345工单.xlsx", {
 *   schema: Order,
 *   mapping: { 工单编号: "orderId", 受理时间: "acceptedAt" }
 * })
 * console.log(records.length, report.rejected)
 * ```
 *
 * @since 0.1.0
 */
export const loadPromise = <A, I>(
  input: XlsxInput,
  options: XlsxOptions<A, I>
): Promise<{ readonly records: Array<A>; readonly report: LoadReport.LoadReport }> => Source.loadAll(load(input, options))

/**
 * Promise facade: records as an async iterator, read as the loop asks (flat memory); `report`
 * resolves when the loop ends.
 *
 * @since 0.1.0
 */
export const iterate = <A, I>(
  input: XlsxInput,
  options: XlsxOptions<A, I>
): AsyncIterable<A> & { readonly report: Promise<LoadReport.LoadReport> } => Source.iterate(load(input, options))

/**
 * Runs `f` over every record in one pass and returns its result with the report (flat memory).
 *
 * @since 0.1.0
 */
export const fold = <A, I, S>(
  input: XlsxInput,
  options: XlsxOptions<A, I>,
  initial: S,
  f: (state: S, record: A) => S
): Effect.Effect<{ readonly state: S; readonly report: LoadReport.LoadReport }, SourceError.SourceError> =>
  Source.fold(load(input, options), initial, f)
