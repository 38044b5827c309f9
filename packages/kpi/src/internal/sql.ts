import { Civil } from "@govplan/model"
import type * as Filter from "../Filter.js"
import type { KpiResult } from "../Kpi.js"
import type { CompileOptions, Compiled, DecodeOptions, Dialect } from "../KpiSql.js"
import { dimString, finalize, GroupAcc, groupKey } from "./acc.js"
import type { Definition } from "./ast.js"
import * as Buckets from "./buckets.js"
import { KpiError } from "./error.js"
import * as Plan from "./plan.js"
import { checkDefinitions } from "./reducer.js"

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/
const DIALECTS: ReadonlyArray<Dialect> = ["sqlite", "pg", "mysql"]

/** @internal quotes a validated identifier for a dialect */
export const quoteIdentifier = (dialect: Dialect, name: string, kpiId?: string, field?: string): string => {
  if (typeof name !== "string" || !IDENT.test(name)) {
    throw new KpiError({
      reason: "InvalidIdentifier",
      ...(kpiId !== undefined ? { kpiId } : {}),
      ...(field !== undefined ? { field } : {}),
      message: `${kpiId !== undefined ? `KPI ${kpiId}: ` : ""}${field !== undefined && field !== name ? `field ${JSON.stringify(field)} maps to ` : ""}${JSON.stringify(name)}, which is not an SQL identifier ([A-Za-z_][A-Za-z0-9_]*)`
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
  if (!DIALECTS.includes(options.dialect)) {
    throw new KpiError({ reason: "InvalidOptions", message: `unknown dialect ${JSON.stringify(options.dialect)}: expected sqlite, pg or mysql` })
  }
}

const tableName = (dialect: Dialect, table: string, kpiId: string): string => {
  if (typeof table !== "string") throw new KpiError({ reason: "InvalidOptions", kpiId, message: "options.table must be a table name" })
  return table.split(".").map((part) => quoteIdentifier(dialect, part, kpiId, table)).join(".")
}

/** @internal */
export const compile = (def: Definition, options: CompileOptions): Compiled => {
  checkOptions(options)
  const by = options.by ?? []
  checkDefinitions([def], by)
  const dialect = options.dialect
  const buckets = Buckets.make(options)
  const plan = Plan.make([def])
  const columns = options.columns ?? {}
  const col = (field: string): string =>
    quoteIdentifier(dialect, Object.prototype.hasOwnProperty.call(columns, field) ? columns[field]! : field, def.id, field)
  const q = (name: string) => quoteIdentifier(dialect, name)
  const table = tableName(dialect, options.table, def.id)
  const sb = new Builder(dialect)

  const filterSql = (f: Filter.Filter): string => {
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
        return f.filters.length === 0 ? "1 = 1" : f.filters.length === 1 ? filterSql(f.filters[0]!) : `(${f.filters.map(filterSql).join(" AND ")})`
      case "Or":
        return f.filters.length === 0 ? "1 = 0" : f.filters.length === 1 ? filterSql(f.filters[0]!) : `(${f.filters.map(filterSql).join(" OR ")})`
      case "Not":
        // two-valued NOT: a comparison with NULL is false, so its negation is true
        return `NOT COALESCE(${filterSql(f.filter)}, FALSE)`
    }
  }

  const bucketSql = (time: string): string | undefined => {
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

  const extremes = plan.leaves.filter((l) => l.kind === Plan.MIN || l.kind === Plan.MAX).map((l) => l.index)
  const branches = plan.leaves.map((leaf, li) => {
    const time = col(leaf.time)
    const select: Array<string> = [`${li} AS ${q("leaf")}`]
    const bucket = bucketSql(time)
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
    if (leaf.where !== undefined) where.push(filterSql(leaf.where))
    const keys = (bucket !== undefined ? 1 : 0) + by.length
    const groupBy = keys === 0 ? "" : `\nGROUP BY ${Array.from({ length: keys }, (_, i) => i + 2).join(", ")}`
    return `SELECT ${select.join(", ")}\nFROM ${table}\nWHERE ${where.join(" AND ")}${groupBy}`
  })
  return { sql: branches.join("\nUNION ALL\n"), params: sb.params }
}

/** whether the compiled query selects a bucket column: a grain with more than one bucket, or months */
const hasBucketColumn = (buckets: Buckets.Buckets): boolean =>
  buckets.grain === "month" || (buckets.grain !== undefined && buckets.keys.length > 1)

const NUMERIC = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/

const toNumber = (u: unknown, column: string, def: Definition, i: number): number => {
  if (u === null || u === undefined) return 0
  const x = typeof u === "number" ? u : typeof u === "bigint" ? Number(u) : typeof u === "string" && NUMERIC.test(u.trim()) ? Number(u) : NaN
  if (!Number.isFinite(x)) {
    throw new KpiError({ reason: "InvalidRows", kpiId: def.id, message: `KPI ${def.id}: row ${i} column ${column} is not a number: ${String(u)}` })
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
    const li = toNumber(row.leaf, "leaf", def, i)
    if (!Number.isInteger(li) || li < 0 || li >= L) {
      throw new KpiError({ reason: "InvalidRows", kpiId: def.id, message: `KPI ${def.id}: row ${i} names leaf ${String(row.leaf)}, but the definition has ${L}` })
    }
    let b = 0
    if (hasBucketColumn(buckets)) {
      const bk = buckets.indexOfKey.get(String(row.bucket))
      if (bk === undefined) continue // a time that is not a civil date: no bucket, as in memory
      b = bk
    }
    const values = by.map((_, d) => dimString(row[`g${d}`]))
    const key = groupKey(values)
    let g = groups.get(key)
    if (g === undefined) {
      const group: Record<string, string> = {}
      by.forEach((f, d) => (group[f] = values[d]!))
      groups.set(key, g = new GroupAcc(key, group, slots))
    }
    const slot = b * L + li
    const o = slot * 3
    g.num[o]! += toNumber(row.r, "r", def, i)
    g.num[o + 1]! += toNumber(row.n, "n", def, i)
    g.num[o + 2]! += toNumber(row.v, "v", def, i)
    const kind = plan.leaves[li]!.kind
    if (kind === Plan.MIN || kind === Plan.MAX) {
      const x = normaliseExtreme(row[`x${li}`], dialect)
      if (x !== undefined) {
        const cur = g.ext[slot]
        if (cur === undefined || (kind === Plan.MIN ? (x as number) < (cur as number) : (x as number) > (cur as number))) g.ext[slot] = x
      }
    }
  }
  const sorted = [...groups.values()]
  if (by.length > 0) sorted.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
  return finalize(plan, buckets.keys, sorted, by.length > 0)
}
