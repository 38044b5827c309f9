/**
 * The row decoder: cells in, records out, derived from an Effect Schema.
 *
 * The record schema is the single source of truth. From its AST the decoder
 * derives, for each field, a coercion (what a cell must become: a number, a
 * civil date, a trimmed string …) and a fast check (the schema's own keywords,
 * literals, unions and refinement predicates run directly, without building a
 * parse result). A row that passes every check is the schema's decoded value.
 * Only a row that fails is decoded with the full Schema, to explain why in the
 * schema's own words. Fields the fast path does not understand (transformations,
 * suspended schemas, declarations) are decoded per field with the Schema; a
 * schema that is not a struct (a `Schema.Class`, a transformed struct) is
 * decoded whole, row by row: slower, equally correct.
 *
 * @since 0.1.0
 */
import { Either, Option, ParseResult, Schema, SchemaAST as AST } from "effect"
import * as Coerce from "./Coerce.js"
import * as ColumnMapping from "./ColumnMapping.js"
import { flatten } from "./SourceError.js"

/**
 * The annotation that names the coercion for a schema (overrides `auto`):
 * `Schema.String.annotations({ [RowDecoder.CoercionAnnotationId]: "civilDate" })`.
 *
 * @since 0.1.0
 */
export const CoercionAnnotationId: unique symbol = Symbol.for("@govplan/source/Coercion")

/**
 * What one field needs, as derived from the schema.
 *
 * @since 0.1.0
 */
export interface FieldInfo {
  readonly name: string
  /** The property may be absent (`Schema.optional`). */
  readonly optional: boolean
  /** `null` is a valid value (`Schema.NullOr`). */
  readonly nullable: boolean
  /** `undefined` is a valid value (`Schema.UndefinedOr`). */
  readonly undefinedOk: boolean
  /** The coercion `auto` resolves to for this field. */
  readonly coercion: Exclude<ColumnMapping.Coercion, "auto"> | "literal"
  /** Whether the field is checked by the fast path (else decoded with its Schema). */
  readonly fast: boolean
}

/**
 * A problem with one row: the column and value when one cell is to blame.
 *
 * @since 0.1.0
 */
export class RowProblem {
  constructor(
    readonly reason: string,
    readonly column?: string,
    readonly field?: string,
    readonly value?: unknown
  ) {}
}

/**
 * A problem binding a decoder to a source's columns (missing or duplicated columns,
 * a mapping that names a field the schema lacks).
 *
 * @since 0.1.0
 */
export class BindProblem {
  constructor(
    readonly reason: "Header" | "Config",
    readonly detail: string,
    readonly column?: string
  ) {}
}

/**
 * A decoder bound to the columns of one source.
 *
 * @since 0.1.0
 */
export interface BoundDecoder<A> {
  /** The source's column names as given. */
  readonly headers: ReadonlyArray<string>
  /** `[column index, column name, field]` of every used column. */
  readonly columns: ReadonlyArray<readonly [number, string, string]>
  /** Columns no field is mapped to. */
  readonly ignoredColumns: ReadonlyArray<string>
  /**
   * `[column index, column name]` of the columns whose fields the mapping marks as the record key
   * (`ColumnSpec.key`), in schema order; empty when there is no key.
   *
   * @since 0.2.0
   */
  readonly keyColumns: ReadonlyArray<readonly [number, string]>
  /**
   * Fields computed when their column is absent (`ColumnSpec.derive`).
   *
   * @since 0.2.0
   */
  readonly derivedFields: ReadonlyArray<string>
  /** Decodes the cells of one row (in the source's column order). */
  readonly decode: (cells: ReadonlyArray<unknown>) => A | RowProblem
  /** Whether these cells repeat the header (a second file appended to the first). */
  readonly isHeaderRow: (cells: ReadonlyArray<unknown>) => boolean
}

/**
 * A decoder derived from a record schema.
 *
 * @since 0.1.0
 */
export interface RowDecoder<A> {
  readonly schema: Schema.Schema<A, any, never>
  readonly fields: ReadonlyArray<FieldInfo>
  /** Whether rows are checked by the fast path (the schema is a struct, possibly refined). */
  readonly fast: boolean
  /** Binds the decoder to a source's column names. */
  readonly bind: (headers: ReadonlyArray<string>) => BoundDecoder<A> | BindProblem
  /** Decodes a record given as an object of cells keyed by field name (used by tests and by sources of objects). */
  readonly decodeFields: (cells: Readonly<Record<string, unknown>>) => A | RowProblem
}

/**
 * Options of {@link make}.
 *
 * @since 0.1.0
 */
export interface Options {
  readonly mapping?: ColumnMapping.ColumnMapping | undefined
  /** Cell values that mean "no value" after trimming (default `Coerce.defaultMissing`). */
  readonly missing?: ReadonlyArray<string> | undefined
  /** Extra cells beyond the header are rejected unless empty (default `true`: a trailing delimiter is harmless). */
  readonly allowEmptyExtraCells?: boolean | undefined
  /** Use the fast per-column checks (default `true`); `false` decodes every row with the full Schema. */
  readonly fastPath?: boolean | undefined
}

// ---------------------------------------------------------------------------
// AST analysis
// ---------------------------------------------------------------------------

type Check = (u: unknown) => boolean

const PARSE_OPTIONS: AST.ParseOptions = {}

// --- allocation-free checks for the model's civil dates ---------------------------------------

