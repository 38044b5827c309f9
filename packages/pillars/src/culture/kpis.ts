/**
 * KPI definitions of the community-affairs pillar (社区事业), written in the KPI language, and their
 * bindings to the indicators of the 2022 plan. The formula sheet is `src/culture/README.md`.
 *
 * @since 0.1.0
 */
import { Filter, Kpi } from "@govplan/kpi"
import type { Binding } from "../Pillar.js"

/**
 * The codes the culture records use.
 *
 * @since 0.1.0
 */
export const codes = {
  heritage: "非遗在社区",
  festival: "市民文化节",
  held: "已举办",
  working: "完好",
  yes: "是",
  met: "达标",
  /** The community minors' protection station and the milestone that means "built". */
  minorsStation: { projectId: "WCNBH-2022", milestone: "建成" }
} as const

const culture = (id: string, name: string, gloss: string, record: string, measure: Kpi.Measure, description: string, unit?: string) =>
  Kpi.define({ id: `culture.${id}`, name, gloss, record, measure, description, unit })

const held = Filter.eq("status", codes.held)

/**
 * The culture KPIs.
 *
 * @since 0.1.0
 */
export const kpis: ReadonlyArray<Kpi.Definition> = [
  culture(
    "intangible-heritage.events",
    "“非遗在社区”活动场次",
    "\"intangible heritage in the community\" events held",
    "cultural_event",
    Kpi.count({ time: "heldOn", where: Filter.and(Filter.eq("programme", codes.heritage), held) }),
    "events of the 非遗在社区 programme held (状态 = 已举办), by event date; cancelled and postponed events excluded",
    "场"
  ),
  culture(
    "intangible-heritage.participants",
    "“非遗在社区”参与人次",
    "attendances at intangible-heritage events",
    "cultural_event",
    Kpi.sum({ field: "participants", time: "heldOn", where: Filter.and(Filter.eq("programme", codes.heritage), held) }),
    "supporting KPI: 参与人次 of 非遗在社区 events held (unreported attendance skipped)",
    "人次"
  ),
  culture(
    "festival.participants",
    "市民文化节活动参与人次",
    "attendances at the citizens' culture festival events held",
    "cultural_event",
    Kpi.sum({ field: "participants", time: "heldOn", where: Filter.and(Filter.eq("programme", codes.festival), held) }),
    "参与人次 of 市民文化节 events held (状态 = 已举办), by event date; unreported attendance skipped",
    "人次"
  ),
  culture(
    "events.held",
    "社区文化活动举办场次",
    "cultural events held (all programmes)",
    "cultural_event",
    Kpi.count({ time: "heldOn", where: held }),
    "supporting KPI: events held, by event date; group by programme for each programme",
    "场"
  ),
  culture(
    "events.cancelled-share",
    "社区文化活动取消或延期占比",
    "share of planned events cancelled or postponed",
    "cultural_event",
    Kpi.share({ time: "heldOn", where: Filter.not(held) }),
    "supporting KPI: events dated in the period not held (取消 / 延期) / events dated in the period"
  ),
  culture(
    "science.participation-rate",
    "科普宣传参与率",
    "science-outreach participation (attendances per resident-month)",
    "science_report",
    Kpi.ratio({
      numerator: Kpi.sum({ field: "participants", time: "month" }),
      denominator: Kpi.sum({ field: "residents", time: "month" })
    }),
    "attendances reported / residents of the committees reporting, summed over the months reported: for one month, 参与人次 ÷ 常住人口; for a year, the resident-weighted mean monthly rate. Group by committee for each committee's. Months not reported are left out of both sides"
  ),
  culture(
    "science.participants",
    "科普活动参与人次",
    "science-outreach attendances",
    "science_report",
    Kpi.sum({ field: "participants", time: "month" }),
    "supporting KPI: 参与人次 reported (group by committee for each committee's)",
    "人次"
  ),
  culture(
    "science.active-committees",
    "开展科普活动的居委数",
    "committees that held science-outreach activities",
    "science_report",
    Kpi.countDistinct({ field: "committee", time: "month", where: Filter.gt("activities", 0) }),
    "supporting KPI: distinct committees reporting at least one activity in the period",
    "个"
  ),
  culture(
    "science.brief-rate",
    "科普简讯上报率",
    "science news briefs reported per activity",
    "science_report",
    Kpi.ratio({
      numerator: Kpi.sum({ field: "briefs", time: "month" }),
      denominator: Kpi.sum({ field: "activities", time: "month" })
    }),
    "supporting KPI: briefs reported / activities held (the practice asks one brief per activity; above 1 is possible)"
  ),
  culture(
    "sports-facilities.working-rate",
    "社区体育设施完好率",
    "share of sports-equipment inspections finding it in working order",
    "sports_inspection",
    Kpi.share({ time: "inspectedOn", where: Filter.eq("condition", codes.working) }),
    "inspections finding the equipment 完好 / inspections, by inspection date"
  ),
  culture(
    "minors-protection-station",
    "社区未成年人保护站建成",
    "date the community minors' protection station was built",
    "culture_milestone",
    Kpi.max({
      field: "achievedOn",
      time: "achievedOn",
      where: Filter.and(Filter.eq("projectId", codes.minorsStation.projectId), Filter.eq("milestone", codes.minorsStation.milestone))
    }),
    "the 实际完成日期 of the station's 建成 milestone; no data until it is reached"
  ),
  culture(
    "projects.on-schedule-rate",
    "社区事业项目节点按期完成率",
    "project milestones reached by their planned date",
    "culture_milestone",
    Kpi.share({ time: "plannedOn", where: Filter.fieldLe("achievedOn", "plannedOn") }),
    "supporting KPI: milestones planned in the period reached by their planned date / milestones planned in the period"
  ),
  culture(
    "civilization.compliance-rate",
    "文明创建测评达标率",
    "share of required assessment items met",
    "civilization_item",
    Kpi.share({ time: "assessedOn", of: Filter.eq("required", codes.yes), where: Filter.eq("result", codes.met) }),
    "items that should meet the standard (应达标 = 是) and did (达标) / items that should, by assessment date; advisory items excluded, 整改中 counts as not met"
  )
]

/**
 * Which KPI serves which indicator of the 2022 plan.
 *
 * @since 0.1.0
 */
export const bindings: ReadonlyArray<Binding> = [
  { indicatorId: "culture.intangible-heritage.events", kpiId: "culture.intangible-heritage.events", record: "cultural_event" },
  { indicatorId: "culture.sports-facilities.working-rate", kpiId: "culture.sports-facilities.working-rate", record: "sports_inspection" },
  { indicatorId: "culture.science.participation-rate", kpiId: "culture.science.participation-rate", record: "science_report" },
  { indicatorId: "culture.minors-protection-station", kpiId: "culture.minors-protection-station", record: "culture_milestone", milestone: true, window: "toDate" },
  { indicatorId: "culture.civilization.compliance-rate", kpiId: "culture.civilization.compliance-rate", record: "civilization_item" },
  { indicatorId: "culture.festival.participants", kpiId: "culture.festival.participants", record: "cultural_event" }
]
