import { describe, expect, it } from "@effect/vitest"
import { Effect, Either, Stream } from "effect"
import { Filter, Kpi } from "@govplan/kpi"
import { Period } from "@govplan/model"
import * as F from "./fixtures.js"

const Q1 = { period: Period.quarter(2022, 1), grain: "month" } as const

const run = (defs: Kpi.Definition | ReadonlyArray<Kpi.Definition>, options: Kpi.EvaluateOptions, rows: ReadonlyArray<object> = F.orders) =>
  Effect.runSync(Kpi.evaluate(defs, rows, options))

const series = (results: ReadonlyArray<Kpi.KpiResult>, kpiId: string) =>
  results.filter((r) => r.kpiId === kpiId).map((r) => ({ period: r.period, value: r.value, numerator: r.numerator, denominator: r.denominator, count: r.count, text: r.text }))

describe("Kpi.evaluate: hand-computed values per measure kind (Q1 2022 by month)", () => {
  const results = run(F.allDefinitions, Q1)

  it("count: intake by acceptance time; closures by closing time", () => {
    expect(series(results, "t.intake").map((r) => [r.period, r.value, r.count])).toEqual([
      ["2022-01", 3, 3],
      ["2022-02", 2, 2],
      ["2022-03", 3, 3]
    ])
    // h8 was accepted in December 2021 but closed in January: it counts as a January closure only
    expect(series(results, "t.closures").map((r) => r.value)).toEqual([2, 3, 2])
  })

  it("ratio with one time field: 办结率", () => {
    expect(series(results, "t.closure-rate").map((r) => [r.value, r.numerator, r.denominator])).toEqual([
      [2 / 3, 2, 3],
      [1, 2, 2],
      [2 / 3, 2, 3]
    ])
  })

  it("share: the same ratio written as a share, with and without a base filter", () => {
    expect(Kpi.share({ time: "acceptedAt", where: Filter.eq("status", "办结") })).toEqual(F.closureRate.measure)
    const rated = Filter.isNotNull("rating")
    expect(Kpi.share({ time: "closedAt", of: rated, where: Filter.eq("rating", "满意") })).toEqual(
      Kpi.ratio({
        numerator: Kpi.count({ time: "closedAt", where: Filter.and(rated, Filter.eq("rating", "满意")) }),
        denominator: Kpi.count({ time: "closedAt", where: rated })
      })
    )
    const asShare = Kpi.define({ id: "t.closure-share", name: "办结率", record: "hotline_order", measure: Kpi.share({ time: "acceptedAt", where: Filter.eq("status", "办结") }) })
    expect(series(run([asShare], Q1), "t.closure-share").map((r) => [r.value, r.numerator, r.denominator])).toEqual([
      [2 / 3, 2, 3],
      [1, 2, 2],
      [2 / 3, 2, 3]
    ])
  })

  it("ratio whose sides have different time fields and a field-to-field filter: 按时结案率", () => {
    // numerator by closedAt with closedAt <= dueAt: Jan h1, h8; Feb h4; Mar h6 (h7 closed 03-31 17:00 after 03-30)
    // denominator by dueAt: Jan h1, h2, h8; Feb h3, h4, h5; Mar h6, h7
    expect(series(results, "t.on-time-rate").map((r) => [r.value, r.numerator, r.denominator, r.count])).toEqual([
      [2 / 3, 2, 3, 3],
      [1 / 3, 1, 3, 3],
      [1 / 2, 1, 2, 2]
    ])
  })

  it("sum skips missing values", () => {
    expect(series(results, "t.hours").map((r) => [r.value, r.count])).toEqual([
      [4.5, 2],
      [12.5, 3],
      [7.5, 2]
    ])
  })

  it("countDistinct", () => {
    expect(series(results, "t.callers").map((r) => [r.value, r.count])).toEqual([
      [2, 3],
      [2, 2],
      [3, 3]
    ])
    // over the whole quarter the callers are c1..c4, not 2 + 2 + 3
    expect(run(F.callers, { period: Period.quarter(2022, 1) })[0]!.value).toBe(4)
  })

  it("min and max of text (civil date-times) give the text, with value null and no noDataReason", () => {
    const first = results.filter((r) => r.kpiId === "t.first-closed")
    expect(first.map((r) => [r.value, r.text, r.count, r.noDataReason])).toEqual([
      [null, "2022-01-07 10:00:00", 2, undefined],
      [null, "2022-02-10 16:00:00", 2, undefined],
      [null, "2022-03-04 12:00:00", 2, undefined]
    ])
    expect(series(results, "t.last-closed").map((r) => [r.text, r.count])).toEqual([
      ["2022-02-03 09:00:00", 3],
      ["2022-02-20 11:00:00", 2],
      ["2022-03-31 17:00:00", 3]
    ])
  })

  it("min and max of numbers", () => {
    expect(series(results, "t.min-hours").map((r) => r.value)).toEqual([2, 3, 1.5])
    expect(series(results, "t.max-hours").map((r) => r.value)).toEqual([5.5, 4, 6])
  })

  it("weightedMean: numerator = Σ weights, denominator = rows with a weight; 未评价 is left out", () => {
    const s = series(results, "t.satisfaction")
    expect(s.map((r) => [r.numerator, r.denominator, r.count])).toEqual([
      [2, 2, 2],
      [expect.closeTo(1.4, 12), 3, 3],
      [1, 1, 2]
    ])
    expect(s[0]!.value).toBe(1)
    expect(s[1]!.value).toBeCloseTo(1.4 / 3, 12)
    expect(s[2]!.value).toBe(1)
  })

  it("derive: untrue / (untrue + true), keeping both sides of the division", () => {
    expect(series(results, "t.untrue-rate").map((r) => [r.value, r.numerator, r.denominator, r.count])).toEqual([
      [0, 0, 2, 2],
      [1 / 3, 1, 3, 3],
      [1 / 2, 1, 2, 2]
    ])
  })

  it("derive: arithmetic over other definitions' measures", () => {
    expect(series(results, "t.backlog-growth").map((r) => [r.value, r.numerator, r.denominator, r.count])).toEqual([
      [100 / 3, 100, 3, 5],
      [-50, -100, 2, 5],
      [100 / 3, 100, 3, 5]
    ])
  })

  it("reports the kind of each measure", () => {
    const kinds = new Map(results.map((r) => [r.kpiId, r.kind]))
    expect(kinds.get("t.closure-rate")).toBe("ratio")
    expect(kinds.get("t.satisfaction")).toBe("weightedMean")
    expect(kinds.get("t.untrue-rate")).toBe("derive")
    expect(kinds.get("t.callers")).toBe("countDistinct")
  })

  it("the whole quarter as one bucket", () => {
    const whole = run(F.allDefinitions, { period: Period.quarter(2022, 1) })
    const v = (id: string) => whole.find((r) => r.kpiId === id)!
    expect(whole.every((r) => r.period === "2022-Q1")).toBe(true)
    expect(v("t.intake").value).toBe(8)
    expect(v("t.closures").value).toBe(7)
    expect([v("t.closure-rate").numerator, v("t.closure-rate").denominator]).toEqual([6, 8])
    expect([v("t.on-time-rate").numerator, v("t.on-time-rate").denominator]).toEqual([4, 8])
    expect(v("t.hours").value).toBe(24.5)
    expect(v("t.satisfaction").value).toBeCloseTo(4.4 / 6, 12)
    expect(v("t.untrue-rate").value).toBeCloseTo(2 / 7, 12)
    expect(v("t.first-closed").text).toBe("2022-01-07 10:00:00")
    expect(v("t.last-closed").text).toBe("2022-03-31 17:00:00")
  })
})

