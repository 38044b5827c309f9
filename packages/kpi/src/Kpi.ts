/**
 * KPIs defined as data.
 *
 * A KPI {@link Definition} names the record type it reads and a {@link Measure}: a count, sum,
 * distinct count, minimum, maximum or weighted mean of the rows that a filter selects, or a
 * {@link ratio} or {@link derive}d expression of such measures. Every leaf measure carries its own
 * **time field**, the record field that puts a row into a period: intake is counted by acceptance
 * time, closures by closing time, in the same ratio.
 *
 * One definition runs two ways with the same result objects:
 * - {@link evaluate} / {@link reducer}: an in-memory, one-pass streaming reducer. Filters are compiled
 *   once into closures; memory is proportional to groups × buckets × leaf measures, never to rows
 *   (the one exception is {@link countDistinct}, which has to remember the distinct values it saw).
 * - `KpiSql.compile` / `KpiSql.decodeRows`: parameterised SQL for SQLite, PostgreSQL and MySQL.
 *
 * Values are never invented: a ratio with a zero denominator, a weighted mean with no rated rows or a
 * minimum with no values is `value: null` with a `noDataReason`, never `0` or `NaN`.
 *
 * @example
 * ```ts
 * import { Filter, Kpi } from "@govplan/kpi"
 * import { Period } from "@govplan/model"
 *
 * const closureRate = Kpi.define({
 *   id: "urban.hotline.closure-rate",
 *   name: "办结率",
 *   gloss: "closure rate",
 *   record: "hotline_order",
 *   measure: Kpi.ratio({
 *     numerator: Kpi.count({ time: "acceptedAt", where: Filter.eq("status", "办结") }),
 *     denominator: Kpi.count({ time: "acceptedAt" })
 *   })
 * })
 *
 * // records of type hotline_order, e.g. parsed from a CSV export or read from a database
 * const rows = [
 *   { acceptedAt: "2022-03-01 09:15:00", status: "办结" },
 *   { acceptedAt: "2022-03-02 14:40:00", status: "办结" },
 *   { acceptedAt: "2022-03-28 16:05:00", status: "退回" },
 *   { acceptedAt: "2022-04-11 10:05:00", status: "办结" }
 * ]
 *
 * const results = await Kpi.evaluatePromise([closureRate], rows, { period: Period.year(2022), grain: "month" })
 * // 12 results, one per month: 2022-03 is 2/3 (numerator 2, denominator 3), 2022-04 is 1,
 * // and the months without orders are value: null with a noDataReason
 * ```
 *
 * @since 0.1.0
 */
import { Cause, Effect, Exit, ParseResult, Schema, Stream } from "effect"
import { Civil, Observation, Period, Plan } from "@govplan/model"
import * as Filter from "./Filter.js"
import * as reducerInternal from "./internal/reducer.js"
import * as rollupInternal from "./internal/rollup.js"

// ---------------------------------------------------------------------------
// errors
// ---------------------------------------------------------------------------

/**
 * The error of this package. `reason` says what went wrong:
 * - `InvalidDefinition`: a definition does not decode or is inconsistent (an unknown input, an empty
 *   weight table); the message names the definition id and the path of the field;
 * - `InvalidOptions`: evaluation or compile options that cannot work (definitions of different
 *   records, an unknown grain);
 * - `InvalidValue`: a row holds a value a measure cannot use (text in a summed field);
 * - `InvalidIdentifier`: a table or column name that is not a plain identifier (see `KpiSql.quoteIdentifier`);
 * - `InvalidRows`: database rows that do not have the compiled query's columns;
 * - `SourceFailed`: the row source (async iterable or stream) failed.
 *
 * `kpiId` and `field` name the definition and the field concerned, when there is one.
 *
 * @since 0.1.0
 */
export class KpiError extends Schema.TaggedError<KpiError>("@govplan/kpi/KpiError")("KpiError", {
  reason: Schema.Literal("InvalidDefinition", "InvalidOptions", "InvalidValue", "InvalidIdentifier", "InvalidRows", "SourceFailed"),
  message: Schema.String,
  kpiId: Schema.optional(Schema.String),
  field: Schema.optional(Schema.String),
  cause: Schema.optional(Schema.Unknown)
}) {}

// ---------------------------------------------------------------------------
// the definition language
// ---------------------------------------------------------------------------

/**
 * Count the rows.
 *
 * @since 0.1.0
 */
export interface Count {
  readonly _tag: "Count"
  /** The record field that puts a row into a period. */
  readonly time: string
  /** Which rows count (all rows in the period when left out). */
  readonly where?: Filter.Filter
}

/**
 * A measure that reads one field of the rows: {@link Sum}, {@link CountDistinct}, {@link Min} or
 * {@link Max}, told apart by `_tag`.
 *
 * @since 0.1.0
 */
export interface FieldMeasure<Tag extends "Sum" | "CountDistinct" | "Min" | "Max"> {
  readonly _tag: Tag
  /** The field the measure reads. */
  readonly field: string
  /** The record field that puts a row into a period. */
  readonly time: string
  /** Which rows count (all rows in the period when left out). */
  readonly where?: Filter.Filter
}

/**
 * Sum a numeric field (rows where it is missing are skipped).
 *
 * @since 0.1.0
 */
export type Sum = FieldMeasure<"Sum">

/**
 * Count the distinct non-missing values of a field.
 *
 * @since 0.1.0
 */
export type CountDistinct = FieldMeasure<"CountDistinct">

/**
 * The least value of a field (a number, or text such as a civil date).
 *
 * @since 0.1.0
 */
export type Min = FieldMeasure<"Min">

