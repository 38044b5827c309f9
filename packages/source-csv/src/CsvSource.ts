/**
 * Streaming CSV source: files and Node streams, UTF-8 (with or without BOM), GBK
 * and GB18030, comma, tab or semicolon, quoted fields with line breaks; rows
 * decoded against any record schema with row-exact rejections.
 *
 * Parsing is papaparse's parser, fed by a pull-based loop: the file is read
 * one chunk (256 KiB) at a time only when the downstream asks for more records,
 * so memory stays flat however large the file is.
 *
 * @since 0.1.0
 */
import { createReadStream } from "node:fs"
import { fileURLToPath } from "node:url"
import { Chunk, Effect, Stream } from "effect"
import Papa from "papaparse"
import { type LoadReport, Source, SourceError } from "@govplan/source"
import * as Text from "./internal/text.js"

/**
 * What a CSV can be read from: a file path or `file:` URL, the bytes, a Node
 * readable stream or any async iterable of bytes or strings, or `{ text }`.
 *
 * @since 0.1.0
 */
export type CsvInput =
  | string
  | URL
  | Uint8Array
  | NodeJS.ReadableStream
  | AsyncIterable<Uint8Array | string>
  | { readonly text: string }

/**
 * Options of {@link load}.
 *
 * @since 0.1.0
 */
export interface CsvOptions<A, I> extends Source.LoadOptions<A, I> {
  /** The name in reports and errors (default: the path, or `"<stream>"`, `"<bytes>"`, `"<text>"`). */
  readonly name?: string | undefined
  /**
   * `"auto"` (default): a byte-order mark, else UTF-8 if the first MiB is valid UTF-8, else GB18030.
   * Or any encoding iconv-lite knows: `"utf-8"`, `"gbk"`, `"gb18030"`, `"utf-16le"`, `"big5"` ….
   */
  readonly encoding?: string | undefined
  /** `"auto"` (default: comma, tab, semicolon or pipe, guessed from the first lines), or the delimiter. */
  readonly delimiter?: "auto" | "," | "\t" | ";" | "|" | (string & {}) | undefined
  /** The quote character (default `"`; a quote inside a quoted field is doubled). */
  readonly quoteChar?: string | undefined
  /** Column names for a file without a header row (its first line is then data, row 1). */
  readonly headers?: ReadonlyArray<string> | undefined
  /** Lines above the header to skip, e.g. a title row "2022年12345热线工单明细" (default 0). Rows keep their numbers. */
  readonly skipRows?: number | undefined
  /** The largest row, in characters, before the load fails with "Limit" (default 64 Mi: an unclosed quote in a large file). */
  readonly maxRowChars?: number | undefined
  /** Bytes read at a time (default 256 KiB: fewer rows alive at once is less work for the garbage collector). */
  readonly chunkBytes?: number | undefined
}

/**
 * The default largest row, in characters.
 *
 * @since 0.1.0
 */
export const DEFAULT_MAX_ROW_CHARS = 64 * 1024 * 1024

const DEFAULT_CHUNK = 256 * 1024

const isAsyncIterable = (u: unknown): u is AsyncIterable<unknown> =>
  typeof u === "object" && u !== null && Symbol.asyncIterator in u

const sourceName = (input: CsvInput, name: string | undefined): string => {
  if (name !== undefined) return name
  if (typeof input === "string") return input
  if (input instanceof URL) return input.protocol === "file:" ? fileURLToPath(input) : input.href
  if (input instanceof Uint8Array) return "<bytes>"
  if (!isAsyncIterable(input) && typeof input === "object" && "text" in input) return "<text>"
  return "<stream>"
}

