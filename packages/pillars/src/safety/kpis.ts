/**
 * KPI definitions of the safety pillar (平安), written in the KPI language, and their bindings to
 * the indicators of the 2022 plan. The formula sheet is `src/safety/README.md`.
 *
 * @since 0.1.0
 */
import { Filter, Kpi } from "@govplan/kpi"
import type { Binding } from "../Pillar.js"

/**
 * The codes the safety records use.
 *
 * @since 0.1.0
 */
export const codes = {
  yes: "是",
  pingAnLetter: "平安建设责任书",
  productionLetter: "安全生产责任书",
  secretary: "居民区书记",
  closedForGood: "已关闭",
  inspectionSource: "平安建设督导检查",
  evacuationDrill: "消防疏散逃生演练",
  stationDrill: "微型消防站应急综合演练",
  annualConference: "安全生产推进大会",
  /** 满意度评价 values: taking part means giving one of them. */
  evaluations: ["满意", "基本满意", "不满意"],
  satisfied: ["满意", "基本满意"],
  /** 接待情况 values that count as the reception held, and the one excluded. */
  receptionHeld: ["已接待", "线上接待"],
  holiday: "节假日"
} as const

const safety = (id: string, name: string, gloss: string, record: string, measure: Kpi.Measure, description: string, unit?: string) =>
  Kpi.define({ id: `safety.${id}`, name, gloss, record, measure, description, unit })

const signed = Filter.isNotNull("signedOn")
const pingAnSecretary = Filter.and(Filter.eq("letter", codes.pingAnLetter), Filter.eq("partyType", codes.secretary))
const production = Filter.eq("letter", codes.productionLetter)
const operating = Filter.ne("operating", codes.closedForGood)
const inspection = Filter.eq("source", codes.inspectionSource)
const rectified = Filter.isNotNull("rectifiedOn")
const evaluated = Filter.oneOf("evaluation", codes.evaluations)
const first = Filter.eq("firstTime", codes.yes)

/**
 * The safety KPIs.
 *
 * @since 0.1.0
 */