describe("no data", () => {
  it("a zero denominator is null with a reason, never 0 or NaN", () => {
    const [may] = run(F.closureRate, { period: Period.month(2022, 5) })
    expect(may).toEqual({
      kpiId: "t.closure-rate",
      period: "2022-05",
      group: {},
      value: null,
      numerator: 0,
      denominator: 0,
      count: 0,
      kind: "ratio",
      noDataReason: "the denominator is 0 in 2022-05 (no matching rows)"
    })
  })

  it("a count or sum with no rows is 0; a weighted mean or min with no rows is null", () => {
    const r = run([F.intake, F.hours, F.satisfaction, F.firstClosed], { period: Period.month(2022, 5) })
    expect(r.map((x) => [x.kpiId, x.value, x.count])).toEqual([
      ["t.intake", 0, 0],
      ["t.hours", 0, 0],
      ["t.satisfaction", null, 0],
      ["t.first-closed", null, 0]
    ])
    expect(r[2]!.noDataReason).toBe("no rows with a weighted rating in 2022-05 (no matching rows)")
    expect(r[3]!.noDataReason).toBe("no closedAt values in 2022-05 (no matching rows)")
  })

  it("a division by zero in a derived measure is null with a reason", () => {
    const [r] = run(F.untrueRate, { period: Period.month(2022, 5) })
    expect(r!.value).toBeNull()
    expect(r!.noDataReason).toBe("division by zero in 2022-05")
    const [b] = run(F.backlogGrowth, { period: Period.month(2022, 5) })
    expect(b!.value).toBeNull()
  })

  it("a ratio over a text min is null, saying the input is not a number", () => {
    const def = Kpi.define({
      id: "t.nonsense",
      name: "n",
      record: "hotline_order",
      measure: Kpi.derive({ inputs: { d: Kpi.min({ field: "closedAt", time: "acceptedAt" }) }, expr: Kpi.mul(Kpi.ref("d"), 2) })
    })
    const [r] = run(def, { period: Period.month(2022, 1) })
    expect(r!.value).toBeNull()
    expect(r!.noDataReason).toBe(`input d: "2022-01-07 10:00:00" is not a number`)
  })
})