async function* chunksOf(input: CsvInput, chunkBytes: number): AsyncGenerator<Uint8Array | string> {
  if (typeof input === "string" || input instanceof URL) {
    const stream = createReadStream(input, { highWaterMark: chunkBytes })
    try {
      for await (const c of stream) yield c as Uint8Array
    } finally {
      stream.destroy()
    }
    return
  }
  if (input instanceof Uint8Array) {
    for (let i = 0; i < input.length; i += chunkBytes) yield input.subarray(i, i + chunkBytes)
    return
  }
  if (isAsyncIterable(input)) {
    for await (const c of input as AsyncIterable<Uint8Array | string>) yield c
    return
  }
  const text = (input as { readonly text: string }).text
  for (let i = 0; i < text.length; i += chunkBytes) yield text.slice(i, i + chunkBytes)
}

/**
 * The most the parser takes at a time, in bytes or characters. The text of a piece stays a regular heap
 * object (under V8's 128 KiB limit, two bytes a character): a larger text is a large object, and the
 * cells papaparse slices from it make the young-generation collector promote every chunk it meets
 * (measured on 1M rows: twice the CPU time of parsing 32 KiB pieces of the same 256 KiB reads).
 */
const PARSE_PIECE = 32 * 1024

/** Splits what is read into pieces of at most {@link PARSE_PIECE} bytes or characters (views, not copies, for bytes). */
async function* sliced(chunks: AsyncIterable<Uint8Array | string>): AsyncGenerator<Uint8Array | string> {
  for await (const c of chunks) {
    if (c.length <= PARSE_PIECE) yield c
    else if (typeof c === "string") for (let i = 0; i < c.length; i += PARSE_PIECE) yield c.slice(i, i + PARSE_PIECE)
    else for (let i = 0; i < c.length; i += PARSE_PIECE) yield c.subarray(i, i + PARSE_PIECE)
  }
}

/**
 * The line break papaparse splits on: `\n` whenever the text has one (CRLF lines then leave a `\r`
 * that is removed from the last cell, and papaparse skips it after a closing quote, so CRLF, LF
 * and files that mix them all work), else `\r` (old Mac files).
 */
const guessNewline = (sample: string): "\n" | "\r" => (sample.includes("\n") || !sample.includes("\r") ? "\n" : "\r")

const DELIMITERS = [",", "\t", ";", "|"]

/** The delimiter that splits the first lines into the most consistent number of fields (papaparse's guess). */
const guessDelimiter = (sample: string, newline: string, quoteChar: string): string => {
  const lastBreak = sample.lastIndexOf(newline)
  const lines = lastBreak > 0 ? sample.slice(0, lastBreak) : sample
  const r = Papa.parse<Array<string>>(lines, { delimitersToGuess: DELIMITERS, newline: newline as "\n", quoteChar, preview: 20 })
  const d = r.meta.delimiter
  if (DELIMITERS.includes(d)) {
    // papaparse falls back to "," when nothing splits; prefer a candidate that splits the header at all
    const header = lines.split(newline, 1)[0] ?? ""
    if (header.includes(d)) return d
    const other = DELIMITERS.find((c) => header.includes(c))
    return other ?? d
  }
  return ","
}

const hasReplacement = (cells: ReadonlyArray<string>): number => {
  for (let i = 0; i < cells.length; i++) if (cells[i]!.includes("\uFFFD")) return i
  return -1
}

interface PapaError {
  readonly code: string
  readonly message: string
  readonly row?: number
}

/**
 * The raw rows of a CSV, in chunks as papaparse parses them: the header first (unless
 * `headers` are given), every row with its spreadsheet row number.
 *
 * @since 0.1.0
 */
export const rows = (input: CsvInput, options: Omit<CsvOptions<unknown, unknown>, "schema"> = {}): Stream.Stream<
  Source.RawRow,
  SourceError.SourceError
