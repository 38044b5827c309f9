/**
 * KPI definitions of the party-building pillar (党建) and their bindings to the 2022 plan.
 * Formula sheet: `src/party/README.md`.
 *
 * @since 0.1.0
 */
import { Filter, Kpi } from "@govplan/kpi"
import type { Binding } from "../Pillar.js"

/**
 * The codes the party records use.
 *
 * @since 0.1.0
 */
export const codes = {
  /** The “红色引擎换挡工程” three-year action plan (2020—2022) and the milestone that means "summarised". */
  redEngine: { projectId: "HSYQ-2020", milestone: "三年行动成果总结" }
} as const

/**
 * Thresholds of the party pillar (districts differ).
 *
 * @since 0.1.0
 */
export interface PartyConfig {
  /** Enterprises with at least this many staff are expected to form a union (重点推进25人以上企业成立工会). */
  readonly unionStaffThreshold: number
}

/**
 * @since 0.1.0
 */
export const defaultConfig: PartyConfig = { unionStaffThreshold: 25 }

/**
 * The party KPIs under a configuration.
 *
 * @since 0.1.0
 */
export const makeKpis = (config: PartyConfig = defaultConfig): ReadonlyArray<Kpi.Definition> => {
  const big = Filter.ge("staff", config.unionStaffThreshold)
  return [
    Kpi.define({
      id: "party.study.participation-rate",
      name: "党员四史学习参学率",
      gloss: "party members who attended at least one 四史 session",
      record: "study_month",
      measure: Kpi.ratio({
        numerator: Kpi.countDistinct({ field: "memberId", time: "month", where: Filter.ge("sessions", 1) }),
        denominator: Kpi.countDistinct({ field: "memberId", time: "month" })
      }),
      description: "distinct members with sessions ≥ 1 in the period / distinct members on the roll in the period"
    }),
    Kpi.define({
      id: "party.study.sessions",
      name: "四史学习参学人次",
      gloss: "study attendances",
      record: "study_month",
      unit: "人次",
      measure: Kpi.sum({ field: "sessions", time: "month" })
    }),
    Kpi.define({
      id: "party.integrity.monthly-talks-coverage",
      name: "居民区“廉政月月讲”开展率",
      gloss: "committee-months with a 廉政月月讲 session",
      record: "integrity_talk_month",
      measure: Kpi.share({ time: "month", where: Filter.ge("sessions", 1) }),
      description: "committee-months with sessions ≥ 1 / committee-months"
    }),
    Kpi.define({
      id: "party.integrity.sessions-per-committee-month",
      name: "廉政月月讲场次(每居民区每月)",
      gloss: "sessions per residential committee per month",
      record: "integrity_talk_month",
      unit: "场",
      measure: Kpi.ratio({
        numerator: Kpi.sum({ field: "sessions", time: "month" }),
        denominator: Kpi.count({ time: "month" })
      })
    }),
    Kpi.define({
      id: "party.union.enterprise-coverage",
      name: "25人以上企业建会率",
      gloss: "enterprises with 25+ staff that have a union (cumulative)",
      record: "enterprise_union",
      measure: Kpi.ratio({
        numerator: Kpi.count({ time: "unionFoundedOn", where: big }),
        denominator: Kpi.count({ time: "registeredOn", where: big })
      }),
      description: "with window toDate: 25+ staff enterprises with a union founded by the as-of date / 25+ staff enterprises registered by then"
    }),
    Kpi.define({
      id: "party.union.formed",
      name: "25人以上企业新建工会数",
      gloss: "unions founded in 25+ staff enterprises",
      record: "enterprise_union",
      unit: "家",
      measure: Kpi.count({ time: "unionFoundedOn", where: big })
    }),
    Kpi.define({
      id: "party.screening.coverage",
      name: "妇女“两病”筛查率",
      gloss: "share of the year's roster screened",
      record: "screening",
      measure: Kpi.ratio({
        numerator: Kpi.count({ time: "screenedOn" }),
        denominator: Kpi.count({ time: "listedOn" })
      }),
      description: "women on the roster screened in the period / women listed on the roster in the period"
    }),
    Kpi.define({
      id: "party.red-engine.three-year-summary",
      name: "“红色引擎换挡工程”三年行动成果总结",
      gloss: "date the results of the 2020—2022 red-engine three-year action plan were summarised",
      record: "party_milestone",
      measure: Kpi.max({
        field: "achievedOn",
        time: "achievedOn",
        where: Filter.and(Filter.eq("projectId", codes.redEngine.projectId), Filter.eq("milestone", codes.redEngine.milestone))
      }),
      description: "the 实际完成日期 of the plan's 三年行动成果总结 milestone; no data until it is reached"
    })
  ]
}

/**
 * The party KPIs.
 *
 * @since 0.1.0
 */
export const kpis: ReadonlyArray<Kpi.Definition> = makeKpis()

/**
 * Which KPI serves which indicator of the 2022 plan.
 *
 * @since 0.1.0
 */
export const bindings: ReadonlyArray<Binding> = [
  { indicatorId: "party.red-engine.three-year-summary", kpiId: "party.red-engine.three-year-summary", record: "party_milestone", milestone: true, window: "toDate" },
  { indicatorId: "party.integrity.monthly-talks-coverage", kpiId: "party.integrity.monthly-talks-coverage", record: "integrity_talk_month" },
  {
    indicatorId: "party.union.enterprise-coverage",
    kpiId: "party.union.enterprise-coverage",
    record: "enterprise_union",
    window: "toDate",
    // the plan's 25 (parameter staffThreshold), the pillar config's by default
    withParameters: (p) =>
      makeKpis({ ...defaultConfig, unionStaffThreshold: p.staffThreshold ?? defaultConfig.unionStaffThreshold }).find((k) => k.id === "party.union.enterprise-coverage")!
  }
]