/**
 * The greatest value of a field.
 *
 * @since 0.1.0
 */
export type Max = FieldMeasure<"Max">

/**
 * A weighted mean of a categorical field: numerator = sum of the weights of the rows' values,
 * denominator = rows whose value has a weight. Rows with other values are left out.
 *
 * @since 0.1.0
 */
export interface WeightedMean {
  readonly _tag: "WeightedMean"
  /** The categorical field, e.g. a satisfaction answer. */
  readonly field: string
  /** The weight of each value of the field (`{ 满意: 1, 基本满意: 0.8, 不满意: 0 }`). */
  readonly weights: Readonly<Record<string, number>>
  /** The record field that puts a row into a period. */
  readonly time: string
  /** Which rows count (all rows in the period when left out). */
  readonly where?: Filter.Filter
}

/**
 * A ratio of two measures, each with its own time field and filter.
 *
 * @since 0.1.0
 */
export interface Ratio {
  readonly _tag: "Ratio"
  readonly numerator: Measure
  readonly denominator: Measure
}

/**
 * An arithmetic expression over named input measures.
 *
 * @since 0.1.0
 */
export interface Derive {
  readonly _tag: "Derive"
  /** The input measures, by the name the expression refers to them with ({@link ref}). */
  readonly inputs: Readonly<Record<string, Measure>>
  readonly expr: Expr
}

/**
 * A measure: what a KPI computes for each period bucket and group.
 *
 * @since 0.1.0
 */
export type Measure = Count | Sum | CountDistinct | Min | Max | WeightedMean | Ratio | Derive

/**
 * A measure that reads rows directly (not a ratio or derived expression).
 *
 * @since 0.1.0
 */
export type LeafMeasure = Exclude<Measure, Ratio | Derive>

/**
 * The kind of a measure, as a lower-case word: `"count"`, `"ratio"`, ….
 *
 * @since 0.1.0
 */
export type MeasureKind = "count" | "sum" | "countDistinct" | "min" | "max" | "weightedMean" | "ratio" | "derive"

/**
 * An arithmetic expression of a derived measure: a reference to an input, a constant, or `+`, `−`,
 * `×`, `÷` of two expressions (see {@link ref}, {@link constant}, {@link add}, {@link sub}, {@link mul},
 * {@link div}).
 *
 * @since 0.1.0
 */
export type Expr =
  | { readonly _tag: "Ref"; readonly name: string }
  | { readonly _tag: "Const"; readonly value: number }
  | { readonly _tag: "Add" | "Sub" | "Mul" | "Div"; readonly left: Expr; readonly right: Expr }

/**
 * A KPI definition.
 *
 * @since 0.1.0
 */
export interface Definition {
  /** A plan id, e.g. `"urban.hotline.closure-rate"`. */
  readonly id: string
  readonly name: string
  /** A gloss of the name in another language. */
  readonly gloss?: string
  /** The record type the definition reads, e.g. `"hotline_order"`. */
  readonly record: string
  readonly unit?: string
  readonly description?: string
  readonly measure: Measure
}

const FieldName = Schema.String.pipe(Schema.nonEmptyString({ message: () => "expected a field name (a non-empty string)" }))
const Where = { where: Schema.optionalWith(Filter.Filter, { exact: true }) }

/**
 * The schema of an expression.
 *
 * @since 0.1.0
 */
export const ExprSchema: Schema.Schema<Expr> = Schema.Union(
  Schema.Struct({ _tag: Schema.Literal("Ref"), name: Schema.String }),
  Schema.Struct({ _tag: Schema.Literal("Const"), value: Schema.Number.pipe(Schema.finite()) }),
  Schema.Struct({
    _tag: Schema.Literal("Add", "Sub", "Mul", "Div"),
    left: Schema.suspend((): Schema.Schema<Expr> => ExprSchema),
    right: Schema.suspend((): Schema.Schema<Expr> => ExprSchema)
  })
).annotations({ identifier: "Expr" })

const Weights = Schema.Record({
  key: Schema.String,
  value: Schema.Number.pipe(Schema.finite({ message: () => "expected a weight that is a finite number" }))
}).pipe(Schema.filter((w) => Object.keys(w).length > 0 || "expected at least one weight"))

/**
 * The schema of a measure, for loading definitions from JSON. The encoded form is the measure itself.
 *
 * @since 0.1.0
 */
export const MeasureSchema: Schema.Schema<Measure> = Schema.Union(
  Schema.Struct({ _tag: Schema.Literal("Count"), time: FieldName, ...Where }),
  Schema.Struct({ _tag: Schema.Literal("Sum"), field: FieldName, time: FieldName, ...Where }),
  Schema.Struct({ _tag: Schema.Literal("CountDistinct"), field: FieldName, time: FieldName, ...Where }),
  Schema.Struct({ _tag: Schema.Literal("Min"), field: FieldName, time: FieldName, ...Where }),
  Schema.Struct({ _tag: Schema.Literal("Max"), field: FieldName, time: FieldName, ...Where }),
  Schema.Struct({ _tag: Schema.Literal("WeightedMean"), field: FieldName, weights: Weights, time: FieldName, ...Where }),
  Schema.Struct({
    _tag: Schema.Literal("Ratio"),
    numerator: Schema.suspend((): Schema.Schema<Measure> => MeasureSchema),
    denominator: Schema.suspend((): Schema.Schema<Measure> => MeasureSchema)
  }),
  Schema.Struct({
    _tag: Schema.Literal("Derive"),
    inputs: Schema.Record({ key: Schema.String, value: Schema.suspend((): Schema.Schema<Measure> => MeasureSchema) }),
    expr: ExprSchema
  }).pipe(Schema.filter((d) => deriveIssues(d)))
).annotations({ identifier: "Measure" })

