import { describe, expect, it } from "vitest"
import { Filter, Kpi } from "@govplan/kpi"

describe("Kpi.define", () => {
  const rate = Kpi.define({
    id: "urban.hotline.closure-rate",
    name: "办结率",
    gloss: "closure rate",
    record: "hotline_order",
    measure: Kpi.ratio({
      numerator: Kpi.count({ time: "closedAt", where: Filter.eq("status", "办结") }),
      denominator: Kpi.count({ time: "acceptedAt" })
    })
  })

  it("is plain data that round-trips through JSON", () => {
    const back = Kpi.decodeDefinitionSync(JSON.parse(JSON.stringify(rate)))
    expect(back).toEqual(rate)
    expect(rate.measure).toEqual({
      _tag: "Ratio",
      numerator: { _tag: "Count", time: "closedAt", where: { _tag: "Compare", op: "eq", field: "status", value: "办结" } },
      denominator: { _tag: "Count", time: "acceptedAt" }
    })
  })

  it("rejects a derived expression that names an unknown input, naming the id and path", () => {
    expect(() =>
      Kpi.define({
        id: "x.derived",
        name: "n",
        record: "r",
        measure: Kpi.derive({ inputs: { a: Kpi.count({ time: "t" }) }, expr: Kpi.div(Kpi.ref("a"), Kpi.ref("b")) })
      })
    ).toThrow(/x\.derived[\s\S]*measure\.expr[\s\S]*"b"/)
  })

  it("rejects an empty weight table and a non-finite weight", () => {
    expect(() =>
      Kpi.define({ id: "x.w", name: "n", record: "r", measure: Kpi.weightedMean({ field: "rating", time: "t", weights: {} }) })
    ).toThrow(/x\.w[\s\S]*measure\.weights[\s\S]*at least one weight/)
    expect(() =>
      Kpi.decodeDefinitionSync({
        id: "x.w",
        name: "n",
        record: "r",
        measure: { _tag: "WeightedMean", field: "rating", time: "t", weights: { 满意: "high" } }
      })
    ).toThrow(/x\.w[\s\S]*measure\.weights\.满意/)
  })
})

describe("Kpi.formula", () => {
  it("renders every kind of measure readably", () => {
    expect(
      Kpi.formula(
        Kpi.ratio({
          numerator: Kpi.count({ time: "closedAt", where: Filter.and(Filter.eq("status", "办结"), Filter.fieldLe("closedAt", "dueAt")) }),
          denominator: Kpi.count({ time: "dueAt" })
        })
      )
    ).toBe(`count(by closedAt where status = "办结" AND closedAt <= dueAt) ÷ count(by dueAt)`)
    expect(Kpi.formula(Kpi.weightedMean({ field: "rating", weights: { 满意: 1, 一般: 0.6 }, time: "closedAt" }))).toBe(
      "weightedMean(rating {满意=1, 一般=0.6} by closedAt)"
    )
    expect(
      Kpi.formula(
        Kpi.derive({
          inputs: { u: Kpi.count({ time: "t", where: Filter.not(Filter.oneOf("v", ["属实", 1])) }), h: Kpi.sum({ field: "hours", time: "t" }) },
          expr: Kpi.div(Kpi.ref("u"), Kpi.add(Kpi.ref("u"), Kpi.mul(Kpi.ref("h"), 2)))
        })
      )
    ).toBe(`u ÷ (u + (h × 2)) where u = count(by t where NOT v IN ("属实", 1)); h = sum(hours by t)`)
    expect(Kpi.formula(Kpi.max({ field: "acceptedOn", time: "acceptedOn", where: Filter.or(Filter.isNull("a"), Filter.gt("b", 2)) }))).toBe(
      "max(acceptedOn by acceptedOn where a IS NULL OR b > 2)"
    )
  })
})

describe("Filter", () => {
  it("lists the fields a filter reads", () => {
    expect(Filter.fields(Filter.and(Filter.eq("a", 1), Filter.not(Filter.fieldLt("b", "a")), Filter.or(Filter.isNull("c"))))).toEqual(["a", "b", "c"])
  })

  it("decodes from JSON and rejects a non-finite value or an unknown tag with the path", () => {
    const def = {
      id: "x.f",
      name: "n",
      record: "r",
      measure: { _tag: "Count", time: "t", where: { _tag: "And", filters: [{ _tag: "Compare", op: "eq", field: "a", value: null }] } }
    }
    expect(() => Kpi.decodeDefinitionSync(def)).toThrow(/x\.f[\s\S]*measure\.where\.filters\[0\]\.value/)
    expect(() => Kpi.decodeDefinitionSync({ ...def, measure: { _tag: "Median", time: "t" } })).toThrow(/x\.f[\s\S]*measure/)
    expect(() => Kpi.decodeDefinitionSync({ ...def, id: "Bad Id" })).toThrow(/Bad Id[\s\S]*id: expected an id/)
    expect(() => Kpi.decodeDefinitionSync({ ...def, extra: 1 })).toThrow(/extra/)
  })
})
