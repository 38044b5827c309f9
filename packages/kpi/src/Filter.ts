/**
 * Row filters of the KPI definition language.
 *
 * A filter is plain, JSON-serialisable data (`{ _tag: "Compare", op: "eq", field: "status", value: "办结" }`)
 * built with the constructors below. The same filter runs in memory (compiled once into a closure, see
 * `Kpi.evaluate`) and in SQL (see `KpiSql.compile`), with the same meaning in both:
 *
 * - A comparison with a missing value (`null` / `undefined` in memory, `NULL` in SQL) is **false**:
 *   `Filter.ne("status", "办结")` does not match a row whose status is missing.
 * - `Filter.not(f)` matches exactly the rows `f` does not match (two-valued logic; in SQL the operand is
 *   wrapped in `COALESCE(…, FALSE)` so SQL's three-valued `NOT NULL` cannot drop rows).
 *   So `Filter.not(Filter.eq("status", "办结"))` does match a row with no status.
 * - Values are strings or numbers and should have the field's type (compare text with text, numbers
 *   with numbers). Strings compare by code unit, as SQLite's and MySQL's binary collations and
 *   PostgreSQL's `"C"` collation do; civil dates and times (`"2022-03-01 09:15:00"`) therefore
 *   compare chronologically everywhere.
 *
 * @example
 * ```ts
 * import { Filter } from "@govplan/kpi"
 *
 * // closed on time, and not a duplicate
 * const onTime = Filter.and(
 *   Filter.eq("status", "办结"),
 *   Filter.fieldLe("closedAt", "dueAt"),
 *   Filter.not(Filter.oneOf("kind", ["重复件", "无效件"]))
 * )
 * ```
 *
 * @since 0.1.0
 */
import { Schema } from "effect"

/**
 * A value a field is compared with.
 *
 * @since 0.1.0
 */
export type Value = string | number

/**
 * A comparison operator: `=`, `<>`, `<`, `<=`, `>`, `>=`.
 *
 * @since 0.1.0
 */
export type Operator = "eq" | "ne" | "lt" | "le" | "gt" | "ge"

/**
 * A field compared with a value.
 *
 * @since 0.1.0
 */
export interface Compare {
  readonly _tag: "Compare"
  readonly op: Operator
  readonly field: string
  readonly value: Value
}

/**
 * A field compared with another field of the same row (`closedAt <= dueAt`).
 *
 * @since 0.1.0
 */
export interface FieldCompare {
  readonly _tag: "FieldCompare"
  readonly op: Operator
  readonly left: string
  readonly right: string
}

/**
 * A field equal to one of the values (SQL `IN`). An empty list matches nothing.
 *
 * @since 0.1.0
 */
export interface OneOf {
  readonly _tag: "OneOf"
  readonly field: string
  readonly values: ReadonlyArray<Value>
}

/**
 * A field that is missing (`null` or `undefined`; SQL `IS NULL`).
 *
 * @since 0.1.0
 */
export interface IsNull {
  readonly _tag: "IsNull"
  readonly field: string
}

/**
 * A field that is present (SQL `IS NOT NULL`).
 *
 * @since 0.1.0
 */
export interface IsNotNull {
  readonly _tag: "IsNotNull"
  readonly field: string
}

/**
 * All of the filters (an empty list matches every row).
 *
 * @since 0.1.0
 */
export interface And {
  readonly _tag: "And"
  readonly filters: ReadonlyArray<Filter>
}

/**
 * Any of the filters (an empty list matches no row).
 *
 * @since 0.1.0
 */
export interface Or {
  readonly _tag: "Or"
  readonly filters: ReadonlyArray<Filter>
}

/**
 * The rows the filter does not match.
 *
 * @since 0.1.0
 */
export interface Not {
  readonly _tag: "Not"
  readonly filter: Filter
}

/**
 * A row filter.
 *
 * @since 0.1.0
 */
export type Filter = Compare | FieldCompare | OneOf | IsNull | IsNotNull | And | Or | Not