export const kpis: ReadonlyArray<Kpi.Definition> = [
  safety(
    "ping-an.responsibility-letters",
    "平安建设责任书签订率",
    "residential areas whose party secretary signed the 平安建设 letter",
    "responsibility_letter",
    Kpi.ratio({
      numerator: Kpi.countDistinct({ field: "committee", time: "issuedOn", where: Filter.and(pingAnSecretary, signed) }),
      denominator: Kpi.countDistinct({ field: "committee", time: "issuedOn", where: pingAnSecretary })
    }),
    "distinct residential areas with a signed 平安建设责任书 of their secretary / distinct residential areas issued one, by issue date (a re-issued letter counts once per area)"
  ),
  safety(
    "production.responsibility-letters",
    "安全生产责任书签订率",
    "work-safety responsibility letters signed",
    "responsibility_letter",
    Kpi.share({ time: "issuedOn", of: production, where: signed }),
    "安全生产责任书 issued in the period and signed / issued in the period (offices, venues, committees, key units)"
  ),
  safety(
    "production.six-small-pledges",
    "“六小”场所安全生产承诺书签订率",
    "\"six small\" premises that signed the work-safety pledge",
    "six_small_pledge",
    Kpi.share({ time: "issuedOn", of: operating, where: signed }),
    "premises handed the pledge in the period that signed / premises handed it, both excluding premises closed for good (已关闭); group by category for each kind"
  ),
  safety(
    "ping-an.rectification-rate",
    "督导检查问题整改完成率",
    "problems found in 平安建设 inspections that were rectified",
    "hazard",
    Kpi.share({ time: "dueOn", of: inspection, where: rectified }),
    "problems found by 平安建设督导检查 whose rectification deadline (整改期限) fell in the period and that were rectified by the as-of date / problems whose deadline fell in the period (a problem is not counted against before its deadline)"
  ),
  safety(
    "hazards.rectification-rate",
    "安全隐患整改率",
    "hazards found that were rectified (all sources)",
    "hazard",
    Kpi.share({ time: "foundOn", where: rectified }),
    "supporting KPI: hazards found in the period and rectified by the as-of date / hazards found in the period"
  ),
  safety(
    "hazards.on-time-rate",
    "安全隐患按期整改率",
    "hazards rectified by their deadline",
    "hazard",
    Kpi.share({ time: "dueOn", where: Filter.fieldLe("rectifiedOn", "dueOn") }),
    "supporting KPI: hazards due in the period (整改期限) rectified on or before it / hazards due in the period"
  ),
  safety(
    "hazards.mean-days-to-rectify",
    "安全隐患平均整改用时",
    "mean days to rectify a hazard",
    "hazard",
    Kpi.derive({
      inputs: {
        days: Kpi.sum({ field: "daysToRectify", time: "rectifiedOn", where: rectified }),
        fixed: Kpi.count({ time: "rectifiedOn", where: Filter.and(rectified, Filter.isNotNull("daysToRectify")) })
      },
      expr: Kpi.div(Kpi.ref("days"), Kpi.ref("fixed"))
    }),
    "supporting KPI: Σ 整改用时(天) / hazards rectified, over hazards rectified in the period (by rectification date)",
    "天"
  ),
  safety(
    "hazards.max-days-to-rectify",
    "安全隐患最长整改用时",
    "longest time to rectify a hazard",
    "hazard",
    Kpi.max({ field: "daysToRectify", time: "rectifiedOn" }),
    "supporting KPI: the largest 整改用时(天) among hazards rectified in the period",
    "天"
  ),
  safety(
    "drills.evacuation",
    "居民区消防疏散逃生演练场次",
    "fire evacuation drills held by residential areas",
    "drill",
    Kpi.count({ time: "heldOn", where: Filter.eq("drillType", codes.evacuationDrill) }),
    "supporting KPI: 消防疏散逃生演练 held, by drill date",
    "场"
  ),
  safety(
    "drills.evacuation-committees",
    "开展消防疏散逃生演练的居民区数",
    "residential areas that held a fire evacuation drill",
    "drill",
    Kpi.countDistinct({ field: "committee", time: "heldOn", where: Filter.eq("drillType", codes.evacuationDrill) }),
    "supporting KPI: distinct residential areas with at least one 消防疏散逃生演练 in the period",
    "个"
  ),
  safety(
    "drills.micro-fire-station",
    "微型消防站应急综合演练场次",
    "micro fire station drills held",
    "drill",
    Kpi.count({ time: "heldOn", where: Filter.eq("drillType", codes.stationDrill) }),
    "supporting KPI: 微型消防站应急综合演练 held, by drill date",
    "场"
  ),
  safety(
    "drills.participants",
    "应急演练参演人数",
    "people taking part in drills",
    "drill",
    Kpi.sum({ field: "participants", time: "heldOn" }),
    "supporting KPI: 参演人数 of all drills held in the period",
    "人次"
  ),
  safety(
    "production.annual-conference",
    "2022年度街道安全生产推进大会",
    "date the annual work-safety conference was held",
    "safety_meeting",
    Kpi.max({ field: "heldOn", time: "heldOn", where: Filter.eq("meetingType", codes.annualConference) }),
    "the 召开日期 of the 安全生产推进大会; no data until held"
  ),
  safety(
    "petitions.received",
    "信访事项登记数",
    "petitions registered",
    "petition",
    Kpi.count({ time: "receivedAt" }),
    "supporting KPI: petitions registered, by registration time",
    "件"
  ),
  safety(
    "petitions.evaluation-participation-rate",
    "信访满意度测评参评率",
    "closed petitions whose petitioner took part in the evaluation",
    "petition",
    Kpi.ratio({
      numerator: Kpi.count({ time: "closedOn", where: evaluated }),
      denominator: Kpi.count({ time: "closedOn", where: Filter.isNotNull("closedOn") })
    }),
    "petitions closed in the period with an evaluation (满意 / 基本满意 / 不满意) / petitions closed in the period"
  ),
  safety(
    "petitions.satisfaction-rate",
    "信访满意率",
    "evaluated petitions rated satisfied",
    "petition",
    Kpi.ratio({
      numerator: Kpi.count({ time: "closedOn", where: Filter.oneOf("evaluation", codes.satisfied) }),
      denominator: Kpi.count({ time: "closedOn", where: evaluated })
    }),
    "petitions closed in the period rated 满意 or 基本满意 / petitions closed in the period that were evaluated"
  ),
  safety(
    "petitions.first-petition-local-resolution-rate",
    "初信初访就地解决率",
    "first-time petitions resolved locally",
    "petition",
    Kpi.ratio({
      numerator: Kpi.count({ time: "closedOn", where: Filter.and(first, Filter.eq("resolvedLocally", codes.yes)) }),
      denominator: Kpi.count({ time: "closedOn", where: Filter.and(first, Filter.isNotNull("closedOn")) })
    }),
    "first-time petitions (初信初访 = 是) closed in the period and resolved locally (就地解决 = 是) / first-time petitions closed in the period; open petitions wait for their closing month"
  ),
  safety(
    "petitions.thursday-reception",
    "周四信访接待落实率",
    "Thursdays on which the petition reception was held",
    "reception_day",
    Kpi.ratio({
      numerator: Kpi.count({ time: "day", where: Filter.oneOf("outcome", codes.receptionHeld) }),
      denominator: Kpi.count({ time: "day", where: Filter.ne("outcome", codes.holiday) })
    }),
    "Thursdays with the reception held in person or online / Thursdays that were not public holidays"
  ),
  safety(
    "petitions.monthly-dispute-review",
    "矛盾纠纷每月排查呈报率",
    "months whose dispute review was reported to the joint meeting",
    "dispute_review",
    Kpi.share({ time: "dueOn", where: Filter.isNotNull("reportedOn") }),
    "monthly reviews due to be reported in the period (呈报期限) that were reported by the as-of date / reviews due in the period"
  )
]

