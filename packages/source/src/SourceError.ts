/**
 * The one error every govplan source (CSV, SQL, HTTP, …) fails with.
 *
 * A `SourceError` has a literal `reason` and carries where it happened: the
 * source (a file name, a table, a URL), the row as a user sees it (for a CSV or
 * a spreadsheet the header is row 1, so the first record is row 2), or the page
 * and index of an API response, the column, the raw value and why.
 *
 * @since 0.1.0
 */
import { Schema } from "effect"

/**
 * Why a load failed.
 *
 * - `Io`: the file, socket or database could not be read.
 * - `Encoding`: the bytes are not text in the declared or detected encoding.
 * - `Header`: a required column is missing, or a mapped column appears twice.
 * - `Decode`: a row does not fit the record schema (fail-fast policy).
 * - `TooManyRejections`: more rows were rejected than the policy allows.
 * - `Limit`: a configured limit (bytes, rows, pages, cell size) was exceeded.
 * - `Http`, `Sql`: the driver's transport reported an error.
 * - `Config`: the load was configured wrongly (bad mapping, bad option).
 *
 * @since 0.1.0
 */
export const Reason = Schema.Literal(
  "Io",
  "Encoding",
  "Header",
  "Decode",
  "TooManyRejections",
  "Limit",
  "Http",
  "Sql",
  "Config"
)

/**
 * @since 0.1.0
 */
export type Reason = typeof Reason.Type

/**
 * Where in a source something is: the source, the row (or page and index), the column, the field it
 * maps to and the raw value. Errors and rejected rows (`LoadReport.Rejection`) both say it this way.
 *
 * @since 0.1.0
 */
export const Location = Schema.Struct({
  /** The source: a file path, a table, a URL. */
  source: Schema.String,
  /** The sheet of a workbook (`"1月"`), for sources that have several. */
  sheet: Schema.optional(Schema.String),
  /** The cell of a workbook in A1 notation (`"C17"`). */
  cell: Schema.optional(Schema.String),
  /** Row as a user sees it in a spreadsheet (header = row 1). */
  row: Schema.optional(Schema.Number),
  /** Page of a paginated API (1-based). */
  page: Schema.optional(Schema.Number),
  /** Index of the record within its page (0-based). */
  index: Schema.optional(Schema.Number),
  /** The column as the source names it (a header, a column name, a JSON key). */
  column: Schema.optional(Schema.String),
  /** The record field the column maps to. */
  field: Schema.optional(Schema.String),
  /** The raw value (cut to 200 characters). */
  value: Schema.optional(Schema.String)
})

/** @since 0.1.0 */
export type Location = typeof Location.Type

const fields = {
  reason: Reason,
  ...Location.fields,
  /** Why, in words. */
  detail: Schema.String,
  /** The underlying error, if any (an errno, a driver error). */
  cause: Schema.optional(Schema.Unknown)
}

/**
 * The error of every source.
 *
 * @example
 * ```ts
 * import { SourceError } from "@govplan/source"
 *
 * const e = new SourceError.SourceError({
 *   reason: "Header",
 *   source: "orders.csv",
 *   row: 1,
 *   column: "受理时间",
 *   detail: "required column is missing"
 * })
 * e.message // 'orders.csv: row 1, column "受理时间": required column is missing [Header]'
 * ```
 *
 * @since 0.1.0
 */
export class SourceError extends Schema.TaggedError<SourceError>("@govplan/source/SourceError")(
  "SourceError",
  fields
) {
  /**
   * A readable message naming source, position, column, value and why.
   *
   * @since 0.1.0
   */
  override get message(): string {
    return describe(this) + ` [${this.reason}]`
  }
}

/**
 * Where and what, in words: `orders.csv: row 12, column "受理时间" (acceptedAt), value "2022/2/30": …`; for a
 * workbook the sheet and the cell stand for the row: `台账.xlsx: sheet "3月", cell B17, column "受理时间" …`.
 *
 * @since 0.1.0
 */
export const describe = (at: {
  readonly source: string
  readonly sheet?: string | undefined
  readonly cell?: string | undefined
  readonly row?: number | undefined
  readonly page?: number | undefined
  readonly index?: number | undefined
  readonly column?: string | undefined
  readonly field?: string | undefined
  readonly value?: string | undefined
  readonly detail?: string | undefined
  readonly reason?: string | undefined
}): string => {
  const where: Array<string> = []
  if (at.sheet !== undefined) where.push(`sheet ${JSON.stringify(at.sheet)}`)
  if (at.cell !== undefined) where.push(`cell ${at.cell}`)
  else if (at.row !== undefined) where.push(`row ${at.row}`)
  if (at.page !== undefined) where.push(`page ${at.page}`)
  if (at.index !== undefined) where.push(`index ${at.index}`)
  if (at.column !== undefined) {
    where.push(
      `column ${JSON.stringify(at.column)}` +
        (at.field !== undefined && at.field !== at.column ? ` (${at.field})` : "")
    )
  } else if (at.field !== undefined) where.push(`field ${at.field}`)
  if (at.value !== undefined) where.push(`value ${JSON.stringify(at.value)}`)
  const why = at.detail ?? at.reason ?? ""
  return `${at.source}${where.length > 0 ? ": " + where.join(", ") : ""}: ${why}`
}

/**
 * Cuts a raw value for messages and reports (huge cells stay readable).
 *
 * @since 0.1.0
 */
export const showValue = (value: unknown, max = 200): string | undefined => {
  if (value === undefined) return undefined
  let s: string
  if (typeof value === "string") s = value
  else if (value === null) s = "null"
  else if (value instanceof Date) s = Number.isNaN(value.getTime()) ? "Invalid Date" : value.toISOString()
  else if (typeof value === "object") {
    try {
      s = JSON.stringify(value) ?? String(value)
    } catch {
      s = String(value)
    }
  } else s = String(value)
  return flatten(s.length > max ? `${s.slice(0, max)}… (${s.length} characters)` : s)
}

/**
 * A copy of a string that does not keep the text it was cut from alive (a cell sliced out of a
 * megabyte chunk would otherwise hold the whole chunk in memory for as long as a report keeps it).
 *
 * @since 0.1.0
 */
export const flatten = (s: string): string => (s.length < 13 ? s : (JSON.parse(JSON.stringify(s)) as string))