const digit = (s: string, i: number): number => {
  const c = s.charCodeAt(i) - 48
  return c >= 0 && c <= 9 ? c : -100000
}
const dim = (y: number, m: number): number =>
  m === 2 ? ((y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28) : m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31
const civilDateAt = (s: string): boolean => {
  if (s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45) return false
  const y = digit(s, 0) * 1000 + digit(s, 1) * 100 + digit(s, 2) * 10 + digit(s, 3)
  const m = digit(s, 5) * 10 + digit(s, 6)
  const d = digit(s, 8) * 10 + digit(s, 9)
  return y >= 1 && m >= 1 && m <= 12 && d >= 1 && d <= dim(y, m)
}
/** `YYYY-MM-DD` that exists in the calendar (what `Civil.isCivilDate` accepts). */
const fastCivilDate = (u: unknown): boolean => typeof u === "string" && u.length === 10 && civilDateAt(u)
/** `YYYY-MM-DD HH:mm:ss` (what `Civil.isCivilDateTime` accepts). */
const fastCivilDateTime = (u: unknown): boolean => {
  if (typeof u !== "string" || u.length !== 19 || u.charCodeAt(10) !== 32 || u.charCodeAt(13) !== 58 || u.charCodeAt(16) !== 58) {
    return false
  }
  const hh = digit(u, 11) * 10 + digit(u, 12)
  const mi = digit(u, 14) * 10 + digit(u, 15)
  const ss = digit(u, 17) * 10 + digit(u, 18)
  return hh >= 0 && hh < 24 && mi >= 0 && mi < 60 && ss >= 0 && ss < 60 && civilDateAt(u)
}

/** Strings on which a substitute must agree with the schema's own filter before it is trusted. */
const DATE_PROBES = [
  "2022-03-01", "2024-02-29", "2023-02-29", "1900-02-29", "2000-02-29", "2100-02-28", "2100-02-29", "0001-01-01", "0000-01-01",
  "9999-12-31", "1899-12-31", "1999-01-01", "2020-01-01", "2030-12-31", "2022-04-30", "2022-04-31", "2022-13-01", "2022-00-10",
  "2022-01-00", "2200-02-29", "2400-02-29", "1600-02-29", "0004-02-29", "0100-02-29", "2022-1-01", "2022/03/01", " 2022-03-01", "2022-03-01 ", "２０２２-03-01", "2022-03-01\n", "", "x"
]
const DATE_TIME_PROBES = [
  ...DATE_PROBES.map((d) => d + " 09:15:00"), "2022-03-01 00:00:00", "2022-03-01 23:59:59", "2022-03-01 24:00:00",
  "2022-03-01 12:60:00", "2022-03-01 12:00:60", "2022-03-01T09:15:00", "2022-03-01 9:15:00", "2022-03-01 09:15",
  "2022-03-01 09:15:00.000", "2022-03-01", "1970-01-01 08:00:00", "2038-01-19 11:14:08"
]

/**
 * A substitute for a refinement the decoder knows: the model's `CivilDate` / `CivilDateTime` (by
 * their identifier, refining a plain string), used only when it agrees with the schema's own filter
 * on every probe, so a schema that merely borrows the name keeps its own check.
 */
const knownCheck = (ast: AST.Refinement): Check | undefined => {
  const id = ast.annotations[AST.IdentifierAnnotationId]
  if (ast.from._tag !== "StringKeyword" || (id !== "CivilDate" && id !== "CivilDateTime")) return undefined
  const [fast, probes] = id === "CivilDate" ? [fastCivilDate, DATE_PROBES] : [fastCivilDateTime, DATE_TIME_PROBES]
  try {
    for (const p of probes) {
      if (fast(p) !== Option.isNone(ast.filter(p, PARSE_OPTIONS, ast))) return undefined
    }
  } catch {
    return undefined
  }
  return fast
}

/**
 * Remembers the results of a check over strings that repeat (a due date, a category code):
 * pure schema filters give the same answer for the same value. Turns itself off when values
 * rarely repeat.
 */
const memoize = (check: Check): Check => {
  let memo: Map<string, boolean> | undefined = new Map()
  let calls = 0
  let hits = 0
  return (u) => {
    if (memo === undefined || typeof u !== "string") return check(u)
    const known = memo.get(u)
    if (known !== undefined) {
      hits++
      return known
    }
    const r = check(u)
    if (memo.size >= 4096) memo.clear()
    memo.set(flatten(u), r) // a copy: the cell would keep its whole chunk of text alive
    if (++calls === 4096 && hits < calls) memo = undefined // fewer than half the lookups hit
    return r
  }
}

/** Whether an AST holds a refinement whose filter the decoder runs as is (not a known substitute). */
const hasOpaqueRefinement = (ast: AST.AST): boolean => {
  switch (ast._tag) {
    case "Refinement":
      return knownCheck(ast) === undefined || hasOpaqueRefinement(ast.from)
    case "Union":
      return ast.types.some(hasOpaqueRefinement)
    default:
      return false
  }
}

/** A fast check equivalent to decoding with the AST, for ASTs whose decoding does not transform. */
const compileCheck = (ast: AST.AST): Check | undefined => {
  switch (ast._tag) {
    case "StringKeyword":
      return (u) => typeof u === "string"
    case "NumberKeyword":
      return (u) => typeof u === "number"
    case "BooleanKeyword":
      return (u) => typeof u === "boolean"
    case "BigIntKeyword":
      return (u) => typeof u === "bigint"
    case "UndefinedKeyword":
    case "VoidKeyword":
      return (u) => u === undefined
    case "UnknownKeyword":
    case "AnyKeyword":
      return () => true
    case "NeverKeyword":
      return () => false
    case "Literal": {
      const lit = ast.literal
      return (u) => u === lit
    }
    case "Enums": {
      const values = new Set<unknown>(ast.enums.map(([, v]) => v))
      return (u) => values.has(u)
    }
    case "TemplateLiteral": {
      const re = AST.getTemplateLiteralRegExp(ast)
      return (u) => typeof u === "string" && re.test(u)
    }
    case "Union": {
      const members = ast.types.map(compileCheck)
      if (members.some((m) => m === undefined)) return undefined
      const ms = members as Array<Check>
      const literals = ast.types.every(AST.isLiteral) ? new Set(ast.types.map((t) => (t as AST.Literal).literal)) : undefined
      if (literals !== undefined) return (u) => literals.has(u as AST.LiteralValue)
      return (u) => {
        for (let i = 0; i < ms.length; i++) if (ms[i]!(u)) return true
        return false
      }
    }
    case "Refinement": {
      const known = knownCheck(ast)
      if (known !== undefined) return known
      const from = compileCheck(ast.from)
      if (from === undefined) return undefined
      const filter = ast.filter
      return (u) => from(u) && Option.isNone(filter(u, PARSE_OPTIONS, ast))
    }
    default:
      return undefined
  }
}

type Kind = FieldInfo["coercion"]

const identifierKind = (ast: AST.AST): Kind | undefined => {
  const hint = ast.annotations[CoercionAnnotationId]
  if (typeof hint === "string" && hint !== "auto") return hint as Kind
  // the model's civil schemas, when their filter really is the civil one (else a borrowed name)
  if (ast._tag === "Refinement" && knownCheck(ast) !== undefined) {
    const id = ast.annotations[AST.IdentifierAnnotationId]
    if (id === "CivilDate") return "civilDate"
    if (id === "CivilDateTime") return "civilDateTime"
  }
  return undefined
}

/** The coercion a field's encoded side calls for. */
const kindOf = (ast: AST.AST): Kind => {
  const hinted = identifierKind(ast)
  if (hinted !== undefined) return hinted
  switch (ast._tag) {
    case "NumberKeyword":
      return "number"
    case "BooleanKeyword":
      return "boolean"
    case "StringKeyword":
    case "TemplateLiteral":
      return "string"
    case "Literal":
    case "Enums":
      return "literal"
    case "Refinement":
      return kindOf(ast.from)
    case "Transformation":
      return kindOf(ast.from)
    case "Suspend":
      return kindOf(ast.f())
    case "Union": {
      const kinds = new Set(
        ast.types
          .filter((t) => !(t._tag === "UndefinedKeyword" || (t._tag === "Literal" && t.literal === null)))
          .map(kindOf)
      )
      if (kinds.size === 1) return [...kinds][0]!
      if ([...kinds].every((k) => k === "literal" || k === "string")) return kinds.has("literal") && kinds.size === 1 ? "literal" : "string"
      return "raw"
    }
    case "UnknownKeyword":
    case "AnyKeyword":
      return "raw"
    default:
      return "raw"
  }
}

const acceptsValue = (ast: AST.AST, value: unknown): boolean => {
  switch (ast._tag) {
    case "UndefinedKeyword":
    case "VoidKeyword":
    case "UnknownKeyword":
    case "AnyKeyword":
      return value === undefined || ast._tag === "UnknownKeyword" || ast._tag === "AnyKeyword"
    case "Literal":
      return ast.literal === value
    case "Union":
      return ast.types.some((t) => acceptsValue(t, value))
    case "Refinement":
      return acceptsValue(ast.from, value) && Option.isNone(ast.filter(value, PARSE_OPTIONS, ast))
    case "Transformation":
      return acceptsValue(ast.from, value)
    case "Suspend":
      return acceptsValue(ast.f(), value)
    default:
      return false
  }
}

const literalValues = (ast: AST.AST, out: Array<AST.LiteralValue> = []): Array<AST.LiteralValue> => {
  switch (ast._tag) {
    case "Literal":
      if (ast.literal !== null) out.push(ast.literal)
      break
    case "Enums":
      for (const [, v] of ast.enums) out.push(v)
      break
    case "Union":
      for (const t of ast.types) literalValues(t, out)
      break
    case "Refinement":
    case "Transformation":
      literalValues(ast.from, out)
      break
  }
  return out
}

/** Whether a string check accepts exactly civil dates or civil date-times (so cells can be coerced to them). */
const probeDateKind = (is: (u: unknown) => boolean): "civilDate" | "civilDateTime" | undefined => {
  try {
    if (is("x") || is("2022/3/1") || is("")) return undefined
    if (is("2022-03-01") && !is("2022-02-30") && !is("2022-03-01 09:15:00")) return "civilDate"
    if (is("2022-03-01 09:15:00") && !is("2022-03-01") && !is("2022-02-30 09:15:00")) return "civilDateTime"
  } catch {
    // a filter that throws on strings is not a date filter
  }
  return undefined
}

// ---------------------------------------------------------------------------
// coercion
// ---------------------------------------------------------------------------

/** Returned by a coercer that cannot coerce a cell. */
const FAIL: unique symbol = Symbol("@govplan/source/RowDecoder/FAIL")
type Coercer = (raw: unknown) => unknown

const CANONICAL_DATE = /^\d{4}-\d{2}-\d{2}$/
const CANONICAL_DATE_TIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/

const makeCoercer = (kind: Kind, ast: AST.AST): Coercer => {
  switch (kind) {
    case "raw":
      return (raw) => raw
    case "string":
      return (raw) =>
        typeof raw === "string" ? raw.trim() : typeof raw === "number" || typeof raw === "bigint" ? String(raw) : raw
    case "halfWidth":
      return (raw) => (typeof raw === "string" ? Coerce.halfWidth(raw).trim() : raw)
    case "number":
      return (raw) => {
        const n = Coerce.toNumber(raw)
        return n === undefined ? FAIL : n
      }
    case "boolean":
      return (raw) => {
        const b = Coerce.toBoolean(raw)
        return b === undefined ? FAIL : b
      }
    case "civilDate":
      return (raw) => {
        // the canonical form goes straight to the schema's own check (which knows the calendar)
        if (typeof raw === "string" && CANONICAL_DATE.test(raw)) return raw
        const d = Coerce.toCivilDate(raw)
        return d === undefined ? FAIL : d
      }
    case "civilDateTime":
      return (raw) => {
        if (typeof raw === "string" && CANONICAL_DATE_TIME.test(raw)) return raw
        const d = Coerce.toCivilDateTime(raw)
        return d === undefined ? FAIL : d
      }
    case "literal": {
      const values = literalValues(ast)
      const strings = new Set(values.filter((v): v is string => typeof v === "string"))
      const numbers = values.filter((v) => typeof v === "number")
      const byHalfWidth = new Map<string, string>()
      for (const s of strings) byHalfWidth.set(Coerce.halfWidth(s).normalize("NFKC").toLowerCase(), s)
      return (raw) => {
        if (typeof raw !== "string") return raw
        const t = raw.trim()
        if (strings.has(t)) return t
        if (numbers.length > 0) {
          const n = Coerce.toNumber(t)
          if (n !== undefined && numbers.includes(n)) return n
        }
        const folded = byHalfWidth.get(Coerce.halfWidth(t).normalize("NFKC").toLowerCase())
        return folded ?? t
      }
    }
  }
}

const explainCoercion = (kind: Kind, raw: unknown): string => {
  const shown = JSON.stringify(typeof raw === "string" && raw.length > 60 ? raw.slice(0, 60) + "…" : raw)
  switch (kind) {
    case "number":
      return `expected a number (e.g. 1234, 1,234, 98.5%), got ${shown}`
    case "boolean":
      return `expected yes or no (是/否, Y/N, 1/0, true/false), got ${shown}`
    case "civilDate":
      return `${Coerce.explainCivilDate(raw) ?? "not a date"}: ${shown}`
    case "civilDateTime":
      return `${Coerce.explainCivilDateTime(raw) ?? "not a date-time"}: ${shown}`
    default:
      return `cannot read ${shown}`
  }
}

// ---------------------------------------------------------------------------
// the decoder
// ---------------------------------------------------------------------------

interface FieldPlan extends FieldInfo {
  readonly emptyOk: boolean
  readonly ast: AST.AST
  readonly check: Check | undefined
  readonly decodeField: (u: unknown) => Either.Either<unknown, ParseResult.ParseIssue>
  readonly coercer: Coercer
  readonly coercionFor: (c: ColumnMapping.Coercion | undefined) => readonly [Kind, Coercer]
}

const structOf = (ast: AST.AST): { readonly struct: AST.TypeLiteral; readonly filters: ReadonlyArray<AST.Refinement> } | undefined => {
  const filters: Array<AST.Refinement> = []
  let cur = ast
  while (cur._tag === "Refinement") {
    filters.unshift(cur)
    cur = cur.from
  }
  if (cur._tag === "TypeLiteral" && cur.indexSignatures.length === 0) return { struct: cur, filters }
  return undefined
}

/** The struct a non-struct schema decodes from (a `Schema.Class`'s fields, a transformed struct's source). */
const encodedStructOf = (ast: AST.AST): AST.TypeLiteral | undefined => {
  let cur = ast
  for (;;) {
    if (cur._tag === "Transformation" || cur._tag === "Refinement") cur = cur.from
    else if (cur._tag === "Suspend") cur = cur.f()
    else break
  }
  return cur._tag === "TypeLiteral" ? cur : undefined
}

/** Describes a parse issue the way a user reads it: the first failing field, its message, how many fields failed. */
const explainIssue = (
  issue: ParseResult.ParseIssue,
  fieldAst: (field: string) => AST.AST | undefined,
  valueOf: (field: string) => unknown
): { readonly field?: string; readonly message: string; readonly count: number } => {
  const all = ParseResult.ArrayFormatter.formatIssueSync(issue)
  const first = all[0]
  if (first === undefined) return { message: ParseResult.TreeFormatter.formatIssueSync(issue), count: 1 }
  const fields = new Set(all.map((i) => (i.path.length > 0 ? String(i.path[0]) : "")))
  if (first.path.length === 0) return { message: first.message, count: fields.size }
  const field = String(first.path[0])
  // a union reports one issue per member: drop the "Expected undefined / null" of optional and
  // nullable fields, and merge what is left
  const same = all.filter((i) => i.path.length === 1 && String(i.path[0]) === field)
  const relevant = same.filter((i) => !/^Expected (undefined|null), actual/.test(i.message))
  const ast = fieldAst(field)
  const message = relevant.length === 1
    ? relevant[0]!.message
    : relevant.length > 1 && ast !== undefined
    ? `Expected ${String(ast)}, actual ${JSON.stringify(valueOf(field))}`
    : first.message
  return { field, message, count: fields.size }
}

/** Whether a schema accepts every string as it is (a plain string, or a union with one). */
const acceptsAnyString = (ast: AST.AST): boolean =>
  ast._tag === "StringKeyword" || (ast._tag === "Union" && ast.types.some(acceptsAnyString))

/**
 * The known substitute check a schema applies to strings: the schema's own (a `CivilDate` /
 * `CivilDateTime` refinement), or its one member that can hold a string in a union with `null` /
 * `undefined` (which no string is).
 */
const stringCheckOf = (ast: AST.AST): Check | undefined => {
  if (ast._tag === "Refinement") return knownCheck(ast)
  if (ast._tag !== "Union") return undefined
  const rest = ast.types.filter((t) => !(t._tag === "UndefinedKeyword" || (t._tag === "Literal" && t.literal === null)))
  return rest.length === 1 ? stringCheckOf(rest[0]!) : undefined
}

/**
 * Characters a cell may not start or end with to be taken as it is: everything `String.prototype.trim`
 * removes and everything the missing-value check treats as padding (control characters included).
 */
const edgeSpace = (c: number): boolean =>
  c <= 32 || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200b) || c === 0x2028 || c === 0x2029 || c === 0x202f ||
  c === 0x205f || c === 0x3000 || c === 0xfeff

