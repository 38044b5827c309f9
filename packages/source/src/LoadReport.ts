/**
 * What a load did: rows read, accepted and rejected, and why each rejected row was.
 *
 * The counts are always exact and always add up: `read = accepted + rejected + duplicates`.
 * The list of rejections is capped (see `ErrorPolicy.collect`); `rejected`
 * still counts every one.
 *
 * @since 0.1.0
 */
import { Schema } from "effect"
import * as SourceError from "./SourceError.js"

/**
 * One rejected row: where it is and why.
 *
 * `row` is the row as a user sees it in a spreadsheet (the header is row 1, so
 * the first record is row 2; a quoted cell with line breaks still counts as one
 * row). API sources give `page` and `index` instead.
 *
 * @since 0.1.0
 */
export const Rejection = Schema.Struct({ ...SourceError.Location.fields, reason: Schema.String })

/**
 * @since 0.1.0
 */
export type Rejection = typeof Rejection.Type

/**
 * The report of one load.
 *
 * @since 0.1.0
 */
export const LoadReport = Schema.Struct({
  source: Schema.String,
  /** Data rows read (header rows and blank lines not counted). */
  read: Schema.Number,
  accepted: Schema.Number,
  rejected: Schema.Number,
  /** The first rejections, up to the policy's cap. */
  rejections: Schema.Array(Rejection),
  /** Whether the load ran to the end of the source (false after a failure or an interruption). */
  complete: Schema.Boolean,
  /** Columns in the source that no field is mapped to (ignored). */
  ignoredColumns: Schema.Array(Schema.String),
  /**
   * Rows left out because their key repeats an earlier row's (duplicate policy `"reject"`): not in
   * `accepted`, not in `rejected`.
   *
   * @since 0.2.0
   */
  duplicates: Schema.Number,
  /**
   * The first rows whose key repeats an earlier row's (left out, or kept with a warning under the
   * `"keep"` policy), up to the error policy's cap; the reason names the key and the earlier row.
   *
   * @since 0.2.0
   */
  duplicateRows: Schema.Array(Rejection),
  /**
   * Problems of the load as a whole that are not one row's (a CKAN `total` that does not match the
   * records delivered, an overlapping page).
   *
   * @since 0.2.0
   */
  warnings: Schema.Array(Schema.String),
  /**
   * Set when the source has no data at all and says why (a CKAN resource that does not exist): "no
   * data", as a missing CSV file is, rather than an error.
   *
   * @since 0.2.0
   */
  noData: Schema.optional(Schema.String)
})

/**
 * @since 0.1.0
 */
export type LoadReport = typeof LoadReport.Type

/**
 * A rejection in words: `orders.csv: row 12, column "受理时间" (acceptedAt), value "x": not a date`.
 *
 * @since 0.1.0
 */
export const formatRejection = (r: Rejection): string => SourceError.describe({ ...r, detail: r.reason })

/**
 * A report in words, for logs and CLIs.
 *
 * @example
 * ```ts
 * import { LoadReport } from "@govplan/source"
 *
 * const report: LoadReport.LoadReport = {
 *   source: "orders.csv", read: 3, accepted: 2, rejected: 1, complete: true, ignoredColumns: [], duplicates: 0, duplicateRows: [], warnings: [],
 *   rejections: [{ source: "orders.csv", row: 3, column: "受理时间", field: "acceptedAt", value: "x", reason: "not a date …" }]
 * }
 * console.log(LoadReport.format(report))
 * // orders.csv: read 3, accepted 2, rejected 1
 * //   orders.csv: row 3, column "受理时间" (acceptedAt), value "x": not a date …
 * ```
 *
 * @since 0.1.0
 */
export const format = (report: LoadReport): string => {
  const head = `${report.source}: read ${report.read}, accepted ${report.accepted}, rejected ${report.rejected}` +
    (report.duplicates > 0 ? `, duplicates ${report.duplicates}` : "") +
    (report.complete ? "" : " (incomplete)") +
    (report.noData !== undefined ? ` (no data: ${report.noData})` : "")
  const lines = report.rejections.map((r) => "  " + formatRejection(r))
  if (report.rejected > report.rejections.length) {
    lines.push(`  … and ${report.rejected - report.rejections.length} more rejections`)
  }
  for (const r of report.duplicateRows) lines.push("  " + formatRejection(r))
  if (report.ignoredColumns.length > 0) lines.push(`  ignored columns: ${report.ignoredColumns.join(", ")}`)
  for (const w of report.warnings) lines.push(`  warning: ${w}`)
  return [head, ...lines].join("\n")
}

/**
 * Whether the counts add up: `read = accepted + rejected + duplicates`.
 *
 * @since 0.2.0
 */
export const reconciles = (report: LoadReport): boolean =>
  report.read === report.accepted + report.rejected + report.duplicates
