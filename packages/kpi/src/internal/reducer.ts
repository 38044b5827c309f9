import { type Definition, type EvaluateOptions, KpiError, type KpiResult, type Reducer } from "../Kpi.js"
import { dimString, finalize, GroupAcc, groupKey } from "./acc.js"
import * as Buckets from "./buckets.js"
import * as Plan from "./plan.js"
import { compile, type Predicate, type Row } from "./predicate.js"

const describe = (v: unknown): string => {
  try {
    return typeof v === "string" ? JSON.stringify(v) : typeof v === "bigint" ? `${v}n` : String(JSON.stringify(v) ?? v)
  } catch {
    return String(v)
  }
}

/** @internal validates the definitions and options shared by both interpreters */
export const checkDefinitions = (defs: ReadonlyArray<Definition>, by: ReadonlyArray<string>): void => {
  if (defs.length === 0) return
  for (const d of defs) {
    if (d === null || typeof d !== "object" || typeof d.id !== "string" || typeof d.measure !== "object") {
      throw new KpiError({ reason: "InvalidOptions", message: "expected KPI definitions made with Kpi.define or Kpi.decodeDefinition" })
    }
  }
  const records = [...new Set(defs.map((d) => d.record))]
  if (records.length > 1) {
    throw new KpiError({
      reason: "InvalidOptions",
      message: `the definitions read different records (${records.join(", ")}); evaluate each record's rows with its own definitions`
    })
  }
  const ids = new Set<string>()
  for (const d of defs) {
    if (ids.has(d.id)) throw new KpiError({ reason: "InvalidOptions", kpiId: d.id, message: `KPI ${d.id} is listed twice` })
    ids.add(d.id)
  }
  for (const f of by) {
    if (typeof f !== "string" || f.length === 0) {
      throw new KpiError({ reason: "InvalidOptions", message: `options.by must list field names, got ${describe(f)}` })
    }
  }
}

/**
 * A function reading one field of a row. Generated where code generation is allowed, so that each field
 * is read by a site of its own (one row shape: a fast property load) rather than one keyed load shared
 * by every field; else a closure.
 */
const getter = (field: string): (row: Row) => unknown => {
  try {
    return new Function("row", `return row[${JSON.stringify(field)}]`) as (row: Row) => unknown
  } catch {
    return (row) => row[field]
  }
}

