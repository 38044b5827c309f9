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
import type { ColumnMapping } from "@govplan/source"

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
  /**
   * Other headers real exports use for this column (`办结时间` for `结案时间`), accepted on purpose.
   *
   * @since 0.2.0
   */
  readonly aliases: ReadonlyArray<string>
  /**
   * The column's code list (`是 / 否 / 未评价`): a value outside it is rejected at load.
   *
   * @since 0.2.0
   */
  readonly codes?: ReadonlyArray<string> | undefined
  /**
   * Whether a source must have the column (absent = a load error). Every column is required except
   * the derived ones (see {@link RecordType.derive}).
   *
   * @since 0.2.0
   */
  readonly required: boolean
}

/**
 * What a column builder takes besides the header: the aliases real exports use and the code list.
 *
 * @since 0.2.0
 */
export interface ColumnOptions {
  readonly aliases?: ReadonlyArray<string> | undefined
  readonly codes?: ReadonlyArray<string> | undefined
}

// Annotating a schema again drops its identifier, so a column that is a civil date keeps the model's
// identifier by restating it here: it lets @govplan/source's row decoder use its fast civil-date check.
const annotate = <S extends Schema.Schema.Any>(
  s: S,
  header: string,
  sqlType: SqlType,
  nullable: boolean,
  options: ColumnOptions | undefined,
  identifier?: string
): S =>
  s.annotations({
    [ColumnId]: { header, sqlType, nullable, aliases: options?.aliases ?? [], ...(options?.codes === undefined ? {} : { codes: options.codes }) },
    ...(identifier === undefined ? {} : { identifier })
  }) as S

const DateString = Schema.String.pipe(
  Schema.filter((s) => Civil.isCivilDate(s) || `expected a date "YYYY-MM-DD", got ${JSON.stringify(s)}`),
  Schema.annotations({ identifier: "CivilDate" })
)
const DateTimeString = Schema.String.pipe(
  Schema.filter((s) => Civil.isCivilDateTime(s) || `expected a date-time "YYYY-MM-DD HH:mm:ss", got ${JSON.stringify(s)}`),
  Schema.annotations({ identifier: "CivilDateTime" })
)

/** A text column (an empty cell is rejected at load); `options`: aliases and a code list. @since 0.1.0 */
export const text = (header: string, options?: ColumnOptions) => annotate(Schema.String, header, "TEXT", false, options)
/** A text column that may be empty (`null`). @since 0.1.0 */
export const textOrNull = (header: string, options?: ColumnOptions) => annotate(Schema.NullOr(Schema.String), header, "TEXT", true, options)
/** An integer column. @since 0.1.0 */
export const int = (header: string, options?: ColumnOptions) => annotate(Schema.Int, header, "INTEGER", false, options)
/** An integer column that may be empty. @since 0.1.0 */
export const intOrNull = (header: string, options?: ColumnOptions) => annotate(Schema.NullOr(Schema.Int), header, "INTEGER", true, options)
/** A decimal column (amounts, hours). @since 0.1.0 */
export const real = (header: string, options?: ColumnOptions) => annotate(Schema.Number, header, "REAL", false, options)
/** A decimal column that may be empty. @since 0.1.0 */
export const realOrNull = (header: string, options?: ColumnOptions) => annotate(Schema.NullOr(Schema.Number), header, "REAL", true, options)
/** A civil date column `YYYY-MM-DD`. @since 0.1.0 */
export const date = (header: string, options?: ColumnOptions) => annotate(DateString, header, "TEXT", false, options, "CivilDate")
/** A civil date column that may be empty. @since 0.1.0 */
export const dateOrNull = (header: string, options?: ColumnOptions) => annotate(Schema.NullOr(DateString), header, "TEXT", true, options)
/** A civil date-time column `YYYY-MM-DD HH:mm:ss`. @since 0.1.0 */
export const dateTime = (header: string, options?: ColumnOptions) => annotate(DateTimeString, header, "TEXT", false, options, "CivilDateTime")
/** A civil date-time column that may be empty. @since 0.1.0 */
export const dateTimeOrNull = (header: string, options?: ColumnOptions) =>
  annotate(Schema.NullOr(DateTimeString), header, "TEXT", true, options)

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
  /**
   * The fields that identify a record (`orderId` 工单编号); empty when rows have no key of their own.
   * A load reports a later row with the same key as a duplicate.
   *
   * @since 0.2.0
   */
  readonly key: ReadonlyArray<keyof A & string>
  /**
   * Fields computed at load when their cell is empty or their column absent (`dueAt` 办理期限 from
   * 受理时间, 诉求类型 and 疑难件): each takes the row's other fields and gives the value, or
   * `undefined` when it cannot (the row is then rejected).
   *
   * @since 0.2.0
   */
  readonly derive: Readonly<Partial<Record<keyof A & string, (row: Readonly<Record<string, unknown>>) => unknown>>>
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
  readonly key?: ReadonlyArray<keyof Schema.Struct.Type<F> & string> | undefined
  readonly derive?: RecordType<Schema.Struct.Type<F>>["derive"] | undefined
}): RecordType<Schema.Struct.Type<F>> & { readonly fields: F } => {
  const derive: RecordType<Schema.Struct.Type<F>>["derive"] = options.derive ?? ({} as RecordType<Schema.Struct.Type<F>>["derive"])
  const columns: Array<Column> = Object.entries(options.fields).map(([field, schema]) => {
    const info = SchemaAST.getAnnotation<Omit<Column, "field" | "required">>(ColumnId)((schema as Schema.Schema.Any).ast)
    if (info._tag === "None") throw new TypeError(`Records.make(${options.name}): field ${field} has no column annotation; build it with Records.text/int/date/…`)
    return { field, ...info.value, required: !(field in derive) }
  })
  return {
    name: options.name,
    title: options.title,
    file: options.file,
    fields: options.fields,
    schema: Schema.Struct(options.fields) as unknown as Schema.Schema<Schema.Struct.Type<F>, Schema.Struct.Type<F>>,
    columns,
    events: options.events,
    key: options.key ?? [],
    derive
  }
}

