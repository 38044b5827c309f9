import * as fs from "node:fs"
import { Either, Schema } from "effect"
import { describe, expect, it } from "vitest"
import data from "../../../seeds/changshou-road-2022.plan.json"
import * as Period from "../src/Period.js"
import * as Plan from "../src/Plan.js"
import * as ReferencePlan from "../src/ReferencePlan.js"

const source = fs.readFileSync(new URL("../../../seeds/changshou-road-2022-work-plan.txt", import.meta.url), "utf8")
const plan = ReferencePlan.changshouRoad2022
const indicators = Plan.indicators(plan).map(({ indicator }) => indicator)
const byId = new Map(indicators.map((x) => [x.id, x]))
const indicator = (id: string): Plan.Indicator => {
  const x = byId.get(id)
  if (x === undefined) throw new Error(`no indicator ${id}`)
  return x
}

/** The source's paragraphs under each numbered heading, read straight from the text. */
const sourcePillars = (() => {
  const out: Array<{ title: string; paragraphs: Array<string> }> = []
  for (const line of source.split("\n").map((l) => l.trim()).filter((l) => l !== "")) {
    const heading = /^[一二三四五六七]、(.+)$/.exec(line)
    if (heading !== null) out.push({ title: heading[1]!, paragraphs: [] })
    else if (out.length > 0) out.at(-1)!.paragraphs.push(line)
  }
  return out
})()

/** Clauses of a paragraph body (after its title phrase) that are not actions, so are not measures. */
const NOT_MEASURES = new Set([
  "为夺取疫情防控和实现经济社会发展目标“双胜利”提供坚强后备力量",
  "群策群力、凝聚合力,焕活提升社区治理能力"
])