/** @internal */
export const make = (defs: ReadonlyArray<Definition>, options: EvaluateOptions): Reducer => {
  const by = options.by ?? []
  checkDefinitions(defs, by)
  const buckets = Buckets.make(options)
  const plan = Plan.make(defs)
  const L = plan.leaves.length
  const B = buckets.keys.length
  const slots = L * B
  const start = buckets.start
  const end = buckets.end
  const grain = buckets.grain
  const byMonth = grain === "month"
  const byEnds = grain !== undefined && !byMonth
  const ends = buckets.ends
  const firstMonth = buckets.firstMonth
  const monthToBucket = buckets.monthToBucket
  const months = monthToBucket.length

  const times: Array<string> = plan.leaves.map((l) => l.time)
  const kinds = Int32Array.from(plan.leaves.map((l) => l.kind))
  const fields: Array<string> = plan.leaves.map((l) => l.field ?? "")
  const preds: Array<Predicate | null> = plan.leaves.map((l) => (l.where === undefined ? null : compile(l.where)))
  const weights = plan.leaves.map((l) => l.weights)
  const hasDistinct = plan.leaves.some((l) => l.kind === Plan.DISTINCT)

  const groups = new Map<string, GroupAcc>()
  const dims = by.length
  const dim0 = by[0] ?? ""
  const single = dims === 0 ? new GroupAcc("", {}, slots) : undefined
  if (single !== undefined) groups.set("", single)
  let pushed = 0

  const groupOf = (row: Row): GroupAcc => {
    if (single !== undefined) return single
    let key: string
    if (dims === 1) {
      const v = row[dim0]
      key = typeof v === "string" ? v : dimString(v)
    } else {
      const values = by.map((f) => dimString(row[f]))
      key = groupKey(values)
    }
    let g = groups.get(key)
    if (g === undefined) {
      const group: Record<string, string> = {}
      for (const f of by) group[f] = dimString(row[f])
      g = new GroupAcc(key, group, slots)
      if (hasDistinct) g.sets = new Array(slots)
      groups.set(key, g)
    }
    return g
  }
  if (single !== undefined && hasDistinct) single.sets = new Array(slots)

  const invalid = (li: number, v: unknown): KpiError => {
    const leaf = plan.leaves[li]!
    return new KpiError({
      reason: "InvalidValue",
      kpiId: leaf.kpiIds[0]!,
      field: leaf.field!,
      message: `KPI ${leaf.kpiIds.join(", ")}: field ${leaf.field} must hold numbers to be summed, got ${describe(v)} (row ${pushed})`
    })
  }

  // leaves grouped by time field: a row's time is read, range-checked and bucketed once per field
  const timeFields = [...new Set(times)]
  const T = timeFields.length
  const leavesOfTime: Array<Int32Array> = timeFields.map((t) => Int32Array.from(plan.leaves.filter((l) => l.time === t).map((l) => l.index)))

  const badTime = (ti: number, t: unknown): KpiError => {
    const field = timeFields[ti]!
    const ids = plan.leaves.filter((l) => l.time === field).flatMap((l) => l.kpiIds)
    return new KpiError({
      reason: "InvalidValue",
      kpiId: ids[0]!,
      field,
      message: `KPI ${[...new Set(ids)].join(", ")}: time field ${field} must hold a civil date or date-time string ("2022-03-01" or "2022-03-01 09:15:00"), got ${t instanceof Date ? `a Date (${t.toISOString()})` : describe(t)} (row ${pushed}); convert times with Civil from @govplan/model`
    })
  }

  const timeOf = timeFields.map(getter)
  const valueOf = fields.map(getter)
  // a time whose month lies strictly between the months of start and end is inside the period
  // without comparing strings; in those two months the strings are compared
  const startMonth = Buckets.monthNumber(start)
  const endMonth = Buckets.monthNumber(end)
  const monthsKnown = startMonth >= 0 && endMonth >= 0

  const push = (input: object): void => {
    const row = input as Row
    pushed++
    let g: GroupAcc | undefined
    for (let ti = 0; ti < T; ti++) {
      const t = timeOf[ti]!(row)
      if (typeof t !== "string") {
        if (t === null || t === undefined) continue
        throw badTime(ti, t)
      }
      const month = Buckets.monthNumber(t)
      if (month < 0 || !Buckets.hasDay(t)) throw badTime(ti, t)
      if (monthsKnown) {
        if (month < startMonth || month > endMonth) continue
        if ((month === startMonth || month === endMonth) && (t < start || t >= end)) continue
      } else if (t < start || t >= end) continue
      let b = 0
      if (byMonth) {
        const m = month - firstMonth
        if (m < 0 || m >= months) continue
        b = monthToBucket[m]!
        if (b < 0) continue
      } else if (byEnds) {
        while (t >= ends[b]!) b++
      }
      const lts = leavesOfTime[ti]!
      for (let j = 0; j < lts.length; j++) {
        const li = lts[j]!
        const p = preds[li]!
        if (p !== null && !p(row)) continue
        if (g === undefined) g = groupOf(row)
        const slot = b * L + li
        const num = g.num
        const o = slot * 3
        num[o]!++
        const kind = kinds[li]!
        if (kind === Plan.COUNT) continue
        const v = valueOf[li]!(row)
        if (v === null || v === undefined) continue
        switch (kind) {
          case Plan.SUM: {
            let x: number
            if (typeof v === "number") x = v
            else if (typeof v === "string" && v.trim() !== "") x = Number(v)
            else if (typeof v === "bigint") x = Number(v)
            else throw invalid(li, v)
            if (!Number.isFinite(x)) throw invalid(li, v)
            num[o + 1]!++
            num[o + 2]! += x
            break
          }
          case Plan.DISTINCT: {
            num[o + 1]!++
            const sets = g.sets!
            let s = sets[slot]
            if (s === undefined) sets[slot] = s = new Set()
            s.add(v)
            break
          }
          case Plan.MIN: {
            num[o + 1]!++
            const cur = g.ext[slot]
            if (cur === undefined || (v as number) < (cur as number)) g.ext[slot] = v
            break
          }
          case Plan.MAX: {
            num[o + 1]!++
            const cur = g.ext[slot]
            if (cur === undefined || (v as number) > (cur as number)) g.ext[slot] = v
            break
          }
          case Plan.WEIGHTED: {
            const w = weights[li]!.get(typeof v === "string" ? v : dimString(v))
            if (w === undefined) break
            num[o + 1]!++
            num[o + 2]! += w
            break
          }
        }
      }
    }
  }

  const result = (): ReadonlyArray<KpiResult> => {
    const sorted = [...groups.values()]
    if (dims > 0) sorted.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    return finalize(plan, buckets.keys, sorted, dims > 0)
  }

  return { push, result, rows: () => pushed }
}
