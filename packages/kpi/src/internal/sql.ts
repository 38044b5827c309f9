import { Civil } from "@govplan/model"
import type * as Filter from "../Filter.js"
import { type Definition, KpiError, type KpiResult } from "../Kpi.js"
import type { CompileOptions, Compiled, CompiledMany, DecodeOptions, Dialect } from "../KpiSql.js"
import { dimString, finalize, GroupAcc, groupKey } from "./acc.js"
import * as Buckets from "./buckets.js"
import * as Plan from "./plan.js"
import { checkDefinitions } from "./reducer.js"

/**
 * An identifier: a letter (any script, so 工单编号 is one) or `_`, then letters, combining marks,
 * digits, `_` or `$`. Quotes, backticks, semicolons, whitespace, hyphens (`--`), slashes (`/*`), dots
 * and control characters are not letters, so they are all refused.
 */
const IDENT = /^[\p{L}_][\p{L}\p{M}\p{N}_$]*$/u
/** PostgreSQL truncates names longer than 63 bytes (NAMEDATALEN - 1); MySQL refuses more than 64 characters. */
const PG_MAX_BYTES = 63
const MYSQL_MAX_CHARS = 64
const DIALECTS: ReadonlyArray<Dialect> = ["sqlite", "pg", "mysql"]

const utf8Length = (s: string): number => {
  let n = 0
  for (const ch of s) {
    const c = ch.codePointAt(0)!
    n += c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4
  }
  return n
}

/** why a name is not an identifier of the dialect, or undefined */
const identifierProblem = (dialect: Dialect, name: unknown): string | undefined => {
  if (typeof name !== "string" || !IDENT.test(name)) {
    return "which is not an SQL identifier (a letter or _, then letters, digits, _ or $)"
  }
  if (dialect === "pg" && utf8Length(name) > PG_MAX_BYTES) {
    return `which is not an SQL identifier for PostgreSQL: longer than ${PG_MAX_BYTES} bytes in UTF-8`
  }
  if (dialect === "mysql") {
    const chars = [...name]
    if (chars.length > MYSQL_MAX_CHARS) return `which is not an SQL identifier for MySQL: longer than ${MYSQL_MAX_CHARS} characters`
    if (chars.some((c) => c.codePointAt(0)! > 0xffff)) {
      return "which is not an SQL identifier for MySQL: it has a character outside the Basic Multilingual Plane"
    }
  }
  return undefined
}

/** @internal quotes a validated identifier for a dialect */
export const quoteIdentifier = (dialect: Dialect, name: string, kpiId?: string, field?: string): string => {
  const problem = identifierProblem(dialect, name)
  if (problem !== undefined) {
    throw new KpiError({
      reason: "InvalidIdentifier",
      ...(kpiId !== undefined ? { kpiId } : {}),
      ...(field !== undefined ? { field } : {}),
      message: `${kpiId !== undefined ? `KPI ${kpiId}: ` : ""}${field !== undefined && field !== name ? `field ${JSON.stringify(field)} maps to ` : ""}${JSON.stringify(name)}, ${problem}`
    })
  }
  return dialect === "mysql" ? `\`${name}\`` : `"${name}"`
}

const OPS: Record<Filter.Operator, string> = { eq: "=", ne: "<>", lt: "<", le: "<=", gt: ">", ge: ">=" }

class Builder {
  readonly params: Array<unknown> = []
  constructor(readonly dialect: Dialect) {}
  param(value: unknown): string {
    this.params.push(value)
    return this.dialect === "pg" ? `$${this.params.length}` : "?"
  }
  /** a number parameter that PostgreSQL must not guess to be text */
  numberParam(value: number): string {
    const p = this.param(value)
    return this.dialect === "pg" ? `CAST(${p} AS DOUBLE PRECISION)` : p
  }
}

const checkOptions = (options: CompileOptions): void => {
  if (options === null || typeof options !== "object" || !DIALECTS.includes(options.dialect)) {
    throw new KpiError({ reason: "InvalidOptions", message: `unknown dialect ${JSON.stringify(options?.dialect)}: expected sqlite, pg or mysql` })
  }
}

const tableName = (dialect: Dialect, table: string, kpiId: string | undefined): string => {
  if (typeof table !== "string") {
    throw new KpiError({ reason: "InvalidOptions", ...(kpiId !== undefined ? { kpiId } : {}), message: "options.table must be a table name" })
  }
  return table.split(".").map((part) => quoteIdentifier(dialect, part, kpiId, table)).join(".")
}

