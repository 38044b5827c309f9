/**
 * fast-check generators for the property tests: rows with nulls, random filters, random measures
 * and random evaluation options over a small schema (t1, t2 times; s, k, r text; h quarter hours; c caller).
 */
import { FastCheck as fc } from "effect"
import { Filter, Kpi } from "@govplan/kpi"
import { Period } from "@govplan/model"

export interface Row {
  readonly t1: string | null
  readonly t2: string | null
  readonly s: string | null
  readonly k: string | null
  readonly h: number | null
  readonly r: string | null
  readonly c: string
}

export const COLUMNS = { t1: "TEXT", t2: "TEXT", s: "TEXT", k: "TEXT", h: "REAL", r: "TEXT", c: "TEXT" } as const
const STATUS = ["办结", "在办", "退回"]
const COMMITTEE = ["甲", "乙", "x"]
const RATING = ["满意", "基本满意", "一般", "不满意", "未评价"]
/** dyadic weights and quarter hours: every sum is exact, in any order, in JS and in SQLite */
export const WEIGHTS = { 满意: 1, 基本满意: 0.75, 一般: 0.5, 不满意: 0 }

const pad = (n: number) => String(n).padStart(2, "0")
export const time = fc
  .tuple(fc.integer({ min: 0, max: 15 }), fc.integer({ min: 1, max: 28 }), fc.option(fc.tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 })), { nil: undefined }))
  .map(([m, d, hm]) => {
    const month = 10 + m // 2021-11 .. 2023-02
    const date = `${2021 + Math.floor((month - 1) / 12)}-${pad(((month - 1) % 12) + 1)}-${pad(d)}`
    return hm === undefined ? date : `${date} ${pad(hm[0])}:${pad(hm[1])}:00`
  })

const nullable = <A>(arb: fc.Arbitrary<A>) => fc.option(arb, { nil: null, freq: 5 })

export const row: fc.Arbitrary<Row> = fc.record({
  t1: nullable(time),
  t2: nullable(time),
  s: nullable(fc.constantFrom(...STATUS)),
  k: nullable(fc.constantFrom(...COMMITTEE)),
  h: nullable(fc.integer({ min: 0, max: 40 }).map((q) => q / 4)),
  r: nullable(fc.constantFrom(...RATING)),
  c: fc.constantFrom("c1", "c2", "c3", "c4", "c5")
})

export const rows = fc.array(row, { maxLength: 60 })

const op = fc.constantFrom("eq", "ne", "lt", "le", "gt", "ge") as fc.Arbitrary<Filter.Operator>
const leafFilter: fc.Arbitrary<Filter.Filter> = fc.oneof(
  fc.tuple(op, fc.constantFrom("s", "k", "r"), fc.constantFrom(...STATUS, ...COMMITTEE, ...RATING)).map(([o, f, v]) => ({ _tag: "Compare" as const, op: o, field: f, value: v })),
  fc.tuple(op, fc.integer({ min: 0, max: 40 }).map((q) => q / 4)).map(([o, v]) => ({ _tag: "Compare" as const, op: o, field: "h", value: v })),
  fc.tuple(op, time).map(([o, v]) => ({ _tag: "Compare" as const, op: o, field: "t2", value: v })),
  fc.tuple(op).map(([o]) => ({ _tag: "FieldCompare" as const, op: o, left: "t1", right: "t2" })),
  fc.tuple(fc.constantFrom("s", "r"), fc.subarray([...STATUS, ...RATING])).map(([f, vs]) => Filter.oneOf(f, vs)),
  fc.constantFrom("s", "k", "h", "t2").map(Filter.isNull),
  fc.constantFrom("s", "k", "h", "t2").map(Filter.isNotNull)
)
export const { filter } = fc.letrec<{ filter: Filter.Filter }>((tie) => ({
  filter: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    leafFilter,
    fc.array(tie("filter"), { maxLength: 3 }).map((fs) => Filter.and(...fs)),
    fc.array(tie("filter"), { maxLength: 3 }).map((fs) => Filter.or(...fs)),
    tie("filter").map(Filter.not)
  )
}))

export const where = fc.option(filter, { nil: undefined })
export const timeField = fc.constantFrom("t1", "t2")
export const leaf: fc.Arbitrary<Kpi.Measure> = fc.oneof(
  fc.record({ time: timeField, where }).map(Kpi.count),
  fc.record({ time: timeField, where }).map((o) => Kpi.sum({ ...o, field: "h" })),
  fc.record({ time: timeField, where, field: fc.constantFrom("c", "h", "s") }).map(Kpi.countDistinct),
  fc.record({ time: timeField, where, field: fc.constantFrom("h", "t1", "t2", "s") }).map(Kpi.min),
  fc.record({ time: timeField, where, field: fc.constantFrom("h", "t1", "t2", "s") }).map(Kpi.max),
  fc.record({ time: timeField, where }).map((o) => Kpi.weightedMean({ ...o, field: "r", weights: WEIGHTS }))
)
export const countLeaf = fc.record({ time: timeField, where }).map(Kpi.count)
export const measure: fc.Arbitrary<Kpi.Measure> = fc.oneof(
  leaf,
  fc.record({ numerator: countLeaf, denominator: countLeaf }).map(Kpi.ratio),
  fc.record({ numerator: leaf, denominator: leaf }).map(Kpi.ratio),
  fc.record({ a: leaf, b: countLeaf }).map(({ a, b }) =>
    Kpi.derive({ inputs: { a, b }, expr: Kpi.div(Kpi.ref("a"), Kpi.add(Kpi.ref("a"), Kpi.ref("b"))) })
  ),
  fc.record({ a: countLeaf, b: countLeaf }).map(({ a, b }) => Kpi.derive({ inputs: { a, b }, expr: Kpi.mul(Kpi.sub(Kpi.ref("a"), Kpi.ref("b")), 2) }))
)
export const definition = measure.map((m) => Kpi.define({ id: "p.kpi", name: "随机", record: "r", measure: m }))

export const options: fc.Arbitrary<Kpi.EvaluateOptions> = fc.record({
  period: fc.constantFrom<Period.Period>(
    Period.year(2022),
    Period.quarter(2022, 2),
    Period.month(2022, 12),
    Period.assessmentYear(2022, 11),
    Period.range("2021-12-15" as never, "2022-05-10" as never)
  ),
  grain: fc.constantFrom(undefined, "month", "quarter", "year", "assessmentYear") as fc.Arbitrary<Period.Grain | undefined>,
  by: fc.constantFrom([], ["k"], ["k", "s"])
})

