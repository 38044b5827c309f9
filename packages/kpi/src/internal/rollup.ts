import { Period } from "@govplan/model"
import type { KpiPart, KpiResult, RollupMethod } from "../Kpi.js"
import { groupKey } from "./acc.js"

const NOT_ADDITIVE = new Set(["countDistinct", "min", "max"])

const partOf = (r: KpiResult): KpiPart => {
  const p: { -readonly [K in keyof KpiPart]: KpiPart[K] } = { period: r.period, value: r.value }
  if (r.numerator !== undefined) p.numerator = r.numerator
  if (r.denominator !== undefined) p.denominator = r.denominator
  return p
}

/** @internal */
export const rollup = (results: ReadonlyArray<KpiResult>, method: RollupMethod, period: Period.Period): ReadonlyArray<KpiResult> => {
  const { end, start } = Period.bounds(period)
  const periodKey = Period.key(period)
  const buckets = new Map<string, { readonly start: string; readonly end: string; readonly ok: boolean }>()
  const bucketInfo = (key: string) => {
    let info = buckets.get(key)
    if (info === undefined) {
      const p = Period.fromKey(key)
      if (p === undefined) info = { start: key, end: key, ok: false }
      else {
        const b = Period.bounds(p)
        info = { start: b.start, end: b.end, ok: b.start >= start && b.end <= end }
      }
      buckets.set(key, info)
    }
    return info
  }
  const lines = new Map<string, { kpiId: string; group: Readonly<Record<string, string>>; parts: Array<KpiResult> }>()
  for (const r of results) {
    if (!bucketInfo(r.period).ok) continue
    const gk = groupKey(Object.keys(r.group).sort().flatMap((k) => [k, r.group[k]!]))
    const key = `${r.kpiId}\u0001${gk}`
    let line = lines.get(key)
    if (line === undefined) lines.set(key, line = { kpiId: r.kpiId, group: r.group, parts: [] })
    line.parts.push(r)
  }
  const out: Array<KpiResult> = []
  for (const line of lines.values()) {
    const parts = line.parts.slice().sort((a, b) => {
      const x = bucketInfo(a.period).start
      const y = bucketInfo(b.period).start
      return x < y ? -1 : x > y ? 1 : 0
    })
    const overlap = parts.findIndex((p, i) => i > 0 && bucketInfo(p.period).start < bucketInfo(parts[i - 1]!.period).end)
    if (overlap > 0) {
      out.push({
        kpiId: line.kpiId,
        period: periodKey,
        group: line.group,
        value: null,
        count: 0,
        noDataReason: `sub-periods ${parts[overlap - 1]!.period} and ${parts[overlap]!.period} overlap: roll up results of one grain at a time`
      })
      continue
    }
    out.push(rollupLine(line.kpiId, line.group, parts, method, periodKey))
  }
  return out
}

const rollupLine = (
  kpiId: string,
  group: Readonly<Record<string, string>>,
  parts: ReadonlyArray<KpiResult>,
  method: RollupMethod,
  periodKey: string
): KpiResult => {
  const kind = parts[0]?.kind
  const count = parts.reduce((s, p) => s + p.count, 0)
  const base = { kpiId, period: periodKey, group, count, parts: parts.map(partOf), ...(kind !== undefined ? { kind } : {}) }
  const withData = parts.filter((p) => p.value !== null)
  const skipped = parts.filter((p) => p.value === null).map((p) => p.period)
  const skippedNote = skipped.length === 0 ? "" : `; no data in ${skipped.join(", ")}`
  if (kind !== undefined && NOT_ADDITIVE.has(kind) && (method === "pooled" || method === "sum")) {
    return {
      ...base,
      value: null,
      noDataReason: `a ${kind} cannot be ${method === "pooled" ? "pooled" : "summed"} from sub-period values; evaluate it over ${periodKey} instead`
    }
  }
  switch (method) {
    case "pooled": {
      const pooled = parts.filter((p) => p.denominator !== undefined)
      if (pooled.length === 0) {
        if (withData.length === 0) return { ...base, value: null, noDataReason: `no data in any sub-period of ${periodKey}` }
        return { ...base, value: withData.reduce((s, p) => s + p.value!, 0), note: `sum of ${withData.length} of ${parts.length} sub-periods${skippedNote}` }
      }
      const num = pooled.reduce((s, p) => s + (p.numerator ?? 0), 0)
      const den = pooled.reduce((s, p) => s + p.denominator!, 0)
      const left = parts.filter((p) => p.denominator === undefined).map((p) => p.period)
      const note = `pooled over ${pooled.length} of ${parts.length} sub-periods: Σ numerator / Σ denominator` +
        (left.length === 0 ? "" : `; left out (no parts): ${left.join(", ")}`)
      if (den === 0) return { ...base, value: null, numerator: num, denominator: 0, noDataReason: `the denominator is 0 over ${periodKey}`, note }
      return { ...base, value: num / den, numerator: num, denominator: den, note }
    }
    case "meanOfPeriods": {
      if (withData.length === 0) {
        return { ...base, value: null, noDataReason: `no sub-period of ${periodKey} has data`, note: `mean of 0 of ${parts.length} sub-periods${skippedNote}` }
      }
      return {
        ...base,
        value: withData.reduce((s, p) => s + p.value!, 0) / withData.length,
        note: `mean of ${withData.length} of ${parts.length} sub-periods${skippedNote}`
      }
    }
    case "sum": {
      if (withData.length === 0) return { ...base, value: null, noDataReason: `no sub-period of ${periodKey} has data` }
      return { ...base, value: withData.reduce((s, p) => s + p.value!, 0), note: `sum of ${withData.length} of ${parts.length} sub-periods${skippedNote}` }
    }
    case "latest": {
      const last = parts.filter((p) => p.value !== null || p.text !== undefined).at(-1)
      if (last === undefined) return { ...base, value: null, noDataReason: `no sub-period of ${periodKey} has data` }
      return {
        ...base,
        value: last.value,
        ...(last.text !== undefined ? { text: last.text } : {}),
        ...(last.numerator !== undefined ? { numerator: last.numerator } : {}),
        ...(last.denominator !== undefined ? { denominator: last.denominator } : {}),
        note: `latest sub-period with data: ${last.period}`
      }
    }
  }
}
