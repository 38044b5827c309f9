import type { Expr, KpiResult, MeasureKind } from "../Kpi.js"
import { COUNT, DISTINCT, MAX, MIN, type Node, type Plan, SUM, WEIGHTED } from "./plan.js"

/**
 * The accumulated state of one group: for every (bucket, leaf) slot three numbers
 * (rows matched, values counted, value) in one typed array, plus min/max values and distinct sets.
 *
 * @internal
 */
export class GroupAcc {
  readonly num: Float64Array
  readonly ext: Array<unknown>
  sets: Array<Set<unknown> | undefined> | undefined
  constructor(
    readonly key: string,
    readonly group: Readonly<Record<string, string>>,
    slots: number
  ) {
    this.num = new Float64Array(slots * 3)
    this.ext = new Array<unknown>(slots)
  }
}

/** @internal the key of a group: its dimension values joined by NUL */
export const groupKey = (values: ReadonlyArray<string>): string => values.join("\u0000")

/** @internal a dimension value as the string results carry: missing = "" */
export const dimString = (v: unknown): string =>
  typeof v === "string" ? v : v === null || v === undefined ? "" : typeof v === "bigint" ? v.toString() : String(v)

interface Val {
  value: number | null
  text?: string
  numerator?: number
  denominator?: number
  count: number
  reason?: string
}

const kindName = (node: Node): MeasureKind => {
  if (node._tag === "Ratio") return "ratio"
  if (node._tag === "Derive") return "derive"
  switch (node.leaf.kind) {
    case COUNT:
      return "count"
    case SUM:
      return "sum"
    case DISTINCT:
      return "countDistinct"
    case MIN:
      return "min"
    case MAX:
      return "max"
    default:
      return "weightedMean"
  }
}

const fmt = (x: number): string => (Number.isInteger(x) ? String(x) : String(Math.round(x * 1e6) / 1e6))

/**
 * Turns accumulated states into results: per definition, per group (in the given order), per bucket.
 *
 * @internal
 */
export const finalize = (
  plan: Plan,
  bucketKeys: ReadonlyArray<string>,
  groups: ReadonlyArray<GroupAcc>,
  grouped: boolean
): Array<KpiResult> => {
  const L = plan.leaves.length
  const out: Array<KpiResult> = []
  for (const root of plan.roots) {
    const kind = kindName(root.node)
    for (const g of groups) {
      if (grouped) {
        let any = false
        for (let b = 0; b < bucketKeys.length && !any; b++) {
          for (const l of root.leaves) {
            if (g.num[(b * L + l) * 3]! > 0) {
              any = true
              break
            }
          }
        }
        if (!any) continue
      }
      for (let b = 0; b < bucketKeys.length; b++) {
        const bucket = bucketKeys[b]!
        const v = evalNode(root.node, g, b, L, bucket)
        const r: {
          -readonly [K in keyof KpiResult]: KpiResult[K]
        } = { kpiId: root.def.id, period: bucket, group: g.group, value: v.value, count: v.count, kind }
        if (v.numerator !== undefined) r.numerator = v.numerator
        if (v.denominator !== undefined) r.denominator = v.denominator
        if (v.text !== undefined) r.text = v.text
        if (v.reason !== undefined) r.noDataReason = v.reason
        out.push(r)
      }
    }
  }
  return out
}

const evalNode = (node: Node, g: GroupAcc, b: number, L: number, bucket: string): Val => {
  switch (node._tag) {
    case "Leaf": {
      const leaf = node.leaf
      const slot = b * L + leaf.index
      const rows = g.num[slot * 3]!
      const n = g.num[slot * 3 + 1]!
      const v = g.num[slot * 3 + 2]!
      switch (leaf.kind) {
        case COUNT:
          return { value: rows, count: rows }
        case SUM:
          return { value: v, count: rows }
        case DISTINCT: {
          const set = g.sets?.[slot]
          return { value: set !== undefined ? set.size : v, count: rows }
        }
        case MIN:
        case MAX: {
          const x = g.ext[slot]
          if (n === 0 || x === undefined || x === null) {
            return { value: null, count: rows, reason: `no ${leaf.field} values in ${bucket}${rows === 0 ? " (no matching rows)" : ""}` }
          }
          if (typeof x === "number") return { value: x, count: rows }
          return { value: null, text: String(x), count: rows }
        }
        case WEIGHTED:
        default: {
          if (n === 0) {
            return {
              value: null,
              numerator: v,
              denominator: 0,
              count: rows,
              reason: `no rows with a weighted ${leaf.field} in ${bucket}${rows === 0 ? " (no matching rows)" : ""}`
            }
          }
          return { value: v / n, numerator: v, denominator: n, count: rows }
        }
      }
    }
    case "Ratio": {
      const num = evalNode(node.numerator, g, b, L, bucket)
      const den = evalNode(node.denominator, g, b, L, bucket)
      if (num.value === null) {
        return { value: null, count: den.count, reason: `numerator: ${num.reason ?? "not a number"}` }
      }
      if (den.value === null) {
        return { value: null, numerator: num.value, count: den.count, reason: `denominator: ${den.reason ?? "not a number"}` }
      }
      if (den.value === 0) {
        return {
          value: null,
          numerator: num.value,
          denominator: 0,
          count: den.count,
          reason: `the denominator is 0 in ${bucket}${den.count === 0 ? " (no matching rows)" : ""}`
        }
      }
      return { value: num.value / den.value, numerator: num.value, denominator: den.value, count: den.count }
    }
    case "Derive": {
      const env = new Map<string, Val>()
      let count = 0
      for (const [name, input] of node.inputs) {
        const v = evalNode(input, g, b, L, bucket)
        count += v.count
        env.set(name, v)
      }
      const top = node.expr
      if (top._tag === "Div") {
        const l = evalExpr(top.left, env)
        const r = evalExpr(top.right, env)
        if (typeof l === "string") return { value: null, count, reason: l }
        if (typeof r === "string") return { value: null, numerator: l.n, count, reason: r }
        if (r.n === 0) return { value: null, numerator: l.n, denominator: 0, count, reason: `division by zero in ${bucket}` }
        return { value: l.n / r.n, numerator: l.n, denominator: r.n, count }
      }
      const x = evalExpr(top, env)
      if (typeof x === "string") return { value: null, count, reason: x }
      return { value: x.n, count }
    }
  }
}

/** evaluates an expression to a number, or to the reason it has none */
const evalExpr = (e: Expr, env: ReadonlyMap<string, Val>): { n: number } | string => {
  switch (e._tag) {
    case "Const":
      return { n: e.value }
    case "Ref": {
      const v = env.get(e.name)
      if (v === undefined) return `unknown input ${JSON.stringify(e.name)}`
      if (v.value === null) return `input ${e.name}: ${v.reason ?? (v.text !== undefined ? `${JSON.stringify(v.text)} is not a number` : "no data")}`
      return { n: v.value }
    }
    default: {
      const l = evalExpr(e.left, env)
      if (typeof l === "string") return l
      const r = evalExpr(e.right, env)
      if (typeof r === "string") return r
      switch (e._tag) {
        case "Add":
          return { n: l.n + r.n }
        case "Sub":
          return { n: l.n - r.n }
        case "Mul":
          return { n: l.n * r.n }
        case "Div":
          return r.n === 0 ? `division by zero (${fmt(l.n)} / 0)` : { n: l.n / r.n }
      }
    }
  }
}