/** a filter as an SQL condition; values become parameters of `sb`, in the order they appear in the text */
const filterSql = (f: Filter.Filter, col: (field: string) => string, sb: Builder): string => {
  const go = (f: Filter.Filter): string => {
    switch (f._tag) {
      case "Compare":
        return `${col(f.field)} ${OPS[f.op]} ${sb.param(f.value)}`
      case "FieldCompare":
        return `${col(f.left)} ${OPS[f.op]} ${col(f.right)}`
      case "OneOf":
        return f.values.length === 0 ? "1 = 0" : `${col(f.field)} IN (${f.values.map((v) => sb.param(v)).join(", ")})`
      case "IsNull":
        return `${col(f.field)} IS NULL`
      case "IsNotNull":
        return `${col(f.field)} IS NOT NULL`
      case "And":
        return f.filters.length === 0 ? "1 = 1" : f.filters.length === 1 ? go(f.filters[0]!) : `(${f.filters.map(go).join(" AND ")})`
      case "Or":
        return f.filters.length === 0 ? "1 = 0" : f.filters.length === 1 ? go(f.filters[0]!) : `(${f.filters.map(go).join(" OR ")})`
      case "Not":
        // two-valued NOT: a comparison with NULL is false, so its negation is true
        return `NOT COALESCE(${go(f.filter)}, FALSE)`
    }
  }
  return go(f)
}

/** the bucket of a (quoted) time column, or undefined when the query needs no bucket column */
const bucketSql = (buckets: Buckets.Buckets, time: string, sb: Builder): string | undefined => {
  switch (buckets.grain) {
    case undefined:
      return undefined
    case "month":
      return `substr(${time}, 1, 7)`
    default: {
      // one bucket: the WHERE clause says it all (and PostgreSQL cannot group by a bare parameter)
      if (buckets.keys.length === 1) return undefined
      // a time belongs to the first bucket whose end is after it (the WHERE clause keeps it inside the period)
      const last = buckets.keys.length - 1
      const whens = buckets.keys.slice(0, last).map((k, i) => `WHEN ${time} < ${sb.param(buckets.ends[i])} THEN ${sb.param(k)}`)
      return `CASE ${whens.join(" ")} ELSE ${sb.param(buckets.keys[last])} END`
    }
  }
}

/** a column resolver: record field → quoted column, validated, errors naming the KPI and field */
const columnOf = (dialect: Dialect, columns: Readonly<Record<string, string>>) => (field: string, kpiId?: string): string =>
  quoteIdentifier(dialect, Object.prototype.hasOwnProperty.call(columns, field) ? columns[field]! : field, kpiId, field)

/**
 * The as-of view of the columns (`options.asOf`): event fields whose date (first ten characters) is after
 * the as-of date read as NULL, as `Records.asOf` gives them in memory. `value` is for filters, measured
 * fields and groups; `time` for a leaf's time, where the period's bounds already leave those rows out
 * when it ends by the day after the as-of date (the raw column keeps its index usable), else masked too.
 */
const asOfView = (
  options: CompileOptions,
  buckets: Buckets.Buckets,
  column: (field: string, kpiId?: string) => string
): { readonly value: (field: string, kpiId?: string) => string; readonly time: (field: string, kpiId?: string) => string } => {
  const asOf = options.asOf
  if (asOf === undefined) return { value: column, time: column }
  if (asOf === null || typeof asOf !== "object" || typeof asOf.date !== "string" || !Civil.isCivilDate(asOf.date) || !Array.isArray(asOf.fields)) {
    throw new KpiError({ reason: "InvalidOptions", message: `options.asOf must be { date: "YYYY-MM-DD", fields: [...] }, got ${JSON.stringify(asOf)}` })
  }
  const fields = new Set(asOf.fields)
  // the date is a checked civil date (digits and hyphens only): written as a literal, so that the
  // column expression needs no parameter wherever it appears
  const value = (field: string, kpiId?: string): string => {
    const c = column(field, kpiId)
    return fields.has(field) ? `(CASE WHEN substr(${c}, 1, 10) > '${asOf.date}' THEN NULL ELSE ${c} END)` : c
  }
  const bounded = buckets.end <= Civil.addDays(Civil.unsafeDate(asOf.date), 1)
  return { value, time: bounded ? column : value }
}