const refsOf = (e: Expr, out: Array<string>): Array<string> => {
  switch (e._tag) {
    case "Ref":
      out.push(e.name)
      return out
    case "Const":
      return out
    default:
      refsOf(e.left, out)
      return refsOf(e.right, out)
  }
}

const deriveIssues = (d: { readonly inputs: Readonly<Record<string, Measure>>; readonly expr: Expr }): ReadonlyArray<Schema.FilterIssue> => {
  const names = Object.keys(d.inputs)
  const issues: Array<Schema.FilterIssue> = []
  if (names.length === 0) issues.push({ path: ["inputs"], message: "a derived measure needs at least one input" })
  for (const ref of refsOf(d.expr, [])) {
    if (!Object.prototype.hasOwnProperty.call(d.inputs, ref)) {
      issues.push({
        path: ["expr"],
        message: `the expression refers to ${JSON.stringify(ref)}, which is not an input (inputs: ${names.map((n) => JSON.stringify(n)).join(", ") || "none"})`
      })
    }
  }
  return issues
}

/**
 * The schema of a definition, for loading definitions from JSON (see {@link decodeDefinition}).
 *
 * @since 0.1.0
 */
export const DefinitionSchema: Schema.Schema<Definition> = Schema.Struct({
  id: Plan.Id,
  name: Schema.String.pipe(Schema.nonEmptyString({ message: () => "expected a name (a non-empty string)" })),
  gloss: Schema.optionalWith(Schema.String, { exact: true }),
  record: Schema.String.pipe(Schema.nonEmptyString({ message: () => "expected a record type (a non-empty string)" })),
  unit: Schema.optionalWith(Schema.String, { exact: true }),
  description: Schema.optionalWith(Schema.String, { exact: true }),
  measure: MeasureSchema
}).annotations({ identifier: "KpiDefinition" })

const describeId = (u: unknown): string => {
  if (typeof u === "object" && u !== null && "id" in u && typeof (u as { id: unknown }).id === "string") {
    return (u as { id: string }).id
  }
  return "(no id)"
}

const toDefinitionError = (input: unknown, error: ParseResult.ParseError): KpiError => {
  const id = describeId(input)
  const issues = ParseResult.ArrayFormatter.formatErrorSync(error)
  const pathOf = (path: ReadonlyArray<PropertyKey>): string =>
    path.length === 0 ? "(definition)" : path.map((p, n) => (typeof p === "number" ? `[${p}]` : n === 0 ? String(p) : `.${String(p)}`)).join("")
  const lines = issues.map((i) => `${pathOf(i.path)}: ${i.message}`)
  const field = issues[0]?.path.map(String).join(".")
  return new KpiError({
    reason: "InvalidDefinition",
    kpiId: id,
    ...(field ? { field } : {}),
    message: `KPI definition ${id} is invalid:\n  ${lines.join("\n  ")}`
  })
}

/**
 * Decodes a definition from unknown input (parsed JSON). Fails with a `KpiError` whose message
 * names the definition id and the path of every problem (`measure.numerator.where.value: …`).
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Kpi } from "@govplan/kpi"
 *
 * // a definition stored as JSON (what JSON.stringify(Kpi.define(…)) writes)
 * const text = `{
 *   "id": "urban.hotline.closure-rate",
 *   "name": "办结率",
 *   "record": "hotline_order",
 *   "measure": {
 *     "_tag": "Ratio",
 *     "numerator": { "_tag": "Count", "time": "acceptedAt", "where": { "_tag": "Compare", "op": "eq", "field": "status", "value": "办结" } },
 *     "denominator": { "_tag": "Count", "time": "acceptedAt" }
 *   }
 * }`
 *
 * const def = Kpi.decodeDefinition(JSON.parse(text)).pipe(Effect.runSync)
 * Kpi.formula(def) // 'count(by acceptedAt where status = "办结") ÷ count(by acceptedAt)'
 * ```
 *
 * @since 0.1.0
 */
export const decodeDefinition = (input: unknown): Effect.Effect<Definition, KpiError> =>
  Schema.decodeUnknown(DefinitionSchema, { errors: "all", onExcessProperty: "error" })(input).pipe(
    Effect.mapError((e) => toDefinitionError(input, e))
  )

/**
 * Decodes a definition from unknown input; throws the `KpiError` of {@link decodeDefinition}.
 *
 * @since 0.1.0
 */
export const decodeDefinitionSync = (input: unknown): Definition => {
  const r = Schema.decodeUnknownEither(DefinitionSchema, { errors: "all", onExcessProperty: "error" })(input)
  if (r._tag === "Left") throw toDefinitionError(input, r.left)
  return r.right
}

/**
 * Defines a KPI. The definition is validated at once (it is usually written at module level, so a
 * mistake surfaces on import): an invalid one throws a `KpiError` naming the id and the field.
 * Definitions are plain data: `JSON.stringify` them, and load them back with {@link decodeDefinition}.
 *
 * @example
 * ```ts
 * import { Filter, Kpi } from "@govplan/kpi"
 *
 * const firstContactRate = Kpi.define({
 *   id: "urban.hotline.first-contact-rate",
 *   name: "先行联系率",
 *   gloss: "first-contact rate",
 *   record: "hotline_order",
 *   measure: Kpi.ratio({
 *     numerator: Kpi.count({ time: "acceptedAt", where: Filter.eq("contactedInTime", "是") }),
 *     denominator: Kpi.count({ time: "acceptedAt" })
 *   })
 * })
 * ```
 *
 * @since 0.1.0
 */
