/**
 * Small hand-made plans and scorecards for tests (shared with report-docx's
 * tests): built through the model's schemas, so they are valid by construction.
 */
import { Schema } from "effect"
import { Civil, Observation, Plan, Status } from "@govplan/model"

const SHORT = ["党建", "经济", "城区", "治理", "民生", "文化", "安全"] as const
const KEYS = ["party", "economy", "urban", "governance", "livelihood", "culture", "safety"] as const

const indicatorJson = (pillar: number, section: number, i: number) => {
  const id = `p${pillar}.s${section}.i${i}`
  const kinds = [
    { kind: "rate", unit: "%", direction: { _tag: "HigherIsBetter" }, target: { _tag: "Threshold", comparator: ">=", value: 0.95 }, aggregation: "pooled" },
    { kind: "count", unit: "场", direction: { _tag: "HigherIsBetter" }, target: { _tag: "Threshold", comparator: ">=", value: 12 }, aggregation: "sum" },
    { kind: "milestone", unit: "", direction: { _tag: "HigherIsBetter" }, target: { _tag: "Deadline", by: "2022-06-30" }, aggregation: "latest" },
    { kind: "qualitative", unit: "", direction: { _tag: "HigherIsBetter" }, target: { _tag: "Qualitative", text: "高比例签约" }, aggregation: "latest" }
  ] as const
  const k = kinds[(pillar + section + i) % kinds.length]!
  return { id, name: `指标${pillar}-${section}-${i}`, gloss: "indicator", grain: "year", dataSource: "测试数据", quote: "原文", ...k }
}

/** A plan of `pillars` pillars, `sections` sections each, `indicators` per section. */
export const plan = (pillars = 7, sections = 2, indicators = 3): Plan.WorkPlan =>
  Schema.decodeUnknownSync(Plan.WorkPlan)({
    id: "test-2022",
    title: "测试街道2022年工作计划",
    office: "测试街道",
    district: "上海市普陀区",
    year: 2022,
    published: "2022-03-01",
    source: { publisher: "测试" },
    pillars: Array.from({ length: pillars }, (_, p) => ({
      number: p + 1,
      key: KEYS[p] ?? `pillar${p + 1}`,
      title: `第${p + 1}方面的标题,聚焦重点任务推进工作`, // half-width comma, as web copies of plans carry it
      shortName: SHORT[p] ?? `方面${p + 1}`,
      gloss: "pillar",
      sections: Array.from({ length: sections }, (_, s) => ({
        id: `p${p + 1}.s${s + 1}`,
        title: `第${p + 1}.${s + 1}节工作`,
        measures: [{ id: `p${p + 1}.s${s + 1}.m1`, text: "一项措施" }],
        indicators: Array.from({ length: indicators }, (_, i) => indicatorJson(p + 1, s + 1, i + 1))
      }))
    }))
  })

const STATUSES: ReadonlyArray<Status.Status> = ["achieved", "onTrack", "atRisk", "offTrack", "noData"]

/** One result per indicator of the plan, with varied statuses and values. */
export const results = (workPlan: Plan.WorkPlan, asOf = "2022-12-31"): ReadonlyArray<Status.IndicatorResult> =>
  Plan.indicators(workPlan).map(({ pillar, section, indicator }, n) => {
    const status: Status.Status = indicator.kind === "qualitative" ? "notAssessed" : STATUSES[n % STATUSES.length]!
    const noData = status === "noData"
    const value = noData ? null : indicator.kind === "rate" ? 0.9 + (n % 10) / 100 : indicator.kind === "count" ? 6 + (n % 9) : indicator.kind === "milestone" ? 1 : null
    return {
      pillar: pillar.number,
      sectionId: section.id,
      indicator,
      observation: new Observation.Observation({
        indicatorId: indicator.id,
        period: "2022",
        value,
        ...(indicator.kind === "rate" && !noData ? { numerator: Math.round((value ?? 0) * 200), denominator: 200 } : {}),
        ...(noData ? { noDataReason: "全年无到期工单" } : {}),
        ...(indicator.kind === "milestone" && !noData ? { achievedOn: Civil.unsafeDate("2022-05-20") } : {}),
        asOf: Civil.unsafeDate(asOf)
      }),
      assessment: new Status.Assessment({ indicatorId: indicator.id, status, reason: "测试", strategy: "threshold", asOf: Civil.unsafeDate(asOf) })
    }
  })

/** Chinese prose of about `chars` characters, punctuated like real text. */
export const prose = (chars: number, seed = 0): string => {
  const words = "街道坚持以人民为中心的发展思想统筹推进各项工作落实落细基层治理能力不断提升群众获得感幸福感安全感持续增强"
  let s = ""
  let i = seed
  while (s.length < chars) {
    s += words[i % words.length]
    i += 7
    if (s.length % 23 === 22) s += "，"
    if (s.length % 61 === 60) s += "。"
  }
  return s.replace(/[，。]?$/, "。")
}