/** @internal */
export const compile = (def: Definition, options: CompileOptions): Compiled => {
  checkOptions(options)
  const by = options.by ?? []
  checkDefinitions([def], by)
  const dialect = options.dialect
  const buckets = Buckets.make(options)
  const plan = Plan.make([def])
  const view = asOfView(options, buckets, columnOf(dialect, options.columns ?? {}))
  const col = (field: string): string => view.value(field, def.id)
  const q = (name: string) => quoteIdentifier(dialect, name)
  const table = tableName(dialect, options.table, def.id)
  const sb = new Builder(dialect)

  const extremes = plan.leaves.filter((l) => l.kind === Plan.MIN || l.kind === Plan.MAX).map((l) => l.index)
  const branches = plan.leaves.map((leaf, li) => {
    const time = view.time(leaf.time, def.id)
    const select: Array<string> = [`${li} AS ${q("leaf")}`]
    const bucket = bucketSql(buckets, time, sb)
    if (bucket !== undefined) select.push(`${bucket} AS ${q("bucket")}`)
    by.forEach((f, i) => select.push(`${col(f)} AS ${q(`g${i}`)}`))
    const field = leaf.field === undefined ? "" : col(leaf.field)
    let n = "COUNT(*)"
    let v = "NULL"
    let x = "NULL"
    switch (leaf.kind) {
      case Plan.SUM:
        n = `COUNT(${field})`
        v = `SUM(${field})`
        break
      case Plan.DISTINCT:
        n = `COUNT(${field})`
        v = `COUNT(DISTINCT ${field})`
        break
      case Plan.MIN:
        n = `COUNT(${field})`
        x = `MIN(${field})`
        break
      case Plan.MAX:
        n = `COUNT(${field})`
        x = `MAX(${field})`
        break
      case Plan.WEIGHTED: {
        const entries = [...leaf.weights!]
        n = `COUNT(CASE WHEN ${field} IN (${entries.map(([k]) => sb.param(k)).join(", ")}) THEN 1 END)`
        v = `SUM(CASE ${field} ${entries.map(([k, w]) => `WHEN ${sb.param(k)} THEN ${sb.numberParam(w)}`).join(" ")} END)`
        break
      }
    }
    select.push(`COUNT(*) AS ${q("r")}`, `${n} AS ${q("n")}`, `${v} AS ${q("v")}`)
    // each min/max leaf has its own column, so PostgreSQL never has to UNION a text with a number
    for (const e of extremes) select.push(`${e === li ? x : "NULL"} AS ${q(`x${e}`)}`)
    const where = [`${time} >= ${sb.param(buckets.start)}`, `${time} < ${sb.param(buckets.end)}`]
    if (leaf.where !== undefined) where.push(filterSql(leaf.where, col, sb))
    const keys = (bucket !== undefined ? 1 : 0) + by.length
    const groupBy = keys === 0 ? "" : `\nGROUP BY ${Array.from({ length: keys }, (_, i) => i + 2).join(", ")}`
    return `SELECT ${select.join(", ")}\nFROM ${table}\nWHERE ${where.join(" AND ")}${groupBy}`
  })
  return { sql: branches.join("\nUNION ALL\n"), params: sb.params }
}

// ---------------------------------------------------------------------------
// compileMany: one scan per time field, conditional aggregation

/**
 * The column layout of a `compileMany` query, derived from the plan alone so that the compiler and
 * the decoder agree: time fields in order of first use; per time field the distinct filters of its
 * leaves (each one `r<k>` column: the rows it matches); per leaf the columns its kind needs
 * (`v<i>` for sums and distinct counts, `w<i>_<j>` for the rows with the j-th weight key, `x<i>` for
 * min/max).
 */
interface Layout {
  readonly plan: Plan.Plan
  readonly times: ReadonlyArray<{
    readonly time: string
    readonly leaves: ReadonlyArray<Plan.Leaf>
    /** the distinct filters (undefined: every row) with their global index */
    readonly filters: ReadonlyArray<{ readonly index: number; readonly where: Filter.Filter | undefined }>
    readonly kpiIds: ReadonlyArray<string>
  }>
  /** per leaf: the index of its filter column */
  readonly filterOf: ReadonlyArray<number>
}

const layout = (defs: ReadonlyArray<Definition>): Layout => {
  const plan = Plan.make(defs)
  const filterOf: Array<number> = new Array(plan.leaves.length)
  const timeNames = [...new Set(plan.leaves.map((l) => l.time))]
  // a filter is one column wherever it is used: the shared scan computes it once for all its time fields
  const byKey = new Map<string, number>()
  const times = timeNames.map((time) => {
    const leaves = plan.leaves.filter((l) => l.time === time)
    const filters: Array<{ index: number; where: Filter.Filter | undefined }> = []
    for (const leaf of leaves) {
      const key = leaf.where === undefined ? "" : JSON.stringify(leaf.where)
      let k = byKey.get(key)
      if (k === undefined) {
        k = byKey.size
        byKey.set(key, k)
      }
      if (!filters.some((f) => f.index === k)) filters.push({ index: k, where: leaf.where })
      filterOf[leaf.index] = k
    }
    return { time, leaves, filters, kpiIds: [...new Set(leaves.flatMap((l) => l.kpiIds))] }
  })
  return { plan, times, filterOf }
}

const filterFields = (f: Filter.Filter, out: Array<string>): Array<string> => {
  switch (f._tag) {
    case "Compare":
    case "OneOf":
    case "IsNull":
    case "IsNotNull":
      out.push(f.field)
      break
    case "FieldCompare":
      out.push(f.left, f.right)
      break
    case "And":
    case "Or":
      for (const g of f.filters) filterFields(g, out)
      break
    case "Not":
      filterFields(f.filter, out)
      break
  }
  return out
}

const leafFields = (leaf: Plan.Leaf): ReadonlyArray<string> => {
  const out = [leaf.time]
  if (leaf.field !== undefined) out.push(leaf.field)
  return leaf.where === undefined ? out : filterFields(leaf.where, out)
}

