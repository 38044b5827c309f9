/**
 * Column mappings: which column of a source feeds which field of a record schema, declared as data.
 *
 * A mapping maps a source's column names (CSV headers, SQL columns, JSON keys)
 * to schema fields. Several columns may map to one field (aliases used by
 * different exports: `受理时间` or `登记时间`); a file must then carry exactly one
 * of them. A field that no column names is looked up by its own name.
 *
 * @since 0.1.0
 */
import type { Schema } from "effect"

/**
 * How a cell is turned into the field's encoded value before the schema checks it.
 *
 * - `auto` (default): from the field's schema: numbers via `Coerce.toNumber`,
 *   booleans via `Coerce.toBoolean`, `CivilDate` / `CivilDateTime` (by their
 *   identifier annotation) via `Coerce.toCivilDate` / `toCivilDateTime`,
 *   literal unions by trimmed or half-width match, other strings trimmed.
 * - `string`: trimmed text, as is. `halfWidth`: trimmed, full-width ASCII made half-width.
 * - `number`, `boolean`, `civilDate`, `civilDateTime`: that coercion.
 * - `raw`: the cell untouched (not even trimmed; empty is still missing).
 *
 * @since 0.1.0
 */
export type Coercion =
  | "auto"
  | "string"
  | "halfWidth"
  | "number"
  | "boolean"
  | "civilDate"
  | "civilDateTime"
  | "raw"

/**
 * One column's mapping: the field, and optionally whether the column must be
 * present (default: when the field is required by the schema) and a coercion.
 *
 * @since 0.1.0
 */
export interface ColumnSpec {
  readonly field: string
  readonly required?: boolean
  readonly coerce?: Coercion
  /**
   * The field's code list: a cell (after trimming and `values`) must be one of these, else the row is
   * rejected with the allowed values in the reason. An empty cell is still "missing" (`null` when the
   * schema allows it).
   *
   * @since 0.2.0
   */
  readonly codes?: ReadonlyArray<string> | undefined
  /**
   * Value aliases of a coded field, applied before the code check: `{ 非常满意: "满意" }`. Only what a
   * deployment decides is policy; by default a value outside `codes` is rejected.
   *
   * @since 0.2.0
   */
  readonly values?: Readonly<Record<string, string>> | undefined
  /**
   * Whether an empty cell is a valid value of a required string field (default: whatever the schema
   * accepts; `Schema.String` accepts `""`). `false`: an empty cell is rejected as "a value is required".
   *
   * @since 0.2.0
   */
  readonly allowEmpty?: boolean | undefined
  /**
   * The field is (part of) the record's key: a later row with the same key cells is a duplicate
   * (see `Source.LoadOptions.duplicates`).
   *
   * @since 0.2.0
   */
  readonly key?: boolean | undefined
  /**
   * Computes the field when its cell is empty or its column absent, from the row's other fields
   * (already coerced and checked): `undefined` when it cannot, and the row is rejected. The result is
   * checked by the field's schema like a cell.
   *
   * @since 0.2.0
   */
  readonly derive?: ((record: Readonly<Record<string, unknown>>) => unknown) | undefined
}

/**
 * A mapping from column names to fields: `{ 工单编号: "orderId", 受理时间: { field: "acceptedAt", coerce: "civilDateTime" } }`.
 *
 * @example
 * ```ts
 * import type { ColumnMapping } from "@govplan/source"
 *
 * const mapping: ColumnMapping.ColumnMapping = {
 *   工单编号: "orderId",
 *   受理时间: "acceptedAt",
 *   登记时间: "acceptedAt", // an alias another export uses
 *   办结时间: "closedAt",
 *   满意度: { field: "rating", required: false }
 * }
 * ```
 *
 * @since 0.1.0
 */
export type ColumnMapping = Readonly<Record<string, string | ColumnSpec>>

/**
 * A column name as matched: Unicode-normalized (NFKC, so full-width letters and
 * digits match), trimmed, byte-order marks and zero-width spaces removed.
 *
 * @since 0.1.0
 */
export const normalizeName = (name: string): string => name.replace(/[\uFEFF\u200B-\u200D]/g, "").normalize("NFKC").trim()

/**
 * The spec of a mapping entry.
 *
 * @since 0.1.0
 */
export const spec = (entry: string | ColumnSpec): ColumnSpec => (typeof entry === "string" ? { field: entry } : entry)

/**
 * The columns a source with no rows at all is taken to have: for each field of the schema (a struct) the
 * first column the mapping maps to it, else the field's own name, then the mapping's other columns. A
 * driver whose header comes from its first record (SQL rows, JSON records) binds to these when there
 * is none, so that an empty result decodes to nothing rather than to "missing column" errors.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { ColumnMapping } from "@govplan/source"
 *
 * const Order = Schema.Struct({ id: Schema.String, acceptedAt: Schema.String })
 * ColumnMapping.expectedColumns(Order, { 工单编号: "id" }) // ["工单编号", "acceptedAt"]
 * ```
 *
 * @since 0.1.0
 */
export const expectedColumns = (schema: Schema.Schema.Any, mapping: ColumnMapping | undefined): ReadonlyArray<string> => {
  const byField = new Map<string, string>()
  for (const [column, entry] of Object.entries(mapping ?? {})) {
    const field = spec(entry).field
    if (!byField.has(field)) byField.set(field, column)
  }
  const ast = schema.ast
  const fields = ast._tag === "TypeLiteral" ? ast.propertySignatures.map((p) => String(p.name)) : []
  return [...new Set([...fields.map((f) => byField.get(f) ?? f), ...byField.values()])]
}

/**
 * Per field of the schema (a struct): the columns that may feed it (the mapping's, else the field's own
 * name), whether one of them must be present (an explicit `required`, else the field is not optional
 * in the schema; a derived field never is) and whether it is derived. For drivers that find columns
 * record by record (JSON APIs), where a column can first appear on a later page.
 *
 * @since 0.2.0
 */
export const fieldColumns = (
  schema: Schema.Schema.Any,
  mapping: ColumnMapping | undefined
): ReadonlyArray<{ readonly field: string; readonly columns: ReadonlyArray<string>; readonly required: boolean; readonly derived: boolean }> => {
  const ast = schema.ast
  if (ast._tag !== "TypeLiteral") return []
  const byField = new Map<string, Array<ColumnSpec & { readonly name: string }>>()
  for (const [column, entry] of Object.entries(mapping ?? {})) {
    const s = spec(entry)
    const list = byField.get(s.field) ?? []
    list.push({ ...s, name: column })
    byField.set(s.field, list)
  }
  return ast.propertySignatures.map((p) => {
    const field = String(p.name)
    const specs = byField.get(field) ?? []
    const derived = specs.some((s) => s.derive !== undefined)
    const explicit = specs.map((s) => s.required).filter((r) => r !== undefined)
    const required = !derived && (explicit.length > 0 ? explicit.some((r) => r === true) : !p.isOptional)
    return { field, columns: specs.length > 0 ? specs.map((s) => s.name) : [field], required, derived }
  })
}
