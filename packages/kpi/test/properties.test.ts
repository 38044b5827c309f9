import { describe, expect, it } from "vitest"
import { Effect, FastCheck as fc } from "effect"
import { Filter, Kpi } from "@govplan/kpi"
import { Period } from "@govplan/model"
import { makeTable, runSql } from "./sqlite.js"

// ---------------------------------------------------------------------------
// generators: rows with nulls, random filters, random measures, random options
// ---------------------------------------------------------------------------

interface Row {
  readonly t1: string | null
  readonly t2: string | null
  readonly s: string | null
  readonly k: string | null
  readonly h: number | null
  readonly r: string | null
  readonly c: string
}

const COLUMNS = { t1: "TEXT", t2: "TEXT", s: "TEXT", k: "TEXT", h: "REAL", r: "TEXT", c: "TEXT" } as const
const STATUS = ["办结", "在办", "退回"]
const COMMITTEE = ["甲", "乙", "x"]
const RATING = ["满意", "基本满意", "一般", "不满意", "未评价"]
/** dyadic weights and quarter hours: every sum is exact, in any order, in JS and in SQLite */
const WEIGHTS = { 满意: 1, 基本满意: 0.75, 一般: 0.5, 不满意: 0 }

const pad = (n: number) => String(n).padStart(2, "0")
const time = fc
  .tuple(fc.integer({ min: 0, max: 15 }), fc.integer({ min: 1, max: 28 }), fc.option(fc.tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 })), { nil: undefined }))
  .map(([m, d, hm]) => {
    const month = 10 + m // 2021-11 .. 2023-02
    const date = `${2021 + Math.floor((month - 1) / 12)}-${pad(((month - 1) % 12) + 1)}-${pad(d)}`
    return hm === undefined ? date : `${date} ${pad(hm[0])}:${pad(hm[1])}:00`
  })

const nullable = <A>(arb: fc.Arbitrary<A>) => fc.option(arb, { nil: null, freq: 5 })

const row: fc.Arbitrary<Row> = fc.record({
  t1: nullable(time),
  t2: nullable(time),
  s: nullable(fc.constantFrom(...STATUS)),
  k: nullable(fc.constantFrom(...COMMITTEE)),
  h: nullable(fc.integer({ min: 0, max: 40 }).map((q) => q / 4)),
  r: nullable(fc.constantFrom(...RATING)),
  c: fc.constantFrom("c1", "c2", "c3", "c4", "c5")
})

const rows = fc.array(row, { maxLength: 60 })

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
const { filter } = fc.letrec<{ filter: Filter.Filter }>((tie) => ({
  filter: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    leafFilter,
    fc.array(tie("filter"), { maxLength: 3 }).map((fs) => Filter.and(...fs)),
    fc.array(tie("filter"), { maxLength: 3 }).map((fs) => Filter.or(...fs)),
    tie("filter").map(Filter.not)
  )
}))

const where = fc.option(filter, { nil: undefined })
const timeField = fc.constantFrom("t1", "t2")
const leaf: fc.Arbitrary<Kpi.Measure> = fc.oneof(
  fc.record({ time: timeField, where }).map(Kpi.count),
  fc.record({ time: timeField, where }).map((o) => Kpi.sum({ ...o, field: "h" })),
  fc.record({ time: timeField, where, field: fc.constantFrom("c", "h", "s") }).map(Kpi.countDistinct),
  fc.record({ time: timeField, where, field: fc.constantFrom("h", "t1", "t2", "s") }).map(Kpi.min),
  fc.record({ time: timeField, where, field: fc.constantFrom("h", "t1", "t2", "s") }).map(Kpi.max),
  fc.record({ time: timeField, where }).map((o) => Kpi.weightedMean({ ...o, field: "r", weights: WEIGHTS }))
)
const countLeaf = fc.record({ time: timeField, where }).map(Kpi.count)
const measure: fc.Arbitrary<Kpi.Measure> = fc.oneof(
  leaf,
  fc.record({ numerator: countLeaf, denominator: countLeaf }).map(Kpi.ratio),
  fc.record({ numerator: leaf, denominator: leaf }).map(Kpi.ratio),
  fc.record({ a: leaf, b: countLeaf }).map(({ a, b }) =>
    Kpi.derive({ inputs: { a, b }, expr: Kpi.div(Kpi.ref("a"), Kpi.add(Kpi.ref("a"), Kpi.ref("b"))) })
  ),
  fc.record({ a: countLeaf, b: countLeaf }).map(({ a, b }) => Kpi.derive({ inputs: { a, b }, expr: Kpi.mul(Kpi.sub(Kpi.ref("a"), Kpi.ref("b")), 2) }))
)
const definition = measure.map((m) => Kpi.define({ id: "p.kpi", name: "随机", record: "r", measure: m }))