describe("grouping", () => {
  it("groups by a dimension, sorted by its value", () => {
    const r = run(F.closureRate, { period: Period.quarter(2022, 1), by: ["committee"] })
    expect(r.map((x) => [x.group, x.numerator, x.denominator])).toEqual([
      [{ committee: "丙" }, 1, 1],
      [{ committee: "乙" }, 2, 3],
      [{ committee: "甲" }, 3, 4]
    ])
  })

  it("reports every bucket of every group that has rows", () => {
    const r = run(F.closureRate, { ...Q1, by: ["committee"] }).filter((x) => x.group.committee === "丙")
    expect(r.map((x) => [x.period, x.value])).toEqual([
      ["2022-01", null],
      ["2022-02", null],
      ["2022-03", 1]
    ])
  })

  it("groups by two dimensions; a missing dimension value is the empty string; keys sort by code unit (不 U+4E0D before 属 U+5C5E)", () => {
    const r = run(F.intake, { period: Period.quarter(2022, 1), by: ["committee", "verdict"] })
    expect(r.map((x) => [x.group.committee, x.group.verdict, x.value])).toEqual([
      ["丙", "属实", 1],
      ["乙", "", 1],
      ["乙", "不属实", 1],
      ["乙", "属实", 1],
      ["甲", "", 1],
      ["甲", "不属实", 1],
      ["甲", "属实", 2]
    ])
  })
})