export const define = (definition: {
  readonly id: string
  readonly name: string
  readonly gloss?: string | undefined
  readonly record: string
  readonly unit?: string | undefined
  readonly description?: string | undefined
  readonly measure: Measure
}): Definition => decodeDefinitionSync(stripUndefined(definition))

const stripUndefined = <A extends object>(o: A): A => {
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(o)) if (v !== undefined) out[k] = v
  return out as A
}

/**
 * The options of a leaf measure ({@link count}).
 *
 * @since 0.1.0
 */
export interface LeafOptions {
  /** The record field that puts a row into a period (a civil date or date-time string). */
  readonly time: string
  /** Which rows count (all rows in the period when left out). */
  readonly where?: Filter.Filter | undefined
}

/**
 * The options of a leaf measure that reads a field ({@link sum}, {@link countDistinct}, {@link min},
 * {@link max}, {@link weightedMean}).
 *
 * @since 0.1.0
 */
export interface FieldOptions extends LeafOptions {
  /** The field the measure reads. */
  readonly field: string
}

const withWhere = <A extends object>(base: A, where: Filter.Filter | undefined): A =>
  where === undefined ? base : { ...base, where }

/**
 * Counts the rows whose time falls in the bucket and that match `where`.
 *
 * @example
 * ```ts
 * import { Filter, Kpi } from "@govplan/kpi"
 *
 * Kpi.count({ time: "closedAt", where: Filter.eq("status", "办结") })
 * ```
 *
 * @since 0.1.0
 */
export const count = (options: LeafOptions): Count => withWhere<Count>({ _tag: "Count", time: options.time }, options.where)

/**
 * Sums a numeric field over the matching rows (missing values are skipped; no rows sum to 0).
 *
 * @since 0.1.0
 */
export const sum = (options: FieldOptions): Sum =>
  withWhere<Sum>({ _tag: "Sum", field: options.field, time: options.time }, options.where)

/**
 * Counts the distinct non-missing values of a field. The in-memory reducer keeps the set of values
 * it has seen per bucket and group: the one measure whose memory grows with the data.
 *
 * @since 0.1.0
 */
export const countDistinct = (options: FieldOptions): CountDistinct =>
  withWhere<CountDistinct>({ _tag: "CountDistinct", field: options.field, time: options.time }, options.where)

/**
 * The least value of a field. Numbers give `value`; text (a civil date such as the day a milestone
 * was reached) gives `value: null` and the text in `KpiResult.text`.
 *
 * @since 0.1.0
 */
export const min = (options: FieldOptions): Min =>
  withWhere<Min>({ _tag: "Min", field: options.field, time: options.time }, options.where)

/**
 * The greatest value of a field (see {@link min} for text values).
 *
 * @since 0.1.0
 */
export const max = (options: FieldOptions): Max =>
  withWhere<Max>({ _tag: "Max", field: options.field, time: options.time }, options.where)

/**
 * A weighted mean of a categorical field, e.g. satisfaction. The numerator is the sum of the weights
 * of the rows' values, the denominator the number of rows whose value has a weight; rows with any
 * other value (or none) are left out. With no weighted row the value is `null` ("no data").
 *
 * @example
 * ```ts
 * import { Kpi } from "@govplan/kpi"
 *
 * Kpi.weightedMean({
 *   field: "rating",
 *   weights: { 满意: 1, 基本满意: 0.8, 一般: 0.6, 不满意: 0 },
 *   time: "closedAt"
 * })
 * ```
 *
 * @since 0.1.0
 */
export const weightedMean = (options: FieldOptions & { readonly weights: Readonly<Record<string, number>> }): WeightedMean =>
  withWhere<WeightedMean>(
    { _tag: "WeightedMean", field: options.field, weights: { ...options.weights }, time: options.time },
    options.where
  )

/**
 * A ratio of two measures. Each side keeps its own time field and filter; the result keeps both
 * parts (`numerator`, `denominator`), and a zero denominator is `value: null` with a reason.
 *
 * @example
 * ```ts
 * import { Filter, Kpi } from "@govplan/kpi"
 *
 * // closed on time among the orders due in the period
 * Kpi.ratio({
 *   numerator: Kpi.count({ time: "dueAt", where: Filter.fieldLe("closedAt", "dueAt") }),
 *   denominator: Kpi.count({ time: "dueAt" })
 * })
 * ```
 *
 * @since 0.1.0
 */
export const ratio = (options: { readonly numerator: Measure; readonly denominator: Measure }): Ratio => ({
  _tag: "Ratio",
  numerator: options.numerator,
  denominator: options.denominator
})

/**
 * A share: among the rows `of` a kind (all rows when omitted), the fraction `where` also holds — the
 * ratio of two counts on the same time field, `count(of ∧ where) / count(of)`. The commonest KPI
 * shape (签订率, 整改率, 覆盖率); it is an ordinary {@link Ratio}, so it keeps both parts, compiles to
 * the same SQL, and an empty denominator is no data.
 *
 * @example
 * ```ts
 * import { Filter, Kpi } from "@govplan/kpi"
 *
 * // 先行联系率: of the orders whose first contact was evaluated, those contacted first
 * Kpi.share({
 *   time: "acceptedAt",
 *   of: Filter.oneOf("firstContact", ["是", "否"]),
 *   where: Filter.eq("firstContact", "是")
 * })
 * ```
 *
 * @since 0.1.0
 */
export const share = (options: { readonly time: string; readonly where: Filter.Filter; readonly of?: Filter.Filter | undefined }): Ratio =>
  ratio({
    numerator: count({ time: options.time, where: options.of === undefined ? options.where : Filter.and(options.of, options.where) }),
    denominator: options.of === undefined ? count({ time: options.time }) : count({ time: options.time, where: options.of })
  })