const FieldName = Schema.String.pipe(
  Schema.nonEmptyString({ message: () => "expected a field name (a non-empty string)" })
)

const ValueSchema = Schema.Union(
  Schema.String,
  Schema.Number.pipe(Schema.finite({ message: () => "expected a finite number" }))
).annotations({ identifier: "Value", description: "a string or a finite number" })

const OperatorSchema = Schema.Literal("eq", "ne", "lt", "le", "gt", "ge")

/**
 * The schema of a filter, for loading definitions from JSON. The encoded form is the filter itself.
 *
 * @since 0.1.0
 */
export const Filter: Schema.Schema<Filter> = Schema.Union(
  Schema.Struct({ _tag: Schema.Literal("Compare"), op: OperatorSchema, field: FieldName, value: ValueSchema }),
  Schema.Struct({ _tag: Schema.Literal("FieldCompare"), op: OperatorSchema, left: FieldName, right: FieldName }),
  Schema.Struct({ _tag: Schema.Literal("OneOf"), field: FieldName, values: Schema.Array(ValueSchema) }),
  Schema.Struct({ _tag: Schema.Literal("IsNull"), field: FieldName }),
  Schema.Struct({ _tag: Schema.Literal("IsNotNull"), field: FieldName }),
  Schema.Struct({ _tag: Schema.Literal("And"), filters: Schema.Array(Schema.suspend((): Schema.Schema<Filter> => Filter)) }),
  Schema.Struct({ _tag: Schema.Literal("Or"), filters: Schema.Array(Schema.suspend((): Schema.Schema<Filter> => Filter)) }),
  Schema.Struct({ _tag: Schema.Literal("Not"), filter: Schema.suspend((): Schema.Schema<Filter> => Filter) })
).annotations({ identifier: "Filter" })

const compare = (op: Operator, field: string, value: Value): Compare => ({ _tag: "Compare", op, field, value })

/**
 * `field = value`.
 *
 * @example
 * ```ts
 * import { Filter } from "@govplan/kpi"
 *
 * Filter.eq("status", "办结")
 * ```
 *
 * @since 0.1.0
 */
export const eq = (field: string, value: Value): Filter => compare("eq", field, value)

/**
 * `field <> value` (false when the field is missing).
 *
 * @since 0.1.0
 */
export const ne = (field: string, value: Value): Filter => compare("ne", field, value)

/**
 * `field < value`.
 *
 * @since 0.1.0
 */
export const lt = (field: string, value: Value): Filter => compare("lt", field, value)

/**
 * `field <= value`.
 *
 * @since 0.1.0
 */
export const le = (field: string, value: Value): Filter => compare("le", field, value)

/**
 * `field > value`.
 *
 * @since 0.1.0
 */
export const gt = (field: string, value: Value): Filter => compare("gt", field, value)

/**
 * `field >= value`.
 *
 * @since 0.1.0
 */
export const ge = (field: string, value: Value): Filter => compare("ge", field, value)

/**
 * `field IN (values…)`. An empty list matches no row.
 *
 * @example
 * ```ts
 * import { Filter } from "@govplan/kpi"
 *
 * Filter.oneOf("channel", ["电话", "网络"])
 * ```
 *
 * @since 0.1.0
 */
export const oneOf = (field: string, values: ReadonlyArray<Value>): Filter => ({ _tag: "OneOf", field, values: [...values] })

/**
 * `field IS NULL`: the field is `null` or `undefined`.
 *
 * @since 0.1.0
 */
export const isNull = (field: string): Filter => ({ _tag: "IsNull", field })

/**
 * `field IS NOT NULL`.
 *
 * @since 0.1.0
 */
export const isNotNull = (field: string): Filter => ({ _tag: "IsNotNull", field })

/**
 * `left = right`, two fields of the same row (false when either is missing).
 *
 * @since 0.1.0
 */
export const fieldEq = (left: string, right: string): Filter => ({ _tag: "FieldCompare", op: "eq", left, right })