/**
 * A milestone ledger (项目节点台账), the layout every pillar keeps project progress in: 项目编号,
 * 项目名称, 节点名称, 计划完成日期 and, once reached, 实际完成日期 (an event field: after the as-of date it
 * reads as not yet reached).
 *
 * @example
 * ```ts
 * import { Records } from "@govplan/pillars"
 *
 * const Milestones = Records.milestones({ name: "culture_milestone", title: "社区事业项目进度台账", file: "社区事业项目进度台账.csv" })
 * console.log(Milestones.columns.map((c) => c.header).join(",")) // 项目编号,项目名称,节点名称,计划完成日期,实际完成日期
 * ```
 *
 * @since 0.2.0
 */
export const milestones = (options: {
  readonly name: string
  readonly title: string
  readonly file: string
  /** Fields that identify a row (a repeated key is a duplicate): `["projectId", "milestone"]`; default none. */
  readonly key?: ReadonlyArray<"projectId" | "project" | "milestone" | "plannedOn" | "achievedOn"> | undefined
}) =>
  make({
    ...options,
    fields: {
      projectId: text("项目编号"),
      project: text("项目名称"),
      milestone: text("节点名称"),
      plannedOn: date("计划完成日期"),
      achievedOn: dateOrNull("实际完成日期")
    },
    events: ["achievedOn"]
  })

/**
 * Options of {@link mapping}: a deployment's own value aliases and code lists, by field or header.
 *
 * @since 0.2.0
 */
export interface MappingOptions {
  /**
   * Value aliases per column, applied before the code check: `{ 满意度: { 非常满意: "满意" } }`.
   * Default: none (a value outside the code list is rejected).
   */
  readonly values?: Readonly<Record<string, Readonly<Record<string, string>>>> | undefined
  /** Code lists that replace the record type's own, per column (a district's other 诉求类型). */
  readonly codes?: Readonly<Record<string, ReadonlyArray<string>>> | undefined
}

/**
 * The `@govplan/source` column mapping of a record type: the export header (`工单编号`), the field name
 * (`orderId`) and the aliases real exports use (`办结时间`) all map to the field. Every column is
 * required (a source without it fails to load, naming the column and the headers found) except derived
 * ones, which are computed when empty or absent; coded columns carry their code list; required text
 * columns reject an empty cell; key columns make repeated keys duplicates.
 *
 * @example
 * ```ts
 * import { Records } from "@govplan/pillars"
 * import * as Urban from "@govplan/pillars/urban"
 *
 * const mapping = Records.mapping(Urban.HotlineOrder)
 * mapping["办结时间"] // { field: "closedAt", required: true }
 * const lenient = Records.mapping(Urban.HotlineOrder, { values: { 满意度: { 非常满意: "满意" } } })
 * ```
 *
 * @since 0.2.0
 */
export const mapping = (record: RecordType<any>, options: MappingOptions = {}): ColumnMapping.ColumnMapping => {
  const out: Record<string, ColumnMapping.ColumnSpec> = {}
  const derive = record.derive as Readonly<Record<string, ((row: Readonly<Record<string, unknown>>) => unknown) | undefined>>
  const key = new Set<string>(record.key)
  for (const c of record.columns) {
    const pick = <T>(table: Readonly<Record<string, T>> | undefined): T | undefined => table?.[c.field] ?? table?.[c.header]
    const codes = pick(options.codes) ?? c.codes
    const values = pick(options.values)
    const d = derive[c.field]
    const spec: ColumnMapping.ColumnSpec = {
      field: c.field,
      required: c.required,
      ...(codes === undefined ? {} : { codes }),
      ...(values === undefined ? {} : { values }),
      ...(c.sqlType === "TEXT" && !c.nullable ? { allowEmpty: false } : {}),
      ...(key.has(c.field) ? { key: true } : {}),
      ...(d === undefined ? {} : { derive: d })
    }
    for (const name of [c.header, c.field, ...c.aliases]) out[name] = spec
  }
  return out
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