describe("grains", () => {
  it("quarter", () => {
    const r = run(F.intake, { period: Period.year(2022), grain: "quarter" })
    expect(r.map((x) => [x.period, x.value])).toEqual([
      ["2022-Q1", 8],
      ["2022-Q2", 1],
      ["2022-Q3", 0],
      ["2022-Q4", 0]
    ])
  })

  it("year, over a range that spans two years", () => {
    const r = run(F.intake, { period: Period.range("2021-12-01" as never, "2022-02-01" as never), grain: "year" })
    expect(r.map((x) => [x.period, x.value])).toEqual([
      ["2021", 1],
      ["2022", 3]
    ])
  })

  it("month, over a range that cuts months: only the overlap counts", () => {
    const r = run(F.intake, { period: Period.range("2022-01-15" as never, "2022-02-15" as never), grain: "month" })
    expect(r.map((x) => [x.period, x.value])).toEqual([
      ["2022-01", 2],
      ["2022-02", 2]
    ])
  })

  it("assessment year November–October", () => {
    const ay = run(F.intake, { period: Period.assessmentYear(2022, 11), grain: "assessmentYear" })
    expect(ay.map((x) => [x.period, x.value])).toEqual([["AY2022/11", 10]])
    const months = run(F.intake, { period: Period.assessmentYear(2022, 11), grain: "month" })
    expect(months).toHaveLength(12)
    expect(months[0]!.period).toBe("2021-11")
    expect(months.map((x) => x.value)).toEqual([0, 1, 3, 2, 3, 1, 0, 0, 0, 0, 0, 0])
    const calendar = run(F.intake, { period: Period.year(2022), grain: "assessmentYear", assessmentStartMonth: 11 })
    expect(calendar.map((x) => [x.period, x.value])).toEqual([
      ["AY2022/11", 9],
      ["AY2023/11", 0]
    ])
  })

  it("ignores rows whose time is missing or outside the period", () => {
    const rows = [{ acceptedAt: "2022-03-01" }, { acceptedAt: null }, { acceptedAt: "2022-04-01 00:00:00" }, { acceptedAt: "2022-02-28 23:59:59" }, {}]
    expect(run(F.intake, { period: Period.month(2022, 3), grain: "month" }, rows).map((r) => r.value)).toEqual([1])
  })

  for (const bad of [20220301, "2022-3-15", "2022/03/01", "2022-03-1", new Date(Date.UTC(2022, 2, 1))]) {
    it.effect(`refuses a time that is not a civil string: ${String(bad)}`, () =>
      Effect.gen(function*() {
        // outside the period too: every row's time is checked, so a bad export fails loudly instead of counting 0
        const rows = [{ acceptedAt: "2022-03-01" }, { acceptedAt: bad }]
        const e = yield* Kpi.evaluate([F.intake, F.closureRate], rows, { period: Period.year(2023) }).pipe(Effect.flip)
        expect(e.reason).toBe("InvalidValue")
        expect(e.field).toBe("acceptedAt")
        expect(e.message).toContain("KPI t.intake, t.closure-rate: time field acceptedAt must hold a civil date")
        expect(e.message).toContain("(row 2)")
      }))
  }
})

describe("row sources", () => {
  const options = { period: Period.quarter(2022, 1), grain: "month" } as const
  const expected = run(F.allDefinitions, options)

  it.effect("an async iterable", () =>
    Effect.gen(function*() {
      async function* gen() {
        for (const row of F.orders) yield row
      }
      expect(yield* Kpi.evaluate(F.allDefinitions, gen(), options)).toEqual(expected)
    }))

  it.effect("an Effect Stream", () =>
    Effect.gen(function*() {
      const stream = Stream.fromIterable(F.orders).pipe(Stream.rechunk(3))
      expect(yield* Kpi.evaluate(F.allDefinitions, stream, options)).toEqual(expected)
    }))

  it("a generator, and the Promise facade", async () => {
    function* gen() {
      yield* F.orders
    }
    expect(await Kpi.evaluatePromise(F.allDefinitions, gen(), options)).toEqual(expected)
  })

  it("the streaming reducer gives results at any point", () => {
    const r = Kpi.reducer(F.intake, options)
    r.push(F.orders[0]!)
    expect(r.result().map((x) => x.value)).toEqual([1, 0, 0])
    for (const row of F.orders.slice(1)) r.push(row)
    expect(r.result().map((x) => x.value)).toEqual([3, 2, 3])
    expect(r.rows()).toBe(10)
  })

  it.effect("a failing stream fails with a SourceFailed KpiError", () =>
    Effect.gen(function*() {
      const e = yield* Kpi.evaluate(F.intake, Stream.fail("disk gone"), options).pipe(Effect.flip)
      expect(e._tag).toBe("KpiError")
      expect(e.reason).toBe("SourceFailed")
    }))
})