/**
 * A derived measure: an arithmetic expression ({@link add}, {@link sub}, {@link mul}, {@link div},
 * {@link ref}, {@link constant}) over named inputs. A missing input or a division by zero gives
 * `value: null` with a reason. When the expression is a division, the result keeps its two sides as
 * `numerator` and `denominator`.
 *
 * @example
 * ```ts
 * import { Filter, Kpi } from "@govplan/kpi"
 *
 * // 不属实率: untrue / (true + untrue)
 * Kpi.derive({
 *   inputs: {
 *     untrue: Kpi.count({ time: "closedAt", where: Filter.eq("verdict", "不属实") }),
 *     true: Kpi.count({ time: "closedAt", where: Filter.eq("verdict", "属实") })
 *   },
 *   expr: Kpi.div(Kpi.ref("untrue"), Kpi.add(Kpi.ref("untrue"), Kpi.ref("true")))
 * })
 * ```
 *
 * @since 0.1.0
 */
export const derive = (options: { readonly inputs: Readonly<Record<string, Measure>>; readonly expr: Expr }): Derive => ({
  _tag: "Derive",
  inputs: { ...options.inputs },
  expr: options.expr
})

const toExpr = (e: Expr | number): Expr => (typeof e === "number" ? { _tag: "Const", value: e } : e)

/**
 * A reference to an input of a derived measure.
 *
 * @since 0.1.0
 */
export const ref = (name: string): Expr => ({ _tag: "Ref", name })

/**
 * A constant.
 *
 * @since 0.1.0
 */
export const constant = (value: number): Expr => ({ _tag: "Const", value })

/**
 * `left + right`.
 *
 * @since 0.1.0
 */
export const add = (left: Expr | number, right: Expr | number): Expr => ({ _tag: "Add", left: toExpr(left), right: toExpr(right) })

/**
 * `left - right`.
 *
 * @since 0.1.0
 */
export const sub = (left: Expr | number, right: Expr | number): Expr => ({ _tag: "Sub", left: toExpr(left), right: toExpr(right) })

/**
 * `left × right`.
 *
 * @since 0.1.0
 */
export const mul = (left: Expr | number, right: Expr | number): Expr => ({ _tag: "Mul", left: toExpr(left), right: toExpr(right) })

/**
 * `left ÷ right` (a zero divisor gives "no data").
 *
 * @since 0.1.0
 */
export const div = (left: Expr | number, right: Expr | number): Expr => ({ _tag: "Div", left: toExpr(left), right: toExpr(right) })

/**
 * The kind of a measure.
 *
 * @since 0.1.0
 */
export const kindOf = (measure: Measure): MeasureKind => {
  switch (measure._tag) {
    case "Count":
      return "count"
    case "Sum":
      return "sum"
    case "CountDistinct":
      return "countDistinct"
    case "Min":
      return "min"
    case "Max":
      return "max"
    case "WeightedMean":
      return "weightedMean"
    case "Ratio":
      return "ratio"
    case "Derive":
      return "derive"
  }
}

const exprText = (e: Expr, top = true): string => {
  switch (e._tag) {
    case "Ref":
      return e.name
    case "Const":
      return String(e.value)
    default: {
      const op = { Add: "+", Sub: "−", Mul: "×", Div: "÷" }[e._tag]
      const text = `${exprText(e.left, false)} ${op} ${exprText(e.right, false)}`
      return top ? text : `(${text})`
    }
  }
}

const whereText = (where: Filter.Filter | undefined): string => (where === undefined ? "" : ` where ${Filter.format(where)}`)

/**
 * A readable formula of a measure, for formula sheets and report footnotes:
 * `count(by closedAt where status = "办结") ÷ count(by acceptedAt)`.
 *
 * @example
 * ```ts
 * import { Filter, Kpi } from "@govplan/kpi"
 *
 * Kpi.formula(Kpi.ratio({
 *   numerator: Kpi.count({ time: "acceptedAt", where: Filter.eq("status", "办结") }),
 *   denominator: Kpi.count({ time: "acceptedAt" })
 * }))
 * // 'count(by acceptedAt where status = "办结") ÷ count(by acceptedAt)'
 * ```
 *
 * @since 0.1.0
 */
export const formula = (measure: Measure | Definition): string => {
  const m = "measure" in measure ? measure.measure : measure
  switch (m._tag) {
    case "Count":
      return `count(by ${m.time}${whereText(m.where)})`
    case "Sum":
    case "CountDistinct":
    case "Min":
    case "Max":
      return `${kindOf(m)}(${m.field} by ${m.time}${whereText(m.where)})`
    case "WeightedMean": {
      const weights = Object.entries(m.weights).map(([k, w]) => `${k}=${w}`).join(", ")
      return `weightedMean(${m.field} {${weights}} by ${m.time}${whereText(m.where)})`
    }
    case "Ratio": {
      const side = (x: Measure) => (x._tag === "Ratio" || x._tag === "Derive" ? `(${formula(x)})` : formula(x))
      return `${side(m.numerator)} ÷ ${side(m.denominator)}`
    }
    case "Derive":
      return `${exprText(m.expr)} where ${Object.keys(m.inputs).map((k) => `${k} = ${formula(m.inputs[k]!)}`).join("; ")}`
  }
}

/**
 * Every record field a definition reads (time fields, measured fields, filter fields), each once.
 * Check them against a record schema or a table's columns before running.
 *
 * @since 0.1.0
 */