/** @internal */
export const compileMany = (defs: ReadonlyArray<Definition>, options: CompileOptions): CompiledMany => {
  checkOptions(options)
  if (!Array.isArray(defs) || defs.length === 0) {
    throw new KpiError({ reason: "InvalidOptions", message: "KpiSql.compileMany needs a non-empty array of definitions" })
  }
  const by = options.by ?? []
  checkDefinitions(defs, by)
  const dialect = options.dialect
  const buckets = Buckets.make(options)
  const { plan, times } = layout(defs)
  const plainColumn = columnOf(dialect, options.columns ?? {})
  const q = (name: string) => quoteIdentifier(dialect, name)
  const table = tableName(dialect, options.table, undefined)
  // validate every identifier up front, naming the first KPI that uses it
  for (const leaf of plan.leaves) {
    for (const f of leafFields(leaf)) plainColumn(f, leaf.kpiIds[0])
  }
  for (const f of by) plainColumn(f)
  const view = asOfView(options, buckets, plainColumn)
  const column = view.value

  /**
   * An aggregate over the rows matching a condition: `AGG(expr) FILTER (WHERE cond)` where the engine
   * has the clause (PostgreSQL, SQLite; it skips the aggregate's work for other rows — 8% of the scan
   * on PostgreSQL), else `AGG(CASE WHEN cond THEN expr END)` (MySQL). `expr` undefined: `COUNT(*)`.
   */
  const conditional = (agg: "COUNT" | "COUNT(DISTINCT" | "SUM" | "MIN" | "MAX", expr: string | undefined, cond: string | undefined): string => {
    const open = agg === "COUNT(DISTINCT" ? "COUNT(DISTINCT " : `${agg}(`
    if (cond === undefined) return `${open}${expr ?? "*"})`
    if (dialect !== "mysql") return `${open}${expr ?? "*"}) FILTER (WHERE ${cond})`
    return `${open}CASE WHEN ${cond} THEN ${expr ?? "1"} END)`
  }

  /** the aggregate columns of time field `ti`: [alias, SQL writer] in a fixed order */
  const aggregates = times.map((t) => {
    const out: Array<[string, (sb: Builder) => string]> = []
    for (const { index, where } of t.filters) {
      out.push([`r${index}`, (sb) => conditional("COUNT", undefined, where === undefined ? undefined : filterSql(where, column, sb))])
    }
    for (const leaf of t.leaves) {
      const i = leaf.index
      const when = (sb: Builder) => (leaf.where === undefined ? undefined : filterSql(leaf.where, column, sb))
      const field = leaf.field === undefined ? "" : column(leaf.field)
      switch (leaf.kind) {
        case Plan.SUM:
          out.push([`v${i}`, (sb) => conditional("SUM", field, when(sb))])
          break
        case Plan.DISTINCT:
          out.push([`v${i}`, (sb) => conditional("COUNT(DISTINCT", field, when(sb))])
          break
        case Plan.MIN:
          out.push([`x${i}`, (sb) => conditional("MIN", field, when(sb))])
          break
        case Plan.MAX:
          out.push([`x${i}`, (sb) => conditional("MAX", field, when(sb))])
          break
        case Plan.WEIGHTED: {
          // one count per weight key (w<i>_<j>): the decoder sums weight × count, exactly and in the
          // same order on every engine, instead of a floating-point SUM whose last bits vary with the plan
          let j = 0
          for (const k of leaf.weights!.keys()) {
            out.push([`w${i}_${j++}`, (sb) => {
              const w = when(sb)
              const key = `${field} = ${sb.param(k)}`
              return conditional("COUNT", undefined, w === undefined ? key : `(${w}) AND ${key}`)
            }])
          }
          break
        }
      }
    }
    return out
  })

  /**
   * A column of another scan in a UNION ALL branch: NULL. PostgreSQL resolves UNION column types
   * pair by pair from the left, so two untyped NULLs would become text and then clash with the bigint of
   * a third branch: there the NULL is typed — bigint for counts, and for a sum or a min/max the type of
   * the same aggregate over no rows (an uncorrelated subquery, evaluated once, reading nothing).
   */
  const nullOf = (alias: string): string => {
    if (dialect !== "pg") return "NULL"
    const leaf = /^[vx](\d+)$/.exec(alias)
    const l = leaf === null ? undefined : plan.leaves[Number(leaf[1])]
    if (l === undefined || l.kind === Plan.DISTINCT) return "CAST(NULL AS BIGINT)"
    const agg = l.kind === Plan.SUM ? "SUM" : l.kind === Plan.MIN ? "MIN" : "MAX"
    return `(SELECT ${agg}(${column(l.field!)}) FROM ${table} WHERE 1 = 0)`
  }
  const typedNull = (type: "TEXT" | "BOOLEAN"): string => (dialect === "pg" ? `CAST(NULL AS ${type})` : "NULL")
  const inPeriod = (time: string, sb: Builder): string => `${time} >= ${sb.param(buckets.start)} AND ${time} < ${sb.param(buckets.end)}`
  const groupBy = (positions: ReadonlyArray<number>): string => (positions.length === 0 ? "" : `\nGROUP BY ${positions.join(", ")}`)

  // Time fields whose leaves can be summed over months (counts, sums, weighted counts, minima and
  // maxima) share one scan; a distinct count cannot (the members of a quarter are not the sum of its
  // months'), so a time field with one keeps a scan of its own, grouped by the final bucket.
  // PostgreSQL without statistics on the months (see below) gets a scan per time field, as a distinct count does
  const merging = dialect !== "pg" || options.monthStatistics === true
  const merged = times.flatMap((t, ti) => (merging && mergeable(t) ? [ti] : []))
  const separate = times.flatMap((t, ti) => (merging && mergeable(t) ? [] : [ti]))
  /** the aggregate columns of a scan over time fields `tis`: alias → SQL writer (a filter shared by them once) */
  const columnsOf = (tis: ReadonlyArray<number>): ReadonlyMap<string, (sb: Builder) => string> => {
    const out = new Map<string, (sb: Builder) => string>()
    for (const ti of tis) for (const [alias, write] of aggregates[ti]!) if (!out.has(alias)) out.set(alias, write)
    return out
  }
  const mergedColumns = columnsOf(merged)
  const separateColumns = separate.map((ti) => columnsOf([ti]))
  /** every aggregate column of the UNION ALL, in the order of the scans */
  const allColumns = [...new Set([mergedColumns, ...separateColumns].flatMap((c) => [...c.keys()]))]
  const bucketed = hasBucketColumn(buckets)
  const aligned = monthAligned(buckets)

  /**
   * The shared scan: one row per combination of its time fields' months (`m<ti>`: `YYYY-MM`), and for
   * a period that does not start and end on the first of a month, whether each time lies in it
   * (`p<ti>`), and the groups. A row counts for time field `ti` when its month is one of the period's
   * (and `p<ti>` is true); the decoder adds it to that month's bucket. The WHERE clause keeps rows with
   * any time in the period (`OR`: an index on each time column serves a short period).
   *
   * PostgreSQL has no statistics for `substr(time, 1, 7)` unless the table has them (`statistics`):
   * without them it takes the time column's near-unique count of distinct values for the month's,
   * expects about one group per row and sorts every row (spilling to disk) instead of hashing a few
   * dozen groups — measured on 1M rows, 0.83 s against 0.43 s. Joining each month to the list of the
   * period's months fixes each estimate but not their product (12 × 12 × 12 × the groups, against the
   * few dozen combinations that occur: a case is closed and due within weeks of its acceptance), and the
   * joins cost more than they save; so without the statistics PostgreSQL gets one scan per time field.
   */
  const mergedScan = (sb: Builder, union: boolean): string => {
    const timeOf = (ti: number) => view.time(times[ti]!.time, times[ti]!.kpiIds[0])
    const select: Array<string> = [`-1 AS ${q("t")}`]
    const positions: Array<number> = []
    const key = (expr: string) => {
      select.push(expr)
      positions.push(select.length)
    }
    if (union && bucketed) select.push(`${typedNull("TEXT")} AS ${q("bucket")}`)
    for (const ti of merged) key(`substr(${timeOf(ti)}, 1, 7) AS ${q(`m${ti}`)}`)
    if (!aligned) for (const ti of merged) key(`(${inPeriod(timeOf(ti), sb)}) AS ${q(`p${ti}`)}`)
    by.forEach((f, i) => key(`${column(f)} AS ${q(`g${i}`)}`))
    for (const alias of union ? allColumns : mergedColumns.keys()) {
      const write = mergedColumns.get(alias)
      select.push(`${write !== undefined ? write(sb) : nullOf(alias)} AS ${q(alias)}`)
    }
    const where = merged.map((ti) => `(${inPeriod(timeOf(ti), sb)})`).join(" OR ")
    return `SELECT ${select.join(", ")}\nFROM ${table}\nWHERE ${where}${groupBy(positions)}`
  }

  /**
   * The scan of time field `ti` alone (one with a distinct count), grouped by its bucket. PostgreSQL
   * would again expect one group per row for the bucket expression: the bucket is joined to the list
   * of bucket keys (`VALUES`), so it hashes a dozen groups. The list's alias and column have a space in
   * their names, which no validated identifier has, so they cannot clash with the table's columns.
   */
  const separateScan = (ti: number, sb: Builder, union: boolean): string => {
    const joinBuckets = dialect === "pg" && bucketed
    const bucketKey = `"govplan bucket"`
    const time = view.time(times[ti]!.time, times[ti]!.kpiIds[0])
    const select: Array<string> = [`${ti} AS ${q("t")}`]
    const positions: Array<number> = []
    const key = (expr: string) => {
      select.push(expr)
      positions.push(select.length)
    }
    // parameters are numbered in the order they appear in the text: the bucket CASE of the join comes after the SELECT list
    const bucket = joinBuckets ? bucketKey : bucketSql(buckets, time, sb)
    if (bucket !== undefined) key(`${bucket} AS ${q("bucket")}`)
    if (union) {
      for (const mi of merged) select.push(`${typedNull("TEXT")} AS ${q(`m${mi}`)}`)
      if (!aligned) for (const mi of merged) select.push(`${typedNull("BOOLEAN")} AS ${q(`p${mi}`)}`)
    }
    by.forEach((f, i) => key(`${column(f)} AS ${q(`g${i}`)}`))
    const mine = separateColumns[separate.indexOf(ti)]!
    for (const alias of union ? allColumns : mine.keys()) {
      const write = mine.get(alias)
      select.push(`${write !== undefined ? write(sb) : nullOf(alias)} AS ${q(alias)}`)
    }
    let from = table
    if (joinBuckets) {
      const keys = buckets.keys.map((k) => `(${sb.param(k)})`).join(", ")
      from = `${table}\nJOIN (VALUES ${keys}) AS "govplan buckets" (${bucketKey}) ON ${bucketKey} = ${bucketSql(buckets, time, sb)!}`
    }
    return `SELECT ${select.join(", ")}\nFROM ${from}\nWHERE ${inPeriod(time, sb)}${groupBy(positions)}`
  }

  const kpiIdsOf = (tis: ReadonlyArray<number>) => [...new Set(tis.flatMap((ti) => times[ti]!.kpiIds))]
  const scans: Array<{ readonly tis: ReadonlyArray<number>; readonly write: (sb: Builder, union: boolean) => string }> = [
    ...(merged.length > 0 ? [{ tis: merged, write: mergedScan }] : []),
    ...separate.map((ti) => ({ tis: [ti], write: (sb: Builder, union: boolean) => separateScan(ti, sb, union) }))
  ]
  const statements = scans.map(({ tis, write }) => {
    const sb = new Builder(dialect)
    const sql = write(sb, false)
    return { sql, params: sb.params, times: tis.map((ti) => times[ti]!.time), kpiIds: kpiIdsOf(tis) }
  })
  if (statements.length === 1) return { sql: statements[0]!.sql, params: statements[0]!.params, statements }
  const sb = new Builder(dialect)
  const sql = scans.map(({ write }) => write(sb, true)).join("\nUNION ALL\n")
  return { sql, params: sb.params, statements }
}

