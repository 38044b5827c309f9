/**
 * Record types: the operational records a pillar consumes (a 12345 order, an
 * enterprise visit, a lecture held), as Effect Schemas whose fields carry the
 * Chinese header real exports use and the SQL type of their column.
 *
 * Field names are English camelCase (`orderId`); the export header is an
 * annotation (`工单编号`). CSV files use the headers, SQLite tables the field names.
 * Every field is present in every row; a missing value is `null`.
 *
 * @since 0.1.0
 */
import { Schema, SchemaAST } from "effect"
import { Civil } from "@govplan/model"

/**
 * The annotation key under which a field's column information is kept.
 *
 * @since 0.1.0
 */
export const ColumnId: unique symbol = Symbol.for("@govplan/pillars/Records/Column")

/**
 * The SQL type of a column.
 *
 * @since 0.1.0
 */
export type SqlType = "TEXT" | "INTEGER" | "REAL"

/**
 * A column of a record type.
 *
 * @since 0.1.0
 */
export interface Column {
  /** The record field (and SQLite column) name: `orderId`. */
  readonly field: string
  /** The header real exports use: `工单编号`. */
  readonly header: string
  readonly sqlType: SqlType
  readonly nullable: boolean
}

// Annotating a schema again drops its identifier, so a column that is a civil date keeps the model's
// identifier by restating it here: it lets @govplan/source's row decoder use its fast civil-date check.
const annotate = <S extends Schema.Schema.Any>(s: S, header: string, sqlType: SqlType, nullable: boolean, identifier?: string): S =>
  s.annotations({ [ColumnId]: { header, sqlType, nullable }, ...(identifier === undefined ? {} : { identifier }) }) as S

const DateString = Schema.String.pipe(
  Schema.filter((s) => Civil.isCivilDate(s) || `expected a date "YYYY-MM-DD", got ${JSON.stringify(s)}`),
  Schema.annotations({ identifier: "CivilDate" })
)
const DateTimeString = Schema.String.pipe(
  Schema.filter((s) => Civil.isCivilDateTime(s) || `expected a date-time "YYYY-MM-DD HH:mm:ss", got ${JSON.stringify(s)}`),
  Schema.annotations({ identifier: "CivilDateTime" })
)

/** A text column. @since 0.1.0 */
export const text = (header: string) => annotate(Schema.String, header, "TEXT", false)
/** A text column that may be empty (`null`). @since 0.1.0 */
export const textOrNull = (header: string) => annotate(Schema.NullOr(Schema.String), header, "TEXT", true)
/** An integer column. @since 0.1.0 */
export const int = (header: string) => annotate(Schema.Int, header, "INTEGER", false)
/** An integer column that may be empty. @since 0.1.0 */
export const intOrNull = (header: string) => annotate(Schema.NullOr(Schema.Int), header, "INTEGER", true)
/** A decimal column (amounts, hours). @since 0.1.0 */
export const real = (header: string) => annotate(Schema.Number, header, "REAL", false)
/** A decimal column that may be empty. @since 0.1.0 */
export const realOrNull = (header: string) => annotate(Schema.NullOr(Schema.Number), header, "REAL", true)
/** A civil date column `YYYY-MM-DD`. @since 0.1.0 */
export const date = (header: string) => annotate(DateString, header, "TEXT", false, "CivilDate")
/** A civil date column that may be empty. @since 0.1.0 */
export const dateOrNull = (header: string) => annotate(Schema.NullOr(DateString), header, "TEXT", true)
/** A civil date-time column `YYYY-MM-DD HH:mm:ss`. @since 0.1.0 */
export const dateTime = (header: string) => annotate(DateTimeString, header, "TEXT", false, "CivilDateTime")
/** A civil date-time column that may be empty. @since 0.1.0 */
export const dateTimeOrNull = (header: string) => annotate(Schema.NullOr(DateTimeString), header, "TEXT", true)

/**
 * A record type: its name (the SQLite table and the key of `Scorecard.compute`'s `records`),
 * its Chinese title, its CSV file name, its schema and columns, and its event fields.
 *
 * @since 0.1.0
 */
export interface RecordType<A = Record<string, unknown>> {
  readonly name: string
  readonly title: string
  readonly file: string
  readonly schema: Schema.Schema<A, A>
  readonly columns: ReadonlyArray<Column>
  /**
   * Fields holding the time of something that happened after the record was created
   * (`closedAt`, `signedOn`). The as-of view (`Records.asOf`) empties them when they fall after
   * the as-of date, so a mid-year scorecard does not see closures that had not happened yet.
   */
  readonly events: ReadonlyArray<keyof A & string>
}

/**
 * Makes a record type from column fields built with {@link text}, {@link date}, ….
 *
 * @example
 * ```ts
 * import { Records } from "@govplan/pillars"
 *
 * const Lecture = Records.make({
 *   name: "lecture",
 *   title: "廉政月月讲记录",
 *   file: "廉政月月讲记录.csv",
 *   fields: { committee: Records.text("居委会"), heldOn: Records.date("活动日期") },
 *   events: []
 * })
 * ```
 *
 * @since 0.1.0
 */
export const make = <F extends Schema.Struct.Fields>(options: {
  readonly name: string
  readonly title: string
  readonly file: string
  readonly fields: F
  readonly events: ReadonlyArray<keyof Schema.Struct.Type<F> & string>
}): RecordType<Schema.Struct.Type<F>> & { readonly fields: F } => {
  const columns: Array<Column> = Object.entries(options.fields).map(([field, schema]) => {
    const info = SchemaAST.getAnnotation<{ header: string; sqlType: SqlType; nullable: boolean }>(ColumnId)(
      (schema as Schema.Schema.Any).ast
    )
    if (info._tag === "None") throw new TypeError(`Records.make(${options.name}): field ${field} has no column annotation; build it with Records.text/int/date/…`)
    return { field, ...info.value }
  })
  return {
    name: options.name,
    title: options.title,
    file: options.file,
    fields: options.fields,
    schema: Schema.Struct(options.fields) as unknown as Schema.Schema<Schema.Struct.Type<F>, Schema.Struct.Type<F>>,
    columns,
    events: options.events
  }
}

/**
 * The as-of view of a row: event fields after `asOf` (a civil date) become `null`, as they had not
 * happened yet. Returns the row itself when nothing changes.
 *
 * @since 0.1.0
 */
export const asOf = <A extends Record<string, unknown>>(type: RecordType<A>, row: A, asOfDate: string): A => {
  let out: A | undefined
  for (const f of type.events) {
    const v = row[f]
    if (typeof v === "string" && v.slice(0, 10) > asOfDate) {
      out ??= { ...row }
      ;(out as Record<string, unknown>)[f] = null
    }
  }
  return out ?? row
}
