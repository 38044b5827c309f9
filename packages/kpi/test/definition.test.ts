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