/** whether a period starts and ends on the first of a month: then a time is in it exactly when its month is */
const monthAligned = (buckets: Buckets.Buckets): boolean => buckets.start.slice(8) === "01" && buckets.end.slice(8) === "01"

/** whether the compiled query selects a bucket column: a grain with more than one bucket, or months */
const hasBucketColumn = (buckets: Buckets.Buckets): boolean =>
  buckets.grain === "month" || (buckets.grain !== undefined && buckets.keys.length > 1)

const NUMERIC = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/

const toNumber = (u: unknown, column: string, who: string, i: number): number => {
  if (u === null || u === undefined) return 0
  const x = typeof u === "number" ? u : typeof u === "bigint" ? Number(u) : typeof u === "string" && NUMERIC.test(u.trim()) ? Number(u) : NaN
  if (!Number.isFinite(x)) {
    throw new KpiError({ reason: "InvalidRows", kpiId: who, message: `KPI ${who}: row ${i} column ${column} is not a number: ${String(u)}` })
  }
  return x
}

const normaliseExtreme = (u: unknown, dialect: Dialect): unknown => {
  if (u === null || u === undefined) return undefined
  if (typeof u === "bigint") return Number(u)
  if (u instanceof Date) return Civil.fromInstant(u)
  // PostgreSQL returns NUMERIC and BIGINT as strings, MySQL DECIMAL too
  if (typeof u === "string" && dialect !== "sqlite" && NUMERIC.test(u)) return Number(u)
  return u
}