export const fieldsOf = (definition: Definition | Measure): ReadonlyArray<string> => {
  const out = new Set<string>()
  const go = (m: Measure): void => {
    switch (m._tag) {
      case "Ratio":
        go(m.numerator)
        go(m.denominator)
        return
      case "Derive":
        for (const k of Object.keys(m.inputs)) go(m.inputs[k]!)
        return
      default:
        out.add(m.time)
        if (m._tag !== "Count") out.add(m.field)
        if (m.where !== undefined) for (const f of Filter.fields(m.where)) out.add(f)
    }
  }
  go("measure" in definition ? definition.measure : definition)
  return [...out]
}

/**
 * Checks that every field a definition reads is one of `fields` (a record schema's fields, a table's
 * columns). Fails with a `KpiError` naming the definition id and the first unknown field.
 *
 * @since 0.1.0
 */
export const checkFields = (definition: Definition, fields: Iterable<string>): Effect.Effect<Definition, KpiError> => {
  const known = new Set(fields)
  const unknown = fieldsOf(definition).filter((f) => !known.has(f))
  return unknown.length === 0
    ? Effect.succeed(definition)
    : Effect.fail(
      new KpiError({
        reason: "InvalidDefinition",
        kpiId: definition.id,
        field: unknown[0]!,
        message: `KPI ${definition.id} reads ${unknown.map((f) => JSON.stringify(f)).join(", ")}, which record ${definition.record} does not have (it has ${[...known].join(", ")})`
      })
    )
}

// ---------------------------------------------------------------------------
// results
// ---------------------------------------------------------------------------

/**
 * The value of one sub-period of a rolled-up result.
 *
 * @since 0.1.0
 */
export interface KpiPart {
  readonly period: string
  readonly value: number | null
  readonly numerator?: number
  readonly denominator?: number
}

/**
 * The value of a KPI for one period bucket and one group.
 *
 * @since 0.1.0
 */
export interface KpiResult {
  readonly kpiId: string
  /** The bucket's `Period.key`: `"2022-03"`, `"2022-Q1"`, `"2022"`, `"AY2022/11"`, or the whole period's key. */
  readonly period: string
  /** The values of the `by` dimensions (a missing value is `""`); `{}` when not grouped. */
  readonly group: Readonly<Record<string, string>>
  /** The value (rates as fractions); `null` is no data, with `noDataReason` saying why. */
  readonly value: number | null
  /** For ratios, weighted means and derived divisions: the numerator. */
  readonly numerator?: number
  /** For ratios, weighted means and derived divisions: the denominator. */
  readonly denominator?: number
  /**
   * The rows the value is based on: for a leaf measure the rows that matched it, for a ratio the
   * denominator's, for a derived measure the sum over its inputs.
   */
  readonly count: number
  readonly noDataReason?: string
  /** For a min/max over text (e.g. the civil date a milestone was reached): the value; `value` is then `null`. */
  readonly text?: string
  /** The measure's kind. */
  readonly kind?: MeasureKind
  /** For a rolled-up result: the sub-period results it was made from, in order. */
  readonly parts?: ReadonlyArray<KpiPart>
  /** For a rolled-up result: how it was made, including sub-periods skipped for having no data. */
  readonly note?: string
}

// ---------------------------------------------------------------------------
// evaluation
// ---------------------------------------------------------------------------

/**
 * How results are bucketed and grouped.
 *
 * @since 0.1.0
 */
export interface EvaluateOptions {
  /** Rows whose time's date part lies in `Period.bounds(period)` (`[start, end)`) are counted. */
  readonly period: Period.Period
  /** Split the period into buckets (`Period.split`); without a grain the whole period is one bucket. */
  readonly grain?: Period.Grain | undefined
  /** Dimensions to group by, e.g. `["committee"]`. */
  readonly by?: ReadonlyArray<string> | undefined
  /** The first month of the `assessmentYear` grain (default: the period's own, else 11). */
  readonly assessmentStartMonth?: number | undefined
}

/**
 * A streaming reducer: push rows one at a time, read results at any point.
 *
 * @since 0.1.0
 */
export interface Reducer {
  /**
   * Adds one row. Throws a `KpiError` (`InvalidValue`) if a time field holds something other than a
   * civil date or date-time string (or nothing), or a summed field holds a non-number.
   */
  readonly push: (row: object) => void
  /** The results so far, per definition, group (sorted) and bucket (in time order). */
  readonly result: () => ReadonlyArray<KpiResult>
  /** The number of rows pushed. */
  readonly rows: () => number
}

/**
 * Rows to evaluate: any iterable, async iterable or Effect `Stream` of records (plain objects whose
 * properties are the record's fields).
 *
 * @since 0.1.0
 */
export type Rows = Iterable<object> | AsyncIterable<object> | Stream.Stream<object, unknown, never>

const asArray = (defs: Definition | ReadonlyArray<Definition>): ReadonlyArray<Definition> =>
  Array.isArray(defs) ? defs : [defs as Definition]

/**
 * Makes a one-pass reducer for definitions (all of the same record). Filters are compiled once into
 * closures; a row allocates nothing except, when grouping by several dimensions, its group key.
 * Memory is proportional to groups × buckets × leaf measures; `countDistinct` also keeps its values.
 * Throws a `KpiError` (`InvalidOptions`) for unusable options.
 *
 * @example
 * ```ts
 * import { Filter, Kpi } from "@govplan/kpi"
 * import { Period } from "@govplan/model"
 *
 * const closureRate = Kpi.define({
 *   id: "urban.hotline.closure-rate",
 *   name: "办结率",
 *   record: "hotline_order",
 *   measure: Kpi.ratio({
 *     numerator: Kpi.count({ time: "acceptedAt", where: Filter.eq("status", "办结") }),
 *     denominator: Kpi.count({ time: "acceptedAt" })
 *   })
 * })
 *
 * const r = Kpi.reducer([closureRate], { period: Period.year(2022), grain: "month", by: ["committee"] })
 * // push rows as they arrive (from a file, a cursor, a queue): memory does not grow with them
 * r.push({ acceptedAt: "2022-03-01 09:15:00", status: "办结", committee: "东城" })
 * r.push({ acceptedAt: "2022-03-02 14:40:00", status: "退回", committee: "东城" })
 * r.push({ acceptedAt: "2022-03-05 11:20:00", status: "办结", committee: "西城" })
 * const results = r.result()
 * // per committee (东城, 西城) and month: 东城 2022-03 is 0.5, 西城 2022-03 is 1
 * ```
 *
 * @since 0.1.0
 */