> => {
  const source = sourceName(input, options.name)
  const chunkBytes = options.chunkBytes ?? DEFAULT_CHUNK
  const maxRowChars = options.maxRowChars ?? DEFAULT_MAX_ROW_CHARS
  const quoteChar = options.quoteChar ?? "\""
  const skipRows = options.skipRows ?? 0
  const requested = options.encoding === undefined || options.encoding === "auto" ? undefined : Text.normalizeEncoding(options.encoding)
  const fail = (reason: SourceError.Reason, detail: string, extra: Partial<{ row: number; cause: unknown }> = {}) =>
    new SourceError.SourceError({ reason, source, detail, ...extra })

  async function* batches(): AsyncGenerator<Chunk.Chunk<Source.RawRow>> {
    if (requested !== undefined && !Text.isSupportedEncoding(requested)) {
      throw fail("Config", `unknown encoding ${JSON.stringify(options.encoding)} (try "utf-8", "gbk" or "gb18030")`)
    }
    const it = sliced(chunksOf(input, chunkBytes))[Symbol.asyncIterator]()
    try {
      yield* parseAll(it)
    } finally {
      // stopped early (a take, an error, an interruption) or done: close the file or stream
      await it.return?.(undefined)
    }
  }

  async function* parseAll(it: AsyncIterator<Uint8Array | string>): AsyncGenerator<Chunk.Chunk<Source.RawRow>> {
    let decoder: Text.Decoder | undefined
    let stringInput = false
    // --- encoding: gather the first chunk (at least 64 KiB when the stream gives less)
    const firstBytes: Array<Uint8Array> = []
    let firstLen = 0
    let firstText: string | undefined
    let ended = false
    while (firstLen < 65536) {
      const n = await it.next()
      if (n.done) {
        ended = true
        break
      }
      if (typeof n.value === "string") {
        stringInput = true
        firstText = (firstText ?? "") + n.value
        firstLen += n.value.length
      } else {
        firstBytes.push(n.value)
        firstLen += n.value.length
      }
    }
    let invalidSeen = false
    let text: string
    let encoding = "utf-16 (text)"
    if (stringInput) {
      text = firstText ?? ""
    } else {
      const first = firstBytes.length === 1 ? firstBytes[0]! : Buffer.concat(firstBytes)
      encoding = requested ?? Text.detectEncoding(first, ended)
      decoder = Text.makeDecoder(encoding)
      const r = decoder.write(first)
      text = r.text
      invalidSeen ||= r.invalid
      if (ended) {
        const e = decoder.end()
        text += e.text
        invalidSeen ||= e.invalid
      }
    }
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1)

    const newline = guessNewline(text.slice(0, 65536))
    const delimiter = options.delimiter === undefined || options.delimiter === "auto"
      ? guessDelimiter(text.slice(0, 65536), newline, quoteChar)
      : options.delimiter
    const parser = () => new Papa.Parser({ delimiter, newline: newline as "\n", quoteChar, escapeChar: quoteChar })

    const encodingHint = encoding === "utf-8"
      ? "bytes that are not valid UTF-8 (is the file GBK? pass encoding: \"gbk\")"
      : `bytes that are not valid ${encoding.toUpperCase()} (pass the right encoding option)`
    let recordIndex = 0 // records parsed so far, blank lines included (the header is record 0)
    let headerCells: ReadonlyArray<string> | undefined = options.headers

    const toRows = (data: Array<Array<string>>, errors: ReadonlyArray<PapaError>, checkInvalid: boolean): Chunk.Chunk<Source.RawRow> => {
      const problems = errors.length === 0 ? undefined : new Map<number, PapaError>()
      if (problems !== undefined) for (const e of errors) if (e.row !== undefined && !problems.has(e.row)) problems.set(e.row, e)
      const out: Array<Source.RawRow> = []
      for (let i = 0; i < data.length; i++) {
        const cells = data[i]!
        const idx = recordIndex++
        if (idx < skipRows) continue
        const row = idx + 1 // spreadsheet row: skipped lines and blank lines keep their numbers
        // a CRLF file parsed with "\n" leaves "\r" on the last cell; "\r\n" files keep it inside quoted cells only
        if (newline === "\n") {
          const last = cells.length - 1
          const lc = cells[last]!
          if (lc.length > 0 && lc.charCodeAt(lc.length - 1) === 13) cells[last] = lc.slice(0, -1)
        }
        if (headerCells === undefined) {
          if (cells.length === 1 && cells[0] === "") {
            out.push({ cells, row }) // a blank line above the header
            continue
          }
          const bad = hasReplacement(cells)
          if (bad >= 0) {
            throw fail("Encoding", `the header is not valid ${encoding.toUpperCase()}: ${JSON.stringify(cells[bad])} (pass the file's encoding, e.g. encoding: "gbk")`, { row })
          }
          headerCells = cells
          out.push({ cells, row })
          continue
        }
        const p = problems?.get(i)
        if (p !== undefined) {
          const at = cells.findIndex((c) => c.includes("\n") || c.includes("\r"))
          const reason = p.code === "MissingQuotes"
            ? "a quoted field is never closed: the rest of the file was read into this row"
            : `malformed quotes (${p.message})` +
              (at >= 0 ? `; the cell runs over ${cells[at]!.split(/\r\n|\r|\n/).length - 1} line breaks, rows below may be inside it` : "")
          const col = at >= 0 ? at : cells.length - 1
          out.push({ cells, row, problem: { reason, column: headerCells[col] ?? `column ${col + 1}`, value: SourceError.showValue(cells[col]) } })
          continue
        }
        if (checkInvalid) {
          const c = hasReplacement(cells)
          if (c >= 0) {
            out.push({ cells, row, problem: { reason: encodingHint, column: headerCells[c] ?? `column ${c + 1}`, value: SourceError.showValue(cells[c]) } })
            continue
          }
        }
        out.push({ cells, row })
      }
      return Chunk.unsafeFromArray(out)
    }

    // --- the parse loop: parse whole rows, carry the unfinished last row into the next chunk
    let partial = ""
    let pending: Array<string> = [text]
    let pendingLen = text.length
    for (;;) {
      if (!ended && pendingLen < partial.length) {
        // a very long row (a huge cell, or an unclosed quote): gather more before parsing again, so the
        // work stays linear in the row's length
      } else {
        const chunk = partial + pending.join("")
        pending = []
        pendingLen = 0
        const last = ended
        const r = parser().parse(chunk, 0, !last) as {
          data: Array<Array<string>>
          errors: Array<PapaError>
          meta: { cursor: number }
        }
        const checkInvalid = invalidSeen && chunk.includes("\uFFFD")
        if (last) {
          // the line break that ends the file does not start another row
          const tail = r.data[r.data.length - 1]
          if (tail !== undefined && tail.length === 1 && tail[0] === "") r.data.pop()
        }
        partial = last ? "" : chunk.slice(r.meta.cursor)
        if (r.data.length > 0) yield toRows(r.data, last ? r.errors : r.errors.filter((e) => e.code !== "MissingQuotes"), checkInvalid)
        if (last) break
        if (partial.length > maxRowChars) {
          throw fail(
            "Limit",
            `row ${recordIndex + 1} is longer than ${maxRowChars} characters: a quoted field is probably never closed (or raise maxRowChars)`,
            { row: recordIndex + 1 }
          )
        }
      }
      const n = await it.next()
      if (n.done) {
        ended = true
        if (decoder !== undefined) {
          const e = decoder.end()
          invalidSeen ||= e.invalid
          if (e.text.length > 0) {
            pending.push(e.text)
            pendingLen += e.text.length
          }
        }
        continue
      }
      let t: string
      if (typeof n.value === "string") t = n.value
      else {
        if (decoder === undefined) {
          encoding = requested ?? "utf-8"
          decoder = Text.makeDecoder(encoding)
        }
        const r = decoder.write(n.value)
        t = r.text
        invalidSeen ||= r.invalid
      }
      pending.push(t)
      pendingLen += t.length
    }
  }

  return Stream.fromAsyncIterable(batches(), (e): SourceError.SourceError => {
    if (e instanceof SourceError.SourceError) return e
    const err = e as NodeJS.ErrnoException
    return fail("Io", `cannot read ${source}: ${err?.code !== undefined ? err.code + " " : ""}${err?.message ?? String(e)}`, {
      cause: e
    })
  }).pipe(Stream.flattenChunks)
}