const mergeExtreme = (g: GroupAcc, slot: number, kind: number, x: unknown): void => {
  const cur = g.ext[slot]
  if (cur === undefined || (kind === Plan.MIN ? (x as number) < (cur as number) : (x as number) > (cur as number))) g.ext[slot] = x
}

/** the group of a row's `g0…` columns, created on first sight */
const groupOfRow = (groups: Map<string, GroupAcc>, by: ReadonlyArray<string>, row: Readonly<Record<string, unknown>>, slots: number): GroupAcc => {
  const values = by.map((_, d) => dimString(row[`g${d}`]))
  const key = groupKey(values)
  let g = groups.get(key)
  if (g === undefined) {
    const group: Record<string, string> = {}
    by.forEach((f, d) => (group[f] = values[d]!))
    groups.set(key, g = new GroupAcc(key, group, slots))
  }
  return g
}

const finish = (plan: Plan.Plan, buckets: Buckets.Buckets, groups: Map<string, GroupAcc>, grouped: boolean): ReadonlyArray<KpiResult> => {
  const sorted = [...groups.values()]
  if (grouped) sorted.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
  return finalize(plan, buckets.keys, sorted, grouped)
}

/** @internal */
export const decodeRows = (def: Definition, rows: Iterable<unknown>, options: DecodeOptions): ReadonlyArray<KpiResult> => {
  const by = options.by ?? []
  checkDefinitions([def], by)
  const dialect = options.dialect ?? "sqlite"
  const buckets = Buckets.make(options)
  const plan = Plan.make([def])
  const L = plan.leaves.length
  const slots = L * buckets.keys.length
  const groups = new Map<string, GroupAcc>()
  if (by.length === 0) groups.set("", new GroupAcc("", {}, slots))
  let i = 0
  for (const input of rows) {
    i++
    const row = input as Readonly<Record<string, unknown>>
    if (row === null || typeof row !== "object" || !("leaf" in row) || !("r" in row)) {
      throw new KpiError({
        reason: "InvalidRows",
        kpiId: def.id,
        message: `KPI ${def.id}: row ${i} lacks the columns of the compiled query (leaf, r, n, v${hasBucketColumn(buckets) ? ", bucket" : ""}${by.length ? ", g0…" : ""})`
      })
    }
    const li = toNumber(row.leaf, "leaf", def.id, i)
    if (!Number.isInteger(li) || li < 0 || li >= L) {
      throw new KpiError({ reason: "InvalidRows", kpiId: def.id, message: `KPI ${def.id}: row ${i} names leaf ${String(row.leaf)}, but the definition has ${L}` })
    }
    let b = 0
    if (hasBucketColumn(buckets)) {
      const bk = buckets.indexOfKey.get(String(row.bucket))
      if (bk === undefined) continue // a time that is not a civil date: no bucket, as in memory
      b = bk
    }
    const g = groupOfRow(groups, by, row, slots)
    const slot = b * L + li
    const o = slot * 3
    g.num[o]! += toNumber(row.r, "r", def.id, i)
    g.num[o + 1]! += toNumber(row.n, "n", def.id, i)
    g.num[o + 2]! += toNumber(row.v, "v", def.id, i)
    const kind = plan.leaves[li]!.kind
    if (kind === Plan.MIN || kind === Plan.MAX) {
      const x = normaliseExtreme(row[`x${li}`], dialect)
      if (x !== undefined) mergeExtreme(g, slot, kind, x)
    }
  }
  return finish(plan, buckets, groups, by.length > 0)
}

