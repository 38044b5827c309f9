/**
 * Records of the community-affairs pillar (社区事业: culture, education, sports, civilisation):
 * the cultural event log, the committees' monthly science-outreach reports, sports-facility
 * inspections, project milestones (the minors' protection station) and the civilisation-creation
 * assessment items.
 *
 * @since 0.1.0
 */
import * as Records from "../Records.js"

/**
 * A cultural event of the subdistrict's event log (社区文化活动台账), held or planned.
 *
 * - `programme` 活动类别: 非遗在社区 / 市民文化节 / 全民健身 / 未成年人教育 / 文明实践 / 其他;
 * - `committee` 承办居委: empty for events the subdistrict's cultural centre held itself;
 * - `status` 状态: 已举办 / 取消 / 延期 (2022's April–May lockdown cancelled or postponed many);
 * - `participants` 参与人次: empty when not reported.
 *
 * @since 0.1.0
 */
export const CulturalEvent = Records.make({
  name: "cultural_event",
  title: "社区文化活动台账",
  file: "社区文化活动台账.csv",
  fields: {
    eventId: Records.text("活动编号"),
    programme: Records.text("活动类别", { codes: ["非遗在社区", "市民文化节", "全民健身", "未成年人教育", "文明实践", "其他"] }),
    title: Records.text("活动名称"),
    committee: Records.textOrNull("承办居委"),
    heldOn: Records.date("活动日期"),
    status: Records.text("状态", { codes: ["已举办", "取消", "延期"] }),
    participants: Records.intOrNull("参与人次")
  },
  events: [],
  key: ["eventId"]
})

/** @since 0.1.0 */
export type CulturalEvent = typeof CulturalEvent.schema.Type

/**
 * A residential committee's monthly science-outreach report (居委科普活动月报).
 *
 * - `month` 月份: the first day of the month reported;
 * - `residents` 常住人口: the committee's resident population as reported that month;
 * - `participants` 参与人次: attendances at its science-outreach activities that month;
 * - `briefs` 科普简讯上报篇数: news briefs reported to the subdistrict.
 *
 * A committee that did not report a month has no row for it.
 *
 * @since 0.1.0
 */
export const ScienceReport = Records.make({
  name: "science_report",
  title: "居委科普活动月报",
  file: "居委科普活动月报.csv",
  fields: {
    committee: Records.text("居委会"),
    month: Records.date("月份"),
    residents: Records.int("常住人口"),
    activities: Records.int("活动场次"),
    participants: Records.int("参与人次"),
    briefs: Records.int("科普简讯上报篇数")
  },
  events: []
})

/** @since 0.1.0 */
export type ScienceReport = typeof ScienceReport.schema.Type

/**
 * One inspection of one piece of community sports equipment (社区体育设施巡检台账).
 *
 * - `condition` 设施状况: 完好 / 损坏 / 停用 (taken out of use);
 * - `repairedOn` 修复日期: when a fault found was repaired.
 *
 * @since 0.1.0
 */
export const SportsInspection = Records.make({
  name: "sports_inspection",
  title: "社区体育设施巡检台账",
  file: "社区体育设施巡检台账.csv",
  fields: {
    facilityId: Records.text("设施编号"),
    committee: Records.text("居委会"),
    facility: Records.text("设施名称"),
    inspectedOn: Records.date("巡检日期"),
    condition: Records.text("设施状况", { codes: ["完好", "损坏", "停用"] }),
    repairedOn: Records.dateOrNull("修复日期")
  },
  events: ["repairedOn"]
})

/** @since 0.1.0 */
export type SportsInspection = typeof SportsInspection.schema.Type

/**
 * A milestone of a community-affairs project (社区事业项目进度台账), e.g. the community minors'
 * protection station (社区未成年人保护站): 选址确定 / 方案批复 / 装修施工 / 建成 / 挂牌运行.
 *
 * @since 0.1.0
 */
export const CultureMilestone = Records.milestones({ name: "culture_milestone", title: "社区事业项目进度台账", file: "社区事业项目进度台账.csv" })

/** @since 0.1.0 */
export type CultureMilestone = typeof CultureMilestone.schema.Type

/**
 * One item of a civilisation-creation assessment (文明创建测评台账): the items that should meet the
 * standard (应达标) and whether they did.
 *
 * - `required` 应达标: 是 / 否 (advisory items);
 * - `result` 测评结果: 达标 / 未达标 / 整改中 (being fixed; not yet met).
 *
 * @since 0.1.0
 */
export const CivilizationItem = Records.make({
  name: "civilization_item",
  title: "文明创建测评台账",
  file: "文明创建测评台账.csv",
  fields: {
    itemId: Records.text("测评项编号"),
    area: Records.text("测评板块"),
    item: Records.text("测评内容"),
    committee: Records.textOrNull("居委会"),
    assessedOn: Records.date("测评日期"),
    required: Records.text("应达标", { codes: ["是", "否"] }),
    result: Records.text("测评结果", { codes: ["达标", "未达标", "整改中"] })
  },
  events: [],
  key: ["itemId"]
})

/** @since 0.1.0 */
export type CivilizationItem = typeof CivilizationItem.schema.Type

/**
 * The culture pillar's record types.
 *
 * @since 0.1.0
 */
export const records = [CulturalEvent, ScienceReport, SportsInspection, CultureMilestone, CivilizationItem] as const