describe("the 2022 reference plan (seeds/changshou-road-2022.plan.json)", () => {
  it("decodes with the WorkPlan schema", () => {
    expect(Either.isRight(Schema.decodeUnknownEither(Plan.WorkPlan)(data))).toBe(true)
    expect(Either.isRight(Plan.decodePlanEither(data))).toBe(true)
  })

  it("has 7 pillars, 20 sections, 104 measures and 46 indicators", () => {
    // 46: the 4th 公益创投会, the 市民文化节 and the 红色引擎换挡工程 summary, commitments the plan states, are indicators too
    expect(Plan.counts(plan)).toEqual({ pillars: 7, sections: 20, measures: 104, indicators: 46 })
    expect(plan.pillars.map((p) => p.sections.length)).toEqual([3, 3, 3, 2, 3, 3, 3])
    expect(plan.pillars.map((p) => p.sections.reduce((n, s) => n + s.indicators.length, 0))).toEqual([3, 2, 17, 2, 5, 6, 11])
  })

  it("pins the indicators by kind", () => {
    const kinds: Record<string, number> = {}
    for (const x of indicators) kinds[x.kind] = (kinds[x.kind] ?? 0) + 1
    expect(kinds).toEqual({ rate: 16, count: 2, milestone: 14, trend: 8, qualitative: 6 })
  })

  it("carries the header of the source text", () => {
    expect(source.split("\n")[0]).toBe(plan.title)
    expect(source).toContain("2022年06月10日 来源: 上海普陀")
    expect(plan.published).toBe("2022-06-10")
    expect(plan.source.publisher).toBe("上海普陀")
    expect(ReferencePlan.sourceText).toEqual({
      file: "seeds/changshou-road-2022-work-plan.txt",
      publisher: "上海普陀",
      published: "2022-06-10",
      title: "普陀区长寿路街道2022年工作计划"
    })
    expect(fs.existsSync(new URL(`../../../${ReferencePlan.sourceText.file}`, import.meta.url))).toBe(true)
  })

  it("keeps pillar and section titles verbatim", () => {
    expect(plan.pillars.map((p) => p.key)).toEqual(["party", "economy", "urban", "governance", "livelihood", "culture", "safety"])
    expect(plan.pillars.map((p) => p.title)).toEqual(sourcePillars.map((p) => p.title))
    expect(plan.pillars[0]!.title).toBe("聚焦重点,深化基层党建全域提升")
    expect(plan.pillars[1]!.title).toBe("分类施策,推动疫情防控和经济社会发展齐头并进")
    expect(plan.pillars[0]!.sections[0]!.title).toBe("深入贯彻““十四五””,强化党建引领")
    expect(plan.pillars[1]!.sections[1]!.title).toBe("精准服务,推动安商稳商")
    expect(plan.pillars[2]!.sections[2]!.title).toBe("加速“两张网”建设")
    expect(plan.pillars[6]!.sections[1]!.title).toBe("压实安全生产工作领导责任、主体责任和监管责任")
    plan.pillars.forEach((p, pi) => {
      expect(p.sections.map((s) => s.title)).toEqual(sourcePillars[pi]!.paragraphs.map((para) => para.slice(0, para.indexOf("。"))))
    })
  })

  it("numbers sections and measures by position", () => {
    plan.pillars.forEach((p, pi) =>
      p.sections.forEach((s, si) => {
        expect(s.id).toBe(`p${pi + 1}.s${si + 1}`)
        s.measures.forEach((m, mi) => expect(m.id).toBe(`${s.id}.m${mi + 1}`))
      }))
  })

  it("quotes every measure verbatim from its own paragraph, in order, and leaves out only non-actions", () => {
    plan.pillars.forEach((p, pi) =>
      p.sections.forEach((s, si) => {
        const paragraph = sourcePillars[pi]!.paragraphs[si]!
        const body = paragraph.slice(paragraph.indexOf("。") + 1)
        const clauses = body.split(/[;；。]/).filter((c) => c.trim() !== "")
        const kept = clauses.filter((c) => !NOT_MEASURES.has(c))
        expect(s.measures.map((m) => m.text), s.id).toEqual(kept)
      }))
    for (const { measure } of Plan.measures(plan)) expect(source).toContain(measure.text)
  })

  it("quotes every indicator verbatim, from the text of the measure it quantifies", () => {
    for (const { section, indicator } of Plan.indicators(plan)) {
      expect(source, indicator.id).toContain(indicator.quote)
      const measure = section.measures.find((m) => m.id === indicator.measureId)
      expect(measure, `${indicator.id} names a measure`).toBeDefined()
      expect(measure!.text, indicator.id).toContain(indicator.quote)
      if (indicator.baseline?.text !== undefined) expect(source, indicator.id).toContain(indicator.baseline.text)
    }
  })

  it("uses each id once and prefixes indicator ids with their pillar's key", () => {
    const ids = [
      ...plan.pillars.map((p) => p.key),
      ...plan.pillars.flatMap((p) => p.sections.flatMap((s) => [s.id, ...s.measures.map((m) => m.id), ...s.indicators.map((x) => x.id)]))
    ]
    expect(new Set(ids).size).toBe(ids.length)
    for (const { pillar, indicator } of Plan.indicators(plan)) expect(indicator.id.startsWith(`${pillar.key}.`), indicator.id).toBe(true)
  })

  it("lists the indicator ids that KPI definitions bind to, in document order", () => {
    expect([...ReferencePlan.indicatorIds]).toEqual(indicators.map((x) => x.id))
    expect(ReferencePlan.indicator("urban.hotline.unfounded-rate")).toBe(byId.get("urban.hotline.unfounded-rate"))
    expect(ReferencePlan.indicator("culture.intangible-heritage.events").name).toBe("“非遗在社区”活动场次")
  })

  it("sets every deadline inside 2022", () => {
    const deadlines = [
      ...Plan.measures(plan).flatMap(({ measure }) => (measure.deadline === undefined ? [] : [measure.deadline])),
      ...indicators.flatMap((x) => (x.target._tag === "Deadline" ? [x.target.by] : []))
    ]
    expect(deadlines.length).toBe(22)
    for (const d of deadlines) expect(d >= "2022-01-01" && d <= "2022-12-31", d).toBe(true)
  })

  it("reads deadlines and responsible units from the text", () => {
    const measure = (id: string) => Plan.measures(plan).find(({ measure }) => measure.id === id)!.measure
    expect(measure("p3.s1.m4")).toMatchObject({ text: "合利坊四期商品住宅预计一季度取得竣工验收合格证书", deadline: "2022-03-31" })
    expect(measure("p6.s1.m7").deadline).toBe("2022-12-31")
    expect(measure("p1.s2.m1").responsibleUnit).toBe("纪工委")
    expect(measure("p5.s1.m2").responsibleUnit).toBe("区旧改办、征收事务所")
    for (const { measure: m } of Plan.measures(plan)) {
      if (m.responsibleUnit !== undefined) expect(m.text, m.id).toContain(m.responsibleUnit)
      if (m.deadline === "2022-03-31") expect(m.text).toContain("一季度")
    }
  })

  it("encodes the 12345 hotline's monthly averages", () => {
    const hotline = indicators.filter((x) => x.id.startsWith("urban.hotline."))
    expect(hotline.map((x) => x.name)).toEqual(["先行联系率", "办结率", "按时结案率", "不属实率", "实际解决率", "满意率"])
    for (const x of hotline) {
      expect(x).toMatchObject({ aggregation: "meanOfPeriods", grain: "month", unit: "%", dataSource: "12345市民服务热线工单", measureId: "p3.s3.m5" })
    }
    for (const id of ["first-contact-rate", "completion-rate", "on-time-closure-rate"]) {
      expect(indicator(`urban.hotline.${id}`).target).toEqual({ _tag: "Threshold", comparator: ">=", value: 1 })
      expect(indicator(`urban.hotline.${id}`).quote).toBe("每月平均先行联系率、办结率、按时结案率均100%")
    }
    expect(indicator("urban.hotline.unfounded-rate")).toMatchObject({ target: { _tag: "Threshold", comparator: "<", value: 0.3 }, direction: { _tag: "LowerIsBetter" } })
    for (const id of ["actual-resolution-rate", "satisfaction-rate"]) {
      // "今年基础": this year's level before the plan was issued (2022-06-10), i.e. January–May 2022
      expect(indicator(`urban.hotline.${id}`)).toMatchObject({ kind: "trend", target: { _tag: "Relative", comparator: ">" } })
      expect(indicator(`urban.hotline.${id}`).baseline).toEqual({ period: "2022-01-01..2022-06-01", text: "在今年基础上有所提高" })
    }
  })

  it("gives every better-than-before target a baseline period and never a baseline number", () => {
    const relative = indicators.filter((x) => x.target._tag === "Relative")
    expect(relative.map((x) => [x.id, x.baseline?.period])).toEqual([
      ["party.union.enterprise-coverage", "2021"],
      ["economy.enterprise-visits.frequency", "2021"],
      ["economy.enterprise-services.beneficiaries", "2021"],
      ["urban.hotline.actual-resolution-rate", "2022-01-01..2022-06-01"],
      ["urban.hotline.satisfaction-rate", "2022-01-01..2022-06-01"],
      ["urban.surveillance.usage-rate", "2022-01"],
      ["livelihood.time-bank.pilots", "2021"],
      ["culture.science.participation-rate", "2021"]
    ])
    expect(indicator("urban.surveillance.usage-rate").baseline).toEqual({ period: "2022-01", text: "逐步提升使用率" })
    for (const x of relative) {
      // the plan states no baseline figure: it is taken from the records, never written in here
      expect(x.baseline?.value, x.id).toBeUndefined()
      const p = Period.fromKey(x.baseline!.period!)
      expect(p, x.id).toBeDefined()
      // a baseline known when the plan was issued (2022-06-10)
      expect(Period.bounds(p!).end <= "2022-06-10", x.id).toBe(true)
    }
  })

  it("encodes the counted and dated targets named in the text", () => {
    expect(indicator("culture.intangible-heritage.events")).toMatchObject({ kind: "count", unit: "场", aggregation: "sum", target: { _tag: "Threshold", comparator: ">=", value: 12 } })
    expect(indicator("governance.owners-committees.formed-or-renewed")).toMatchObject({ kind: "count", unit: "家", aggregation: "sum", target: { _tag: "Threshold", comparator: ">=", value: 16 } })
    expect(indicator("urban.construction.heli-fang-4.completion-certificate")).toMatchObject({ kind: "milestone", target: { _tag: "Deadline", by: "2022-03-31" } })
    expect(indicator("culture.minors-protection-station").target).toEqual({ _tag: "Deadline", by: "2022-12-31" })
    expect(indicator("party.red-engine.three-year-summary")).toMatchObject({ kind: "milestone", measureId: "p1.s1.m4", target: { _tag: "Deadline", by: "2022-12-31" } })
    expect(indicator("urban.waste.daily-clearance-rate").target).toEqual({ _tag: "Threshold", comparator: "=", value: 1 })
    expect(indicator("safety.ping-an.responsibility-letters").quote).toContain("与各居民区书记签订")
  })

  it("never invents a number for a target stated in words", () => {
    for (const x of indicators) {
      const tag = x.target._tag
      // the kind follows the target wherever the target is not a number
      if (tag === "Deadline") expect(x.kind, x.id).toBe("milestone")
      if (tag === "Relative") expect(x.kind, x.id).toBe("trend")
      if (tag === "Qualitative") {
        expect(x.kind, x.id).toBe("qualitative")
        expect(x.target.text, x.id).toBe(x.quote)
      }
      if (tag === "Threshold" && x.unit === "%") {
        expect(x.target.value).toBeGreaterThan(0)
        expect(x.target.value).toBeLessThanOrEqual(1)
      }
    }
    expect(indicator("livelihood.putuo-yicun.signing-rate").target).toEqual({ _tag: "Qualitative", text: "力争高比例签约搬迁" })
    // 重点推进 with no number: scored as higher than at the end of 2021, the plan's words kept as the baseline's text
    expect(indicator("party.union.enterprise-coverage").target).toEqual({ _tag: "Relative", comparator: ">" })
    expect(indicator("party.union.enterprise-coverage").baseline).toEqual({ period: "2021", text: "重点推进25人以上企业成立工会" })
    expect(indicator("safety.petitions.satisfaction-rate").target).toEqual({ _tag: "Qualitative", text: "确保参评率和满意率达标" })
  })

  it("carries the numbers a commitment is defined by as indicator parameters", () => {
    expect(source).toContain("重点推进25人以上企业成立工会")
    expect(source).toContain("对税收500万以上的重点企业、税收60万元以上的优质存量企业")
    expect(indicator("party.union.enterprise-coverage").parameters).toEqual({ staffThreshold: 25 })
    expect(indicator("economy.enterprise-visits.frequency").parameters).toEqual({ keyTaxThreshold: 5_000_000, qualityTaxThreshold: 600_000 })
    expect(indicators.filter((x) => x.parameters !== undefined).map((x) => x.id)).toEqual(["party.union.enterprise-coverage", "economy.enterprise-visits.frequency"])
  })

  it("round-trips through the schema's encoding", () => {
    const encoded = Schema.encodeSync(Plan.WorkPlan)(plan)
    expect(JSON.parse(JSON.stringify(encoded))).toEqual(data)
  })

  it("rejects a corrupted copy of the seed with the path of the fault", () => {
    const bad = structuredClone(data) as { pillars: Array<{ sections: Array<{ indicators: Array<{ target: unknown }> }> }> }
    bad.pillars[2]!.sections[0]!.indicators[3]!.target = { _tag: "Deadline", by: "2022-02-30" }
    const result = Plan.decodePlanEither(bad)
    expect(Either.isLeft(result)).toBe(true)
    if (Either.isLeft(result)) expect(result.left.message).toContain("pillars[2].sections[0].indicators[3].target")
  })
})