/**
 * Which KPI serves which indicator of the 2022 plan. `safety.mediation.pioneered-mechanism` is
 * qualitative (力争首创工作机制并形成经验) and reported in words, not computed.
 *
 * @since 0.1.0
 */
export const bindings: ReadonlyArray<Binding> = [
  { indicatorId: "safety.ping-an.responsibility-letters", kpiId: "safety.ping-an.responsibility-letters", record: "responsibility_letter" },
  { indicatorId: "safety.ping-an.rectification-rate", kpiId: "safety.ping-an.rectification-rate", record: "hazard" },
  { indicatorId: "safety.production.annual-conference", kpiId: "safety.production.annual-conference", record: "safety_meeting", milestone: true, window: "toDate" },
  { indicatorId: "safety.production.responsibility-letters", kpiId: "safety.production.responsibility-letters", record: "responsibility_letter" },
  { indicatorId: "safety.production.six-small-pledges", kpiId: "safety.production.six-small-pledges", record: "six_small_pledge" },
  { indicatorId: "safety.petitions.evaluation-participation-rate", kpiId: "safety.petitions.evaluation-participation-rate", record: "petition" },
  { indicatorId: "safety.petitions.satisfaction-rate", kpiId: "safety.petitions.satisfaction-rate", record: "petition" },
  { indicatorId: "safety.petitions.thursday-reception", kpiId: "safety.petitions.thursday-reception", record: "reception_day" },
  { indicatorId: "safety.petitions.monthly-dispute-review", kpiId: "safety.petitions.monthly-dispute-review", record: "dispute_review" },
  {
    indicatorId: "safety.petitions.first-petition-local-resolution-rate",
    kpiId: "safety.petitions.first-petition-local-resolution-rate",
    record: "petition"
  }
]
