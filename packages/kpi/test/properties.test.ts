import { describe, expect, it } from "vitest"
import { Effect, FastCheck as fc } from "effect"
import { Filter, Kpi } from "@govplan/kpi"
import { Period } from "@govplan/model"
import { COLUMNS, countLeaf, definition, filter, options, rows, timeField, WEIGHTS, where } from "./arbitraries.js"
import { makeTable, runSql, runSqlMany } from "./sqlite.js"

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

  it("compileMany equals Kpi.evaluate for random sets of definitions (one statement, and per time field)", () => {
    fc.assert(
      fc.property(rows, fc.array(definition, { minLength: 1, maxLength: 5 }), options, fc.constantFrom("union" as const, "statements" as const), (data, defs, o, mode) => {
        // the same definition twice under other ids: identical leaves are shared, results still per definition
        const ds = defs.map((d, i) => ({ ...d, id: `p.kpi-${i}` }))
        const db = makeTable("r", COLUMNS, data)
        try {
          expect(runSqlMany(db, ds, { ...o, table: "r" }, mode)).toEqual(evaluate(ds, data, o))
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