/** whether a time field's leaves can be summed over months (no distinct count): it then shares the one scan */
const mergeable = (t: Layout["times"][number]): boolean => t.leaves.every((l) => l.kind !== Plan.DISTINCT)

/** a boolean as drivers return it: true, 1, "1", 1n, "t" */
const isTrue = (u: unknown): boolean => u === true || u === 1 || u === 1n || u === "1" || u === "t" || u === "true"

/** @internal */
export const decodeManyRows = (defs: ReadonlyArray<Definition>, rows: Iterable<unknown>, options: DecodeOptions): ReadonlyArray<KpiResult> => {
  if (!Array.isArray(defs)) {
    throw new KpiError({ reason: "InvalidOptions", message: "KpiSql.decodeManyRows needs the array of definitions given to compileMany" })
  }
  const by = options.by ?? []
  checkDefinitions(defs, by)
  if (defs.length === 0) return []
  const dialect = options.dialect ?? "sqlite"
  const buckets = Buckets.make(options)
  const { filterOf, plan, times } = layout(defs)
  const L = plan.leaves.length
  const slots = L * buckets.keys.length
  const groups = new Map<string, GroupAcc>()
  if (by.length === 0) groups.set("", new GroupAcc("", {}, slots))
  const bucketed = hasBucketColumn(buckets)
  const merged = times.flatMap((t, ti) => (mergeable(t) ? [ti] : []))
  const aligned = monthAligned(buckets)
  const all = defs.map((d) => d.id).join(", ")

  /** checks that a row has the filter columns of time field `t` */
  const checkColumns = (t: Layout["times"][number], row: Readonly<Record<string, unknown>>, i: number): void => {
    for (const f of t.filters) {
      if (!(`r${f.index}` in row)) {
        throw new KpiError({
          reason: "InvalidRows",
          kpiId: t.kpiIds[0]!,
          message: `KPI ${t.kpiIds.join(", ")}: row ${i} lacks the column r${f.index} of the compiled query`
        })
      }
    }
  }

  /** adds a row's aggregates of time field `t` to bucket `b` of its group */
  const add = (t: Layout["times"][number], g: GroupAcc, b: number, row: Readonly<Record<string, unknown>>, i: number): void => {
    const who = t.kpiIds.join(", ")
    for (const leaf of t.leaves) {
      const li = leaf.index
      const slot = b * L + li
      const o = slot * 3
      const k = filterOf[li]!
      g.num[o]! += toNumber(row[`r${k}`], `r${k}`, who, i)
      switch (leaf.kind) {
        case Plan.SUM:
        case Plan.DISTINCT:
          g.num[o + 2]! += toNumber(row[`v${li}`], `v${li}`, who, i)
          break
        case Plan.WEIGHTED: {
          let j = 0
          for (const w of leaf.weights!.values()) {
            const c = toNumber(row[`w${li}_${j}`], `w${li}_${j}`, who, i)
            g.num[o + 1]! += c
            g.num[o + 2]! += w * c
            j++
          }
          break
        }
        case Plan.MIN:
        case Plan.MAX: {
          const x = normaliseExtreme(row[`x${li}`], dialect)
          if (x !== undefined) {
            // a value exists exactly when some matching row has one: MIN/MAX skip NULLs as COUNT(field) does
            g.num[o + 1]!++
            mergeExtreme(g, slot, leaf.kind, x)
          }
          break
        }
      }
    }
  }

  let i = 0
  for (const input of rows) {
    i++
    const row = input as Readonly<Record<string, unknown>>
    if (row === null || typeof row !== "object" || !("t" in row)) {
      throw new KpiError({
        reason: "InvalidRows",
        kpiId: defs[0]!.id,
        message: `KPI ${all}: row ${i} lacks the columns of the compiled query (t, m0… or bucket${by.length ? ", g0…" : ""}, r0…)`
      })
    }
    const ti = toNumber(row.t, "t", defs[0]!.id, i)
    if (ti === -1 && merged.length > 0) {
      // a row of the shared scan: for each of its time fields, the month (and whether the time is in the period)
      let g: GroupAcc | undefined
      for (const mi of merged) {
        const t = times[mi]!
        if (!(`m${mi}` in row)) {
          throw new KpiError({ reason: "InvalidRows", kpiId: t.kpiIds[0]!, message: `KPI ${t.kpiIds.join(", ")}: row ${i} lacks the column m${mi} of the compiled query` })
        }
        checkColumns(t, row, i)
        const m = row[`m${mi}`]
        if (m === null || m === undefined) continue
        if (!aligned && !isTrue(row[`p${mi}`])) continue
        const month = Buckets.monthNumber(String(m)) - buckets.firstMonth
        if (month < 0 || month >= buckets.monthToBucket.length) continue
        const b = buckets.monthToBucket[month]!
        if (b < 0) continue
        if (g === undefined) g = groupOfRow(groups, by, row, slots)
        add(t, g, b, row, i)
      }
      continue
    }
    const t = times[ti]
    if (!Number.isInteger(ti) || t === undefined) {
      throw new KpiError({
        reason: "InvalidRows",
        kpiId: defs[0]!.id,
        message: `KPI ${all}: row ${i} names scan ${String(row.t)}, but the definitions have -1 (the shared scan) and time fields 0 to ${times.length - 1}`
      })
    }
    checkColumns(t, row, i)
    let b = 0
    if (bucketed) {
      const bk = buckets.indexOfKey.get(String(row.bucket))
      if (bk === undefined) continue // a time that is not a civil date: no bucket, as in memory
      b = bk
    }
    add(t, groupOfRow(groups, by, row, slots), b, row, i)
  }
  return finish(plan, buckets, groups, by.length > 0)
}