export const reducer = (defs: Definition | ReadonlyArray<Definition>, options: EvaluateOptions): Reducer =>
  reducerInternal.make(asArray(defs), options)

const toKpiError = (e: unknown): KpiError =>
  e instanceof KpiError ? e : new KpiError({ reason: "SourceFailed", message: `reading rows failed: ${String(e)}`, cause: e })

const isStream = (u: unknown): u is Stream.Stream<object, unknown, never> =>
  typeof u === "object" && u !== null && Stream.StreamTypeId in u

/**
 * Evaluates definitions over rows in one pass: per definition, per group (sorted by its values) and
 * per bucket of the period (in time order). Without `by` every bucket is reported, with `count: 0`
 * where no row fell; with `by`, every bucket of every group that has rows for the definition.
 *
 * Rows whose time field is missing (`null`/`undefined`) or outside the period are not counted; a
 * time that is not a civil date or date-time string (a `Date`, a number, `"2022/3/1"`) fails with a
 * `KpiError` naming the field, rather than silently counting nothing.
 *
 * @example
 * ```ts
 * import { Effect, Stream } from "effect"
 * import { Filter, Kpi } from "@govplan/kpi"
 * import { Period } from "@govplan/model"
 *
 * const firstContactRate = Kpi.define({
 *   id: "urban.hotline.first-contact-rate",
 *   name: "先行联系率",
 *   record: "hotline_order",
 *   measure: Kpi.ratio({
 *     numerator: Kpi.count({ time: "acceptedAt", where: Filter.eq("contactedInTime", "是") }),
 *     denominator: Kpi.count({ time: "acceptedAt" })
 *   })
 * })
 *
 * // an array, an async iterable or, as here, an Effect Stream of records
 * const rows = Stream.make(
 *   { acceptedAt: "2022-01-04 08:30:00", contactedInTime: "是" },
 *   { acceptedAt: "2022-01-17 13:10:00", contactedInTime: "是" },
 *   { acceptedAt: "2022-01-20 19:45:00", contactedInTime: "否" },
 *   { acceptedAt: "2022-01-31 10:00:00", contactedInTime: "是" }
 * )
 *
 * const program = Kpi.evaluate([firstContactRate], rows, { period: Period.year(2022), grain: "month" })
 * const results = await Effect.runPromise(program)
 * // [{ kpiId: "urban.hotline.first-contact-rate", period: "2022-01", group: {}, value: 0.75, numerator: 3, denominator: 4, count: 4, … }, …]
 * ```
 *
 * @since 0.1.0
 */
export const evaluate = (
  defs: Definition | ReadonlyArray<Definition>,
  rows: Rows,
  options: EvaluateOptions
): Effect.Effect<ReadonlyArray<KpiResult>, KpiError> =>
  Effect.gen(function*() {
    const r = yield* Effect.try({ try: () => reducer(defs, options), catch: toKpiError })
    if (isStream(rows)) {
      yield* Stream.runForEachChunk(rows, (chunk) =>
        Effect.try({
          try: () => {
            for (const row of chunk) r.push(row)
          },
          catch: toKpiError
        })).pipe(Effect.mapError(toKpiError))
    } else if (typeof (rows as AsyncIterable<unknown>)[Symbol.asyncIterator] === "function") {
      yield* Effect.tryPromise({
        try: async () => {
          for await (const row of rows as AsyncIterable<object>) r.push(row)
        },
        catch: toKpiError
      })
    } else {
      yield* Effect.try({
        try: () => {
          for (const row of rows as Iterable<object>) r.push(row)
        },
        catch: toKpiError
      })
    }
    return r.result()
  })

/**
 * {@link evaluate} as a Promise, for callers who do not use Effect. Rejects with a `KpiError`.
 *
 * @example
 * ```ts
 * import { Filter, Kpi } from "@govplan/kpi"
 * import { Period } from "@govplan/model"
 *
 * const firstContactRate = Kpi.define({
 *   id: "urban.hotline.first-contact-rate",
 *   name: "先行联系率",
 *   record: "hotline_order",
 *   measure: Kpi.ratio({
 *     numerator: Kpi.count({ time: "acceptedAt", where: Filter.eq("contactedInTime", "是") }),
 *     denominator: Kpi.count({ time: "acceptedAt" })
 *   })
 * })
 * const rows = [
 *   { acceptedAt: "2022-03-01 09:15:00", contactedInTime: "是" },
 *   { acceptedAt: "2022-03-09 16:20:00", contactedInTime: "否" },
 *   { acceptedAt: "2022-04-02 10:00:00", contactedInTime: "是" } // outside March: not counted
 * ]
 *
 * const results = await Kpi.evaluatePromise(firstContactRate, rows, { period: Period.month(2022, 3) })
 * // [{ kpiId: "urban.hotline.first-contact-rate", period: "2022-03", value: 0.5, numerator: 1, denominator: 2, count: 2, … }]
 * ```
 *
 * @since 0.1.0
 */