/**
 * Loads records from a CSV file or stream.
 *
 * @example
 * ```ts
 * import { Effect, Schema, Stream } from "effect"
 * import { Civil } from "@govplan/model"
 * import { ErrorPolicy, LoadReport } from "@govplan/source"
 * import { CsvSource } from "@govplan/source-csv"
 *
 * const HotlineOrder = Schema.Struct({
 *   orderId: Schema.String,
 *   acceptedAt: Civil.CivilDateTime,
 *   closedAt: Schema.NullOr(Civil.CivilDateTime)
 * })
 * const load = CsvSource.load("orders.csv", {
 *   schema: HotlineOrder,
 *   mapping: { 工单编号: "orderId", 受理时间: "acceptedAt", 办结时间: "closedAt" },
 *   policy: ErrorPolicy.collect({ max: 100 })
 * })
 * const program = Effect.gen(function*() {
 *   const closed = yield* load.records.pipe(Stream.filter((o) => o.closedAt !== null), Stream.runCount)
 *   const report = yield* load.report // { read, accepted, rejected, rejections, … }
 *   console.log(closed, LoadReport.format(report))
 * })
 * ```
 *
 * @since 0.1.0
 */
export const load = <A, I>(input: CsvInput, options: CsvOptions<A, I>): Source.Load<A> =>
  Source.decodeRows(rows(input, options), {
    source: sourceName(input, options.name),
    schema: options.schema,
    mapping: options.mapping,
    policy: options.policy,
    missing: options.missing,
    duplicates: options.duplicates,
    headers: options.headers
  })