/** @internal */
export const statistics = (
  defs: ReadonlyArray<Definition>,
  options: { readonly table: string; readonly columns?: Readonly<Record<string, string>> | undefined; readonly name?: string | undefined }
): { readonly expressions: ReadonlyArray<string>; readonly statements: ReadonlyArray<string> } => {
  if (!Array.isArray(defs) || defs.length === 0) {
    throw new KpiError({ reason: "InvalidOptions", message: "KpiSql.statistics needs a non-empty array of definitions" })
  }
  if (options === null || typeof options !== "object") {
    throw new KpiError({ reason: "InvalidOptions", message: "KpiSql.statistics needs options with the table" })
  }
  const { plan, times } = layout(defs)
  const column = columnOf("pg", options.columns ?? {})
  for (const leaf of plan.leaves) column(leaf.time, leaf.kpiIds[0])
  const table = tableName("pg", options.table, undefined)
  const parts = options.table.split(".")
  const base = parts[parts.length - 1]!
  const name = [...parts.slice(0, -1).map((p) => quoteIdentifier("pg", p)), quoteIdentifier("pg", options.name ?? `govplan_months_${base}`, undefined, "name")].join(".")
  const expressions = times.map((t) => `substr(${column(t.time, t.kpiIds[0])}, 1, 7)`)
  return {
    expressions,
    statements: [`CREATE STATISTICS IF NOT EXISTS ${name} ON ${expressions.map((e) => `(${e})`).join(", ")} FROM ${table}`, `ANALYZE ${table}`]
  }
}