export const evaluatePromise = (
  defs: Definition | ReadonlyArray<Definition>,
  rows: Rows,
  options: EvaluateOptions
): Promise<ReadonlyArray<KpiResult>> =>
  Effect.runPromiseExit(evaluate(defs, rows, options)).then((exit) =>
    Exit.isSuccess(exit) ? exit.value : Promise.reject(Cause.squash(exit.cause))
  )

// ---------------------------------------------------------------------------
// roll-up
// ---------------------------------------------------------------------------

/**
 * How sub-period results roll up into one result for a longer period:
 * - `pooled`: Σ numerators ÷ Σ denominators (the annual rate over all the year's cases); results
 *   without parts (counts, sums) are summed;
 * - `meanOfPeriods`: the mean of the sub-period values (每月平均), skipping sub-periods with no data;
 *   the parts are kept and `note` names what was skipped;
 * - `sum`: the sum of the values (no-data parts skipped);
 * - `latest`: the value of the latest sub-period that has one.
 *
 * @since 0.1.0
 */
export type RollupMethod = "pooled" | "meanOfPeriods" | "sum" | "latest"

/**
 * Rolls sub-period results (e.g. monthly) up into one result per KPI and group for `period`,
 * using the sub-period results that lie inside it. Distinct counts, minima and maxima cannot be
 * pooled or summed from parts: those give `value: null` with a reason (evaluate them at the coarser
 * grain instead).
 *
 * @example
 * ```ts
 * import { Filter, Kpi } from "@govplan/kpi"
 * import { Period } from "@govplan/model"
 *
 * const closureRate = Kpi.define({
 *   id: "urban.hotline.closure-rate",
 *   name: "办结率",
 *   record: "hotline_order",
 *   measure: Kpi.ratio({
 *     numerator: Kpi.count({ time: "acceptedAt", where: Filter.eq("status", "办结") }),
 *     denominator: Kpi.count({ time: "acceptedAt" })
 *   })
 * })
 * const rows = [
 *   { acceptedAt: "2022-01-10 09:00:00", status: "办结" },
 *   { acceptedAt: "2022-02-14 10:30:00", status: "办结" },
 *   { acceptedAt: "2022-02-15 11:45:00", status: "办结" },
 *   { acceptedAt: "2022-02-21 15:00:00", status: "退回" }
 * ]
 *
 * const monthly = await Kpi.evaluatePromise([closureRate], rows, { period: Period.year(2022), grain: "month" })
 * const pooled = Kpi.rollup(monthly, "pooled", Period.year(2022))         // Σ num / Σ den: 3/4 = 0.75
 * const average = Kpi.rollup(monthly, "meanOfPeriods", Period.year(2022)) // 每月平均: (1 + 2/3) / 2 ≈ 0.833
 * ```
 *
 * @since 0.1.0
 */
export const rollup = (results: ReadonlyArray<KpiResult>, method: RollupMethod, period: Period.Period): ReadonlyArray<KpiResult> =>
  rollupInternal.rollup(results, method, period)

/**
 * The `Observation` of a plan indicator that a result measures: value, parts, the reason for no data,
 * and for a min/max over dates the day it was reached (`achievedOn`). Throws when `indicatorId` is not
 * an id or `asOf` not a civil date.
 *
 * @example
 * ```ts
 * import { Filter, Kpi } from "@govplan/kpi"
 * import { Period } from "@govplan/model"
 *
 * const firstContactRate = Kpi.define({
 *   id: "urban.hotline.first-contact-rate",
 *   name: "先行联系率",
 *   record: "hotline_order",
 *   measure: Kpi.ratio({
 *     numerator: Kpi.count({ time: "acceptedAt", where: Filter.eq("contactedInTime", "是") }),
 *     denominator: Kpi.count({ time: "acceptedAt" })
 *   })
 * })
 * const rows = [
 *   { acceptedAt: "2022-05-06 09:00:00", contactedInTime: "是" },
 *   { acceptedAt: "2022-06-13 14:20:00", contactedInTime: "否" }
 * ]
 *
 * const monthly = await Kpi.evaluatePromise(firstContactRate, rows, { period: Period.year(2022), grain: "month" })
 * const observations = Kpi.rollup(monthly, "meanOfPeriods", Period.year(2022)).map((annual) =>
 *   Kpi.toObservation(annual, { indicatorId: "p3.hotline.first-contact-rate", asOf: "2022-12-31" })
 * )
 * // [Observation { indicatorId: "p3.hotline.first-contact-rate", period: "2022", value: 0.5, parts: [12 months], … }]
 * // 0.5 is the mean of May (1) and June (0); the months without orders are skipped
 * ```
 *
 * @since 0.1.0
 */
export const toObservation = (
  result: KpiResult,
  options: { readonly indicatorId: string; readonly asOf: string }
): Observation.Observation => {
  const day = result.text !== undefined && result.text.length >= 10 ? result.text.slice(0, 10) : undefined
  return Observation.Observation.make({
    indicatorId: options.indicatorId,
    period: result.period,
    value: result.value,
    asOf: Civil.unsafeDate(options.asOf),
    ...(result.numerator !== undefined ? { numerator: result.numerator } : {}),
    ...(result.denominator !== undefined ? { denominator: result.denominator } : {}),
    ...(result.noDataReason !== undefined ? { noDataReason: result.noDataReason } : {}),
    ...(day !== undefined && Civil.isCivilDate(day) ? { achievedOn: Civil.unsafeDate(day) } : {}),
    ...(result.parts !== undefined ? { parts: result.parts } : {})
  })
}