const options: fc.Arbitrary<Kpi.EvaluateOptions> = fc.record({
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

const evaluate = (defs: Kpi.Definition | ReadonlyArray<Kpi.Definition>, data: ReadonlyArray<object>, o: Kpi.EvaluateOptions) =>
  Effect.runSync(Kpi.evaluate(defs, data, o))

// ---------------------------------------------------------------------------

describe("properties", () => {
  it("in-memory equals SQLite for random rows, filters, measures, grains and groups", () => {
    fc.assert(
      fc.property(rows, definition, options, (data, def, o) => {
        const db = makeTable("r", COLUMNS, data)
        try {
          expect(runSql(db, def, { ...o, table: "r" })).toEqual(evaluate(def, data, o))
        } finally {
          db.close()
        }
      }),
      { numRuns: 300 }
    )
  })

  it("shuffling the rows changes nothing", () => {
    fc.assert(
      fc.property(
        rows.chain((data) => fc.tuple(fc.constant(data), fc.shuffledSubarray(data, { minLength: data.length, maxLength: data.length }))),
        fc.array(definition, { minLength: 1, maxLength: 3 }),
        options,
        ([data, shuffled], defs, o) => {
          const ds = defs.map((d, i) => ({ ...d, id: `p.kpi-${i}` }))
          expect(evaluate(ds, shuffled, o)).toEqual(evaluate(ds, data, o))
        }
      ),
      { numRuns: 200 }
    )
  })

  it("a rate whose numerator is a subset of its denominator stays in [0, 1] or is no data", () => {
    fc.assert(
      fc.property(rows, timeField, where, filter, options, (data, t, base, extra, o) => {
        const denominator = Kpi.count({ time: t, where: base })
        const numerator = Kpi.count({ time: t, where: base === undefined ? extra : Filter.and(base, extra) })
        const rate = Kpi.define({ id: "p.rate", name: "率", record: "r", measure: Kpi.ratio({ numerator, denominator }) })
        const satisfaction = Kpi.define({ id: "p.sat", name: "满意率", record: "r", measure: Kpi.weightedMean({ field: "r", weights: WEIGHTS, time: t, where: base }) })
        for (const r of evaluate([rate, satisfaction], data, o)) {
          if (r.value === null) {
            expect(r.noDataReason).toBeTypeOf("string")
            expect(r.denominator).toBe(0)
          } else {
            expect(r.value).toBeGreaterThanOrEqual(0)
            expect(r.value).toBeLessThanOrEqual(1)
            expect(Number.isNaN(r.value)).toBe(false)
          }
        }
      }),
      { numRuns: 300 }
    )
  })

  it("the pooled annual rate is the sum of monthly numerators over the sum of monthly denominators, and equals the annual evaluation", () => {
    fc.assert(
      fc.property(rows, countLeaf, countLeaf, fc.constantFrom<[Period.Period, Period.Grain]>(
        [Period.year(2022), "month"],
        [Period.year(2022), "quarter"],
        [Period.assessmentYear(2022, 11), "month"]
      ), (data, numerator, denominator, [period, grain]) => {
        const def = Kpi.define({ id: "p.rate", name: "率", record: "r", measure: Kpi.ratio({ numerator, denominator }) })
        const parts = evaluate(def, data, { period, grain })
        const [pooled] = Kpi.rollup(parts, "pooled", period)
        const [whole] = evaluate(def, data, { period })
        const num = parts.reduce((s, p) => s + p.numerator!, 0)
        const den = parts.reduce((s, p) => s + p.denominator!, 0)
        expect([pooled!.numerator, pooled!.denominator]).toEqual([num, den])
        expect([whole!.numerator, whole!.denominator]).toEqual([num, den])
        expect(pooled!.value).toBe(den === 0 ? null : num / den)
        expect(whole!.value).toBe(pooled!.value)
      }),
      { numRuns: 300 }
    )
  })

  it("the mean of monthly values averages exactly the months that have data", () => {
    fc.assert(
      fc.property(rows, countLeaf, countLeaf, (data, numerator, denominator) => {
        const def = Kpi.define({ id: "p.rate", name: "率", record: "r", measure: Kpi.ratio({ numerator, denominator }) })
        const months = evaluate(def, data, { period: Period.year(2022), grain: "month" })
        const [mean] = Kpi.rollup(months, "meanOfPeriods", Period.year(2022))
        const values = months.flatMap((m) => (m.value === null ? [] : [m.value]))
        expect(mean!.parts).toHaveLength(12)
        if (values.length === 0) expect(mean!.value).toBeNull()
        else expect(mean!.value).toBeCloseTo(values.reduce((a, b) => a + b, 0) / values.length, 12)
      }),
      { numRuns: 200 }
    )
  })
})