/**
 * Promise facade: loads every record of a CSV and the report. Rejects with a
 * `SourceError` when the load fails (a missing column, fail-fast, too many rejections, I/O).
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { Civil } from "@govplan/model"
 *
 * const HotlineOrder = Schema.Struct({
 *   orderId: Schema.String,
 *   acceptedAt: Civil.CivilDateTime,
 *   closedAt: Schema.NullOr(Civil.CivilDateTime)
 * })
 * const mapping = { 工单编号: "orderId", 受理时间: "acceptedAt", 办结时间: "closedAt" }
 * import { CsvSource } from "@govplan/source-csv"
 *
 * const { records, report } = await CsvSource.loadPromise("orders.csv", { schema: HotlineOrder, mapping })
 * console.log(records.length, report.rejected)
 * ```
 *
 * @since 0.1.0
 */
export const loadPromise = <A, I>(
  input: CsvInput,
  options: CsvOptions<A, I>
): Promise<{ readonly records: Array<A>; readonly report: LoadReport.LoadReport }> => Source.loadAll(load(input, options))

/**
 * Promise facade: records as an async iterator, read as the loop asks (flat memory);
 * `report` resolves when the loop ends.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { Civil } from "@govplan/model"
 *
 * const HotlineOrder = Schema.Struct({
 *   orderId: Schema.String,
 *   acceptedAt: Civil.CivilDateTime,
 *   closedAt: Schema.NullOr(Civil.CivilDateTime)
 * })
 * const mapping = { 工单编号: "orderId", 受理时间: "acceptedAt", 办结时间: "closedAt" }
 * import { CsvSource } from "@govplan/source-csv"
 *
 * const orders = CsvSource.iterate("orders.csv", { schema: HotlineOrder, mapping })
 * let open = 0
 * for await (const o of orders) if (o.closedAt === null) open += 1
 * console.log(open, await orders.report)
 * ```
 *
 * @since 0.1.0
 */
export const iterate = <A, I>(
  input: CsvInput,
  options: CsvOptions<A, I>
): AsyncIterable<A> & { readonly report: Promise<LoadReport.LoadReport> } => Source.iterate(load(input, options))

/**
 * Runs `f` over every record in one pass and returns its result with the report (flat memory).
 *
 * @since 0.1.0
 */
export const fold = <A, I, S>(
  input: CsvInput,
  options: CsvOptions<A, I>,
  initial: S,
  f: (state: S, record: A) => S
): Effect.Effect<{ readonly state: S; readonly report: LoadReport.LoadReport }, SourceError.SourceError> =>
  Source.fold(load(input, options), initial, f)