/**
 * `left < right`, two fields of the same row.
 *
 * @since 0.1.0
 */
export const fieldLt = (left: string, right: string): Filter => ({ _tag: "FieldCompare", op: "lt", left, right })

/**
 * `left <= right`, two fields of the same row: e.g. closed by the due time.
 *
 * @example
 * ```ts
 * import { Filter } from "@govplan/kpi"
 *
 * Filter.fieldLe("closedAt", "dueAt")
 * ```
 *
 * @since 0.1.0
 */
export const fieldLe = (left: string, right: string): Filter => ({ _tag: "FieldCompare", op: "le", left, right })

/**
 * `left <> right`, two fields of the same row.
 *
 * @since 0.1.0
 */
export const fieldNe = (left: string, right: string): Filter => ({ _tag: "FieldCompare", op: "ne", left, right })

/**
 * `left > right`, two fields of the same row.
 *
 * @since 0.1.0
 */
export const fieldGt = (left: string, right: string): Filter => ({ _tag: "FieldCompare", op: "gt", left, right })

/**
 * `left >= right`, two fields of the same row.
 *
 * @since 0.1.0
 */
export const fieldGe = (left: string, right: string): Filter => ({ _tag: "FieldCompare", op: "ge", left, right })

/**
 * All of the filters. With no filter it matches every row.
 *
 * @since 0.1.0
 */
export const and = (...filters: ReadonlyArray<Filter>): Filter => ({ _tag: "And", filters })

/**
 * Any of the filters. With no filter it matches no row.
 *
 * @since 0.1.0
 */
export const or = (...filters: ReadonlyArray<Filter>): Filter => ({ _tag: "Or", filters })

/**
 * The rows `filter` does not match (including rows where its fields are missing).
 *
 * @since 0.1.0
 */
export const not = (filter: Filter): Filter => ({ _tag: "Not", filter })

/**
 * Every row.
 *
 * @since 0.1.0
 */
export const all: Filter = { _tag: "And", filters: [] }

/**
 * The fields a filter reads, each once, in the order first seen.
 *
 * @since 0.1.0
 */
export const fields = (filter: Filter): ReadonlyArray<string> => {
  const out = new Set<string>()
  const go = (f: Filter): void => {
    switch (f._tag) {
      case "Compare":
      case "OneOf":
      case "IsNull":
      case "IsNotNull":
        out.add(f.field)
        return
      case "FieldCompare":
        out.add(f.left)
        out.add(f.right)
        return
      case "And":
      case "Or":
        for (const g of f.filters) go(g)
        return
      case "Not":
        go(f.filter)
        return
    }
  }
  go(filter)
  return [...out]
}

const OP_TEXT: Record<Operator, string> = { eq: "=", ne: "<>", lt: "<", le: "<=", gt: ">", ge: ">=" }

/**
 * A readable rendering, for error messages and documentation: `status = "办结" AND closedAt <= dueAt`.
 *
 * @since 0.1.0
 */
export const format = (filter: Filter): string => {
  switch (filter._tag) {
    case "Compare":
      return `${filter.field} ${OP_TEXT[filter.op]} ${JSON.stringify(filter.value)}`
    case "FieldCompare":
      return `${filter.left} ${OP_TEXT[filter.op]} ${filter.right}`
    case "OneOf":
      return `${filter.field} IN (${filter.values.map((v) => JSON.stringify(v)).join(", ")})`
    case "IsNull":
      return `${filter.field} IS NULL`
    case "IsNotNull":
      return `${filter.field} IS NOT NULL`
    case "And":
      return filter.filters.length === 0 ? "TRUE" : filter.filters.map((f) => wrap(f)).join(" AND ")
    case "Or":
      return filter.filters.length === 0 ? "FALSE" : filter.filters.map((f) => wrap(f)).join(" OR ")
    case "Not":
      return `NOT ${wrap(filter.filter)}`
  }
}

const wrap = (f: Filter): string => (f._tag === "And" || f._tag === "Or" ? `(${format(f)})` : format(f))