describe("errors", () => {
  it.effect("text in a summed field names the KPI and the field", () =>
    Effect.gen(function*() {
      const rows = [{ closedAt: "2022-01-02", status: "办结", hours: "two" }]
      const e = yield* Kpi.evaluate(F.hours, rows, { period: Period.month(2022, 1) }).pipe(Effect.flip)
      expect(e.reason).toBe("InvalidValue")
      expect(e.kpiId).toBe("t.hours")
      expect(e.field).toBe("hours")
      expect(e.message).toContain(`"two"`)
    }))

  it("numeric strings are summed as numbers", () => {
    const rows = [{ closedAt: "2022-01-02", status: "办结", hours: "2.5" }, { closedAt: "2022-01-03", status: "办结", hours: 1 }]
    expect(run(F.hours, { period: Period.month(2022, 1) }, rows)[0]!.value).toBe(3.5)
  })

  it.effect("definitions of different records are refused", () =>
    Effect.gen(function*() {
      const other = Kpi.define({ id: "t.events", name: "活动场次", record: "party_event", measure: Kpi.count({ time: "heldOn" }) })
      const e = yield* Kpi.evaluate([F.intake, other], [], { period: Period.year(2022) }).pipe(Effect.flip)
      expect(e.reason).toBe("InvalidOptions")
      expect(e.message).toContain("hotline_order, party_event")
    }))

  it("checkFields names the definition and the unknown field", () => {
    const r = Effect.runSync(Effect.either(Kpi.checkFields(F.onTimeRate, ["acceptedAt", "closedAt", "status"])))
    expect(Either.isLeft(r)).toBe(true)
    if (Either.isLeft(r)) {
      expect(r.left.kpiId).toBe("t.on-time-rate")
      expect(r.left.field).toBe("dueAt")
    }
    expect(Kpi.fieldsOf(F.onTimeRate)).toEqual(["closedAt", "dueAt"])
    expect(Kpi.fieldsOf(F.satisfaction)).toEqual(["closedAt", "rating", "status"])
  })

  it("a Filter.not matches rows whose field is missing; a comparison does not", () => {
    const rows = [
      { acceptedAt: "2022-01-02", status: "办结" },
      { acceptedAt: "2022-01-02", status: "在办" },
      { acceptedAt: "2022-01-02", status: null }
    ]
    const count = (where: Filter.Filter) =>
      run(Kpi.define({ id: "t.f", name: "f", record: "r", measure: Kpi.count({ time: "acceptedAt", where }) }), { period: Period.month(2022, 1) }, rows)[0]!.value
    expect(count(Filter.ne("status", "办结"))).toBe(1)
    expect(count(Filter.not(Filter.eq("status", "办结")))).toBe(2)
    expect(count(Filter.isNull("status"))).toBe(1)
    expect(count(Filter.oneOf("status", []))).toBe(0)
    expect(count(Filter.and())).toBe(3)
    expect(count(Filter.or())).toBe(0)
  })
})

describe("Kpi.evaluatePromise", () => {
  it("rejects with the KpiError itself", async () => {
    const rows = [{ closedAt: "2022-01-02", status: "办结", hours: "two" }]
    const e = await Kpi.evaluatePromise(F.hours, rows, { period: Period.month(2022, 1) }).then(
      () => undefined,
      (err: unknown) => err
    )
    expect(e).toBeInstanceOf(Kpi.KpiError)
    expect((e as Kpi.KpiError).reason).toBe("InvalidValue")
  })
})