/** A key for generated object literals (`__proto__` computed, so it stays a plain property). */
const literalKey = (name: string): string => (name === "__proto__" ? `[${JSON.stringify(name)}]` : JSON.stringify(name))

const MISSING_VALUE: unique symbol = Symbol("@govplan/source/RowDecoder/MISSING")

/**
 * Derives a row decoder from a record schema.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { RowDecoder } from "@govplan/source"
 *
 * const Order = Schema.Struct({ orderId: Schema.String, rating: Schema.optional(Schema.Number) })
 * const decoder = RowDecoder.make(Order, { mapping: { 工单编号: "orderId", 满意度: "rating" } })
 * const bound = decoder.bind(["工单编号", "满意度"])
 * if (!(bound instanceof RowDecoder.BindProblem)) {
 *   bound.decode(["A1", "98.5%"]) // { orderId: "A1", rating: 0.985 }
 * }
 * ```
 *
 * @since 0.1.0
 */
export const make = <A, I>(schema: Schema.Schema<A, I, never>, options: Options = {}): RowDecoder<A> => {
  const missing = new Set(options.missing ?? Coerce.defaultMissing)
  const allowEmptyExtra = options.allowEmptyExtraCells ?? true
  const fullDecode = ParseResult.decodeUnknownEither(schema as Schema.Schema<A, I, never>, {
    errors: "all",
    onExcessProperty: "ignore"
  })
  const shape = structOf(schema.ast)
  const struct = shape?.struct ?? encodedStructOf(schema.ast)
  if (struct === undefined) {
    throw new TypeError(
      `RowDecoder.make: the record schema must be a struct (Schema.Struct or Schema.Class), got ${String(schema.ast)}`
    )
  }
  const fast = shape !== undefined && options.fastPath !== false
  const structFilters = shape?.filters ?? []

  const plans: Array<FieldPlan> = struct.propertySignatures.map((ps) => {
    const ast = ps.type
    const compiled = fast ? compileCheck(ast) : undefined
    const check = compiled !== undefined && hasOpaqueRefinement(ast) ? memoize(compiled) : compiled
    const fieldSchema = Schema.make(ast)
    const decodeField = ParseResult.decodeUnknownEither(fieldSchema as Schema.Schema<unknown, unknown, never>)
    let kind = kindOf(ast)
    let coercer = makeCoercer(kind, ast)
    if (kind === "string") {
      // a string refined to civil dates without the Civil identifier (a plain Schema.filter):
      // recognise it by what it accepts, and coerce cells it does not accept as they are
      const is = check ?? Schema.is(Schema.typeSchema(fieldSchema) as Schema.Schema<unknown>)
      const probed = probeDateKind(is)
      if (probed !== undefined) {
        const to = probed === "civilDate" ? Coerce.toCivilDate : Coerce.toCivilDateTime
        kind = probed
        const canonical = probed === "civilDate" ? CANONICAL_DATE : CANONICAL_DATE_TIME
        coercer = (raw) => {
          const t = typeof raw === "string" ? raw.trim() : raw
          // the canonical form goes straight to the schema's own check; other forms are coerced
          if (typeof t === "string" && canonical.test(t)) return t
          return to(t) ?? FAIL
        }
      }
    }
    const coercionFor = (c: ColumnMapping.Coercion | undefined): readonly [Kind, Coercer] =>
      c === undefined || c === "auto" ? [kind, coercer] : [c, makeCoercer(c, ast)]
    return {
      name: String(ps.name),
      optional: ps.isOptional,
      nullable: acceptsValue(ast, null),
      undefinedOk: acceptsValue(ast, undefined),
      emptyOk: (check ?? Schema.is(Schema.typeSchema(fieldSchema) as Schema.Schema<unknown>))(""),
      coercion: kind,
      fast: check !== undefined,
      ast,
      check,
      decodeField,
      coercer,
      coercionFor
    }
  })
  const planByName = new Map(plans.map((p) => [p.name, p] as const))
  const filterFns = structFilters.map((r) => (u: unknown) => Option.isNone(r.filter(u, PARSE_OPTIONS, r)))

  /**
   * The value a missing cell stands for: the key left out (`Schema.optional`), `null` (`NullOr`),
   * `undefined` (`UndefinedOr`), `""` (a required string the schema allows to be empty), else
   * MISSING_VALUE (a required value is missing).
   */
  const missingValue = (p: FieldPlan): unknown =>
    p.optional ? MISSING_VALUE : p.nullable ? null : p.undefinedOk ? undefined : p.emptyOk ? "" : MISSING_VALUE

  let missingMaxLength = 0
  for (const m of missing) missingMaxLength = Math.max(missingMaxLength, m.length)
  /** The first characters of the missing tokens: a cell starting otherwise is not one (no hashing). */
  const missingFirst = new Set<number>([...missing].filter((m) => m.length > 0).map((m) => m.charCodeAt(0)))
  const isSpace = (c: number): boolean => c <= 32 || c === 0xa0 || c === 0x3000 || c === 0xfeff || (c >= 0x2000 && c <= 0x200b)
  const isMissing = (raw: unknown): boolean => {
    if (typeof raw === "string") {
      const len = raw.length
      if (len === 0) return true
      // most cells are longer than every missing token and not padded: no hashing, no trimming
      if (len <= missingMaxLength && missing.has(raw)) return true
      if (isSpace(raw.charCodeAt(0)) || isSpace(raw.charCodeAt(len - 1))) {
        const t = raw.trim()
        return t.length === 0 || missing.has(t)
      }
      return false
    }
    return raw === undefined || raw === null
  }

  /**
   * A cell's value when the cell is plain: a string that is not a missing token and has no character
   * `trim` (or the missing check) would remove at either end; FAIL for any other cell (the general
   * decoder then reads it). Where the coercion of a plain cell is known to be the cell itself (a string,
   * a canonical civil date), the coercer is skipped; where the check is known to pass (any string), too.
   */
  const plainCell = (kind: Kind, coercer: Coercer, check: Check, ast: AST.AST): Coercer => {
    const anyString = acceptsAnyString(ast)
    const plain = (raw: unknown): raw is string => {
      if (typeof raw !== "string") return false
      const len = raw.length
      if (len === 0) return false
      const c0 = raw.charCodeAt(0)
      if (len <= missingMaxLength && missingFirst.has(c0) && missing.has(raw)) return false
      return !edgeSpace(c0) && !edgeSpace(raw.charCodeAt(len - 1))
    }
    switch (kind) {
      case "string":
        // trim() of a plain cell is the cell
        return anyString
          ? (raw) => (plain(raw) ? raw : FAIL)
          : (raw) => (plain(raw) && check(raw) ? raw : FAIL)
      case "civilDate":
      case "civilDateTime": {
        // a valid canonical date is what the coercer passes through unchanged
        const canonical = kind === "civilDate" ? fastCivilDate : fastCivilDateTime
        return check === canonical || stringCheckOf(ast) === canonical
          ? (raw) => (plain(raw) && canonical(raw) ? raw : FAIL)
          : (raw) => (plain(raw) && canonical(raw) && check(raw) ? raw : FAIL)
      }
      case "number":
        return (raw) => {
          // a number cell (a database's integer or float column) is what the coercer leaves it, if finite
          if (typeof raw === "number") return Number.isFinite(raw) && check(raw) ? raw : FAIL
          if (!plain(raw)) return FAIL
          const len = raw.length
          let v: unknown
          if (len <= 15) {
            // a plain run of ASCII digits is the number Number() reads (what the coercer does with it)
            let x = 0
            for (let i = 0; i < len; i++) {
              const d = raw.charCodeAt(i) - 48
              if (d < 0 || d > 9) {
                x = -1
                break
              }
              x = x * 10 + d
            }
            v = x >= 0 ? x : coercer(raw)
          } else v = coercer(raw)
          return v !== FAIL && check(v) ? v : FAIL
        }
      default:
        return (raw) => {
          if (!plain(raw)) return FAIL
          const v = coercer(raw)
          return v !== FAIL && check(v) ? v : FAIL
        }
    }
  }

  interface Col {
    /** The cell's index; -1 for an absent column whose field is derived. */
    readonly index: number
    readonly header: string
    readonly plan: FieldPlan
    readonly kind: Kind
    readonly coercer: Coercer
    /** The value an empty cell stands for (MISSING_VALUE: a value is required). */
    readonly empty: unknown
    /** Explains a cell the coercer failed on (coded fields: the allowed values). */
    readonly explainFail?: ((raw: unknown) => string) | undefined
    readonly derive?: ((record: Readonly<Record<string, unknown>>) => unknown) | undefined
  }

  /** A coded column's coercer: the base coercion, the value aliases, then the code list. */
  const codedCoercer = (
    base: Coercer,
    codes: ReadonlyArray<string>,
    values: Readonly<Record<string, string>> | undefined
  ): readonly [Coercer, (raw: unknown) => string] => {
    const allowed = new Set(codes)
    const aliases = new Map<string, string>()
    for (const [from, to] of Object.entries(values ?? {})) aliases.set(ColumnMapping.normalizeName(from), to)
    const coercer: Coercer = (raw) => {
      const v = base(raw)
      if (typeof v !== "string") return FAIL
      if (allowed.has(v)) return v
      const folded = ColumnMapping.normalizeName(v)
      if (allowed.has(folded)) return folded
      const aliased = aliases.get(folded)
      return aliased !== undefined && allowed.has(aliased) ? aliased : FAIL
    }
    const shownAliases = aliases.size > 0
      ? `; accepted aliases: ${[...aliases].map(([a, b]) => `${a}→${b}`).join(", ")}`
      : ""
    const explainFail = (raw: unknown): string =>
      `${JSON.stringify(raw)} is not an allowed value; allowed: ${codes.join(", ")}${shownAliases}`
    return [coercer, explainFail]
  }

  /** Explains a row the fast path rejected, with the full schema decode. */
  const explain = (cols: ReadonlyArray<Col>, obj: Record<string, unknown>, raws: ReadonlyArray<unknown>): RowProblem => {
    const r = fullDecode(obj)
    if (Either.isRight(r)) {
      // the fast path and the schema disagree: trust the schema, but say so
      return new RowProblem("internal: the fast decoder rejected a row the schema accepts; please report this")
    }
    const e = explainIssue(r.left, (f) => planByName.get(f)?.ast, (f) => obj[f])
    const ci = cols.findIndex((c) => c.plan.name === e.field)
    const more = e.count > 1 ? ` (and ${e.count - 1} more problem${e.count > 2 ? "s" : ""} in this row)` : ""
    if (ci >= 0) {
      const c = cols[ci]!
      return new RowProblem(e.message + more, c.header, c.plan.name, raws[ci])
    }
    return new RowProblem(e.message + more, undefined, e.field)
  }

  const build = (cols: ReadonlyArray<Col>, unbound: ReadonlyArray<FieldPlan>, headerCount: number) => {
    const n = cols.length
    const index = cols.map((c) => c.index)
    const coercers = cols.map((c) => c.coercer)
    const checks = cols.map((c) => c.plan.check)
    const decodeFields = cols.map((c) => c.plan.decodeField)
    const missingValues = cols.map((c) => c.empty)
    const derives = cols.map((c) => c.derive)
    const anyDerive = derives.some((d) => d !== undefined)
    const names = cols.map((c) => c.plan.name)
    const allFast = fast && checks.every((c) => c !== undefined)
    const unboundValues = unbound.map(missingValue)
    const unboundKept = unbound.filter((_, i) => unboundValues[i] !== MISSING_VALUE)
    const unboundKeptValues = unboundValues.filter((v) => v !== MISSING_VALUE)
    // the record built as one object literal (a stable shape, no keyed stores) when no key is left out;
    // where code generation is not allowed (a strict Content-Security-Policy) the keys are set one by one
    const keys = [...names, ...unboundKept.map((p) => p.name)]
    let literal: (v: Array<unknown>, u: ReadonlyArray<unknown>) => Record<string, unknown>
    // records are made by a generated constructor whose instances are plain objects (prototype
    // Object.prototype, own enumerable properties in the schema's order): unlike an object literal, a
    // constructor has no allocation site V8 could decide to pretenure. Records of a batch are alive when
    // the young generation is collected; V8 then allocates a literal's records in the old generation,
    // where they hold every cell's string (and the text it is sliced from) until a full collection
    // (measured: 600 MB promoted and +1.2 s CPU on 1M rows).
    let Rec: (new(...values: Array<unknown>) => Record<string, unknown>) | undefined
    try {
      if (!keys.includes("__proto__")) {
        const params = keys.map((_, i) => `a${i}`)
        Rec = new Function(...params, keys.map((k, i) => `this[${JSON.stringify(k)}] = a${i};`).join("\n")) as typeof Rec
        Rec!.prototype = Object.prototype
      }
      literal = Rec !== undefined
        ? new Function(
          "R",
          "return function (v, u) { return new R(" +
            [...names.map((_, i) => `v[${i}]`), ...unboundKept.map((_, i) => `u[${i}]`)].join(", ") + "); }"
        )(Rec) as typeof literal
        : new Function(
          "v",
          "u",
          "return {" +
            [
              ...names.map((name, i) => `${literalKey(name)}: v[${i}]`),
              ...unboundKept.map((p, i) => `${literalKey(p.name)}: u[${i}]`)
            ].join(", ") + "}"
        ) as typeof literal
    } catch {
      Rec = undefined
      literal = (v, u) => {
        const obj: Record<string, unknown> = {}
        for (let i = 0; i < keys.length; i++) obj[keys[i]!] = i < n ? v[i] : u[i - n]
        return obj
      }
    }
    const assemble = (values: Array<unknown>, omitted: number): Record<string, unknown> => {
      if (omitted === 0) return literal(values, unboundKeptValues)
      const obj: Record<string, unknown> = {}
      for (let i = 0; i < n; i++) if (values[i] !== MISSING_VALUE) obj[names[i]!] = values[i]
      for (let i = 0; i < unboundKept.length; i++) obj[unboundKept[i]!.name] = unboundKeptValues[i]
      return obj
    }
    const raws = (cells: ReadonlyArray<unknown>) => index.map((i) => cells[i])
    const scratch = new Array<unknown>(n).fill(undefined)
    const general = (cells: ReadonlyArray<unknown>): A | RowProblem => {
      if (cells.length !== headerCount) {
        let extraOk = false
        if (cells.length > headerCount && allowEmptyExtra) {
          extraOk = true
          for (let i = headerCount; i < cells.length; i++) {
            const v = cells[i]
            if (!(v === "" || v === undefined || v === null)) {
              extraOk = false
              break
            }
          }
        }
        if (!extraOk) {
          return new RowProblem(
            `the row has ${cells.length} column${cells.length === 1 ? "" : "s"}, the header has ${headerCount}`,
            undefined,
            undefined,
            cells.map((c) => (c == null ? "" : String(c))).join(",")
          )
        }
      }
      const values = scratch // reused: the record is built from it by copying
      let omitted = 0
      let failed = -1
      let coerceFailed = -1
      let missingAt = -1
      let pending: Array<number> | undefined
      for (let i = 0; i < n; i++) {
        const raw = cells[index[i]!]
        let v: unknown
        if (isMissing(raw)) {
          if (anyDerive && derives[i] !== undefined) {
            ;(pending ??= []).push(i)
            values[i] = MISSING_VALUE
            continue
          }
          v = missingValues[i]
          if (v === MISSING_VALUE) {
            omitted++
            values[i] = v
            if (!cols[i]!.plan.optional && missingAt < 0) missingAt = i
            continue
          }
        } else {
          v = coercers[i]!(raw)
          if (v === FAIL) {
            if (coerceFailed < 0) coerceFailed = i
            v = raw
          }
        }
        if (allFast) {
          if (failed < 0 && !checks[i]!(v)) failed = i
        } else if (!fast) {
          // decoded whole below
        } else {
          const check = checks[i]
          if (check !== undefined) {
            if (failed < 0 && !check(v)) failed = i
          } else {
            const d = decodeFields[i]!(v)
            if (Either.isLeft(d)) {
              if (failed < 0) failed = i
            } else v = d.right
          }
        }
        values[i] = v
      }
      if (missingAt >= 0 && (coerceFailed < 0 || missingAt < coerceFailed)) {
        const c = cols[missingAt]!
        return new RowProblem(`a value is required, the cell is empty`, c.header, c.plan.name, cells[c.index])
      }
      if (coerceFailed >= 0) {
        const c = cols[coerceFailed]!
        const raw = cells[c.index]
        return new RowProblem(c.explainFail?.(raw) ?? explainCoercion(c.kind, raw), c.header, c.plan.name, raw)
      }
      if (pending !== undefined) {
        const known: Record<string, unknown> = {}
        for (let i = 0; i < n; i++) if (values[i] !== MISSING_VALUE) known[names[i]!] = values[i]
        for (const i of pending) {
          const c = cols[i]!
          const v = c.derive!(known)
          if (v === undefined) {
            return new RowProblem(
              `the value is empty${c.index < 0 ? " (no such column)" : ""} and cannot be derived from the row's other columns`,
              c.header,
              c.plan.name,
              c.index < 0 ? undefined : cells[c.index]
            )
          }
          values[i] = v
          known[names[i]!] = v
          if (fast && checks[i] !== undefined) {
            if (failed < 0 && !checks[i]!(v)) failed = i
          } else if (fast) {
            const d = decodeFields[i]!(v)
            if (Either.isLeft(d)) {
              if (failed < 0) failed = i
            } else values[i] = d.right
          }
        }
      }
      const obj = assemble(values, omitted)
      if (!fast) {
        const r = fullDecode(obj)
        return Either.isRight(r) ? r.right : explain(cols, obj, raws(cells))
      }
      if (failed < 0) {
        for (let i = 0; i < filterFns.length; i++) {
          if (!filterFns[i]!(obj)) {
            failed = n
            break
          }
        }
        if (failed < 0) return obj as A
      }
      return explain(cols, obj, raws(cells))
    }
    if (!allFast || cols.some((c) => c.index < 0)) return general
    return fused(cols, checks as ReadonlyArray<Check>, index, headerCount, literal, Rec, unboundKeptValues, general)
  }

  /**
   * The common case, fused: one function per column that takes a plain cell (a string that is not a
   * missing token and has nothing to trim, a finite number for a number field, an empty cell or NULL
   * where the field takes its empty value) straight to its checked value, or answers FAIL. A row whose
   * every cell passes is the record the general decoder would build (the same coercion, the same check);
   * any other row (a missing, padded or malformed cell, a ragged row) is decoded by the general decoder.
   */
  const fused = (
    cols: ReadonlyArray<Col>,
    checks: ReadonlyArray<Check>,
    index: ReadonlyArray<number>,
    headerCount: number,
    literal: (v: Array<unknown>, u: ReadonlyArray<unknown>) => Record<string, unknown>,
    Rec: (new(...values: Array<unknown>) => Record<string, unknown>) | undefined,
    unboundKeptValues: ReadonlyArray<unknown>,
    general: (cells: ReadonlyArray<unknown>) => A | RowProblem
  ): (cells: ReadonlyArray<unknown>) => A | RowProblem => {
    const n = cols.length
    const cellFns: Array<Coercer> = cols.map((c, i) => {
      const f = plainCell(c.kind, c.coercer, checks[i]!, c.plan.ast)
      // an empty cell ("", or a database's NULL): the value the general decoder gives it (null,
      // undefined, ""), when the check takes it
      const empty = c.derive !== undefined ? MISSING_VALUE : c.empty
      if (empty === MISSING_VALUE || !checks[i]!(empty)) return f
      return (raw) => (raw === "" || raw === null || raw === undefined ? empty : f(raw))
    })
    const filters = filterFns
    const F = filters.length
    const values = new Array<unknown>(n).fill(undefined)
    const loop = (cells: ReadonlyArray<unknown>): A | RowProblem => {
      if (cells.length !== headerCount) return general(cells)
      for (let i = 0; i < n; i++) {
        const v = cellFns[i]!(cells[index[i]!])
        if (v === FAIL) return general(cells)
        values[i] = v
      }
      const obj = literal(values, unboundKeptValues)
      for (let i = 0; i < F; i++) if (!filters[i]!(obj)) return general(cells)
      return obj as A
    }
    // generated where code generation is allowed: every column's call site sees one function (inlined)
    try {
      const body = [
        ...cellFns.map((_, i) => `const f${i} = fns[${i}];`),
        "return function decodeRow(cells) {",
        `  if (cells.length !== ${headerCount}) return general(cells);`,
        ...cellFns.map((_, i) => `  const v${i} = f${i}(cells[${index[i]!}]); if (v${i} === FAIL) return general(cells);`),
        `  const obj = new R(${[...cols.map((_, i) => `v${i}`), ...unboundKeptValues.map((_, i) => `u[${i}]`)].join(", ")});`,
        F === 0 ? "" : `  for (let i = 0; i < ${F}; i++) if (!filters[i](obj)) return general(cells);`,
        "  return obj;",
        "}"
      ].join("\n")
      if (Rec === undefined) return loop
      return new Function("fns", "FAIL", "general", "filters", "u", "R", body)(cellFns, FAIL, general, filters, unboundKeptValues, Rec)
    } catch {
      return loop
    }
  }

  type Candidate = { readonly name: string; readonly spec: ColumnMapping.ColumnSpec }
  /** An option of a field's column: from the spec of the column found, else from the first entry that sets it. */
  const option = <K extends "codes" | "values" | "allowEmpty" | "key" | "derive">(
    cands: ReadonlyArray<Candidate>,
    found: ColumnMapping.ColumnSpec | undefined,
    key: K
  ): ColumnMapping.ColumnSpec[K] => found?.[key] ?? cands.find((c) => c.spec[key] !== undefined)?.spec[key]

  const column = (p: FieldPlan, cands: ReadonlyArray<Candidate>, spec: ColumnMapping.ColumnSpec, index: number, header: string): Col => {
    let [kind, coercer] = p.coercionFor(spec.coerce)
    let explainFail: ((raw: unknown) => string) | undefined
    const codes = option(cands, spec, "codes")
    if (codes !== undefined) {
      ;[coercer, explainFail] = codedCoercer(coercer, codes, option(cands, spec, "values"))
      kind = "literal"
    }
    const base = missingValue(p)
    const empty = base === "" && option(cands, spec, "allowEmpty") === false ? MISSING_VALUE : base
    return { index, header, plan: p, kind, coercer, empty, explainFail, derive: option(cands, spec, "derive") }
  }

  const bind = (headers: ReadonlyArray<string>): BoundDecoder<A> | BindProblem => {
    const names = headers.map((h) => ColumnMapping.normalizeName(h))
    const indices = new Map<string, Array<number>>()
    names.forEach((n, i) => {
      if (n === "") return
      const list = indices.get(n)
      if (list === undefined) indices.set(n, [i])
      else list.push(i)
    })
    // candidates per field: mapping entries, else the field's own name
    const candidates = new Map<string, Array<Candidate>>()
    for (const [key, entry] of Object.entries(options.mapping ?? {})) {
      const s = ColumnMapping.spec(entry)
      if (!planByName.has(s.field)) {
        return new BindProblem(
          "Config",
          `the mapping sends column ${JSON.stringify(key)} to field ${JSON.stringify(s.field)}, which the schema does not have (fields: ${
            plans.map((p) => p.name).join(", ")
          })`,
          key
        )
      }
      const list = candidates.get(s.field) ?? []
      list.push({ name: ColumnMapping.normalizeName(key), spec: s })
      candidates.set(s.field, list)
    }
    for (const p of plans) {
      if (!candidates.has(p.name)) candidates.set(p.name, [{ name: ColumnMapping.normalizeName(p.name), spec: { field: p.name } }])
    }
    const cols: Array<Col> = []
    const keyCols: Array<readonly [number, string]> = []
    const derivedFields: Array<string> = []
    const unbound: Array<FieldPlan> = []
    const missingCols: Array<string> = []
    const missingNames: Array<string> = []
    const used = new Set<number>()
    for (const p of plans) {
      const cands = candidates.get(p.name)!
      const present = cands.filter((c) => indices.has(c.name))
      if (present.length > 1) {
        return new BindProblem(
          "Header",
          `columns ${present.map((c) => `${JSON.stringify(c.name)} (column ${indices.get(c.name)![0]! + 1})`).join(" and ")} both map to field ${p.name}; keep one`,
          present[1]!.name
        )
      }
      if (present.length === 1) {
        const c = present[0]!
        const at = indices.get(c.name)!
        if (at.length > 1) {
          return new BindProblem(
            "Header",
            `column ${JSON.stringify(c.name)} appears ${at.length} times (columns ${at.map((i) => i + 1).join(", ")}); which one is ${p.name}?`,
            c.name
          )
        }
        cols.push(column(p, cands, c.spec, at[0]!, headers[at[0]!]!))
        used.add(at[0]!)
        if (option(cands, c.spec, "key") === true) keyCols.push([at[0]!, headers[at[0]!]!])
        continue
      }
      if (option(cands, undefined, "derive") !== undefined) {
        // an absent column whose field is derived: a column of its own, always empty
        cols.push(column(p, cands, cands[0]!.spec, -1, cands[0]!.name))
        derivedFields.push(p.name)
        continue
      }
      const explicit = cands.map((c) => c.spec.required).filter((r) => r !== undefined)
      const required = explicit.length > 0 ? explicit.some((r) => r === true) : !p.optional
      if (required) {
        missingCols.push(cands.map((c) => JSON.stringify(c.name)).join(" or ") + ` (${p.name})`)
        missingNames.push(cands[0]!.name)
      }
      else unbound.push(p)
    }
    if (missingCols.length > 0) {
      const found = names.filter((n) => n !== "").map((n) => JSON.stringify(n)).join(", ")
      return new BindProblem(
        "Header",
        `missing required column${missingCols.length > 1 ? "s" : ""} ${missingCols.join(", ")}; the header has ${found || "no columns"}`,
        missingNames[0]
      )
    }
    const ignoredColumns = headers.filter((_, i) => !used.has(i) && names[i] !== "")
    const decode = build(cols, unbound, headers.length)
    const headerSet = cols.map((c) => names[c.index]!)
    const sameName = (v: unknown, raw: string, norm: string): boolean => {
      if (typeof v !== "string") return false
      if (v === raw || v === norm) return true
      // normalise only cells that could be the name (cheap checks first: this runs on every row)
      if (v.length > norm.length + 8 || !v.includes(norm.charAt(norm.length - 1))) return false
      return ColumnMapping.normalizeName(v) === norm
    }
    const isHeaderRow = (cells: ReadonlyArray<unknown>): boolean => {
      if (cols.length === 0) return false
      for (let i = 0; i < cols.length; i++) {
        const c = cols[i]!
        if (c.index < 0) continue
        if (!sameName(cells[c.index], c.header, headerSet[i]!)) return false
      }
      return true
    }
    return {
      headers,
      columns: cols.filter((c) => c.index >= 0).map((c) => [c.index, c.header, c.plan.name] as const),
      ignoredColumns,
      keyColumns: keyCols,
      derivedFields,
      decode,
      isHeaderRow
    }
  }

  const byFieldNames = bind(plans.map((p) => p.name))
  const decodeFields = (cells: Readonly<Record<string, unknown>>): A | RowProblem => {
    if (byFieldNames instanceof BindProblem) return new RowProblem(byFieldNames.detail)
    return byFieldNames.decode(plans.map((p) => cells[p.name]))
  }

  return {
    schema: schema as Schema.Schema<A, any, never>,
    fields: plans.map(({ coercion, fast, name, nullable, optional, undefinedOk }) => ({
      name,
      optional,
      nullable,
      undefinedOk,
      coercion,
      fast
    })),
    fast: fast && plans.every((p) => p.check !== undefined),
    bind,
    decodeFields
  }
}

/**
 * Whether a decode result is a problem.
 *
 * @since 0.1.0
 */
export const isProblem = (u: unknown): u is RowProblem => u instanceof RowProblem
