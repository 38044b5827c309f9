/**
 * Records of the party-building pillar (党建): the 四史 study ledger of party members, the
 * 廉政月月讲 ledger of residential committees, the enterprise union formation ledger, the
 * 两病 screening roster and the party-building milestone ledger.
 *
 * @since 0.1.0
 */
import * as Records from "../Records.js"

/**
 * One party member in one month: how many 四史学习 sessions they attended (0 when none). Every
 * member on the roll has a row for every month they were on it.
 *
 * @since 0.1.0
 */
export const StudyMonth = Records.make({
  name: "study_month",
  title: "党员四史学习台账",
  file: "党员四史学习台账.csv",
  fields: {
    memberId: Records.text("党员编号"),
    branch: Records.text("所在支部"),
    committee: Records.text("居民区"),
    month: Records.date("月份"),
    sessions: Records.int("参学次数")
  },
  events: []
})

/** @since 0.1.0 */
export type StudyMonth = typeof StudyMonth.schema.Type

/**
 * One residential committee in one month: the 廉政月月讲 sessions it held (0 when none).
 *
 * @since 0.1.0
 */
export const IntegrityTalkMonth = Records.make({
  name: "integrity_talk_month",
  title: "居民区廉政月月讲台账",
  file: "廉政月月讲台账.csv",
  fields: {
    committee: Records.text("居民区"),
    month: Records.date("月份"),
    sessions: Records.int("开展场次"),
    attendees: Records.intOrNull("参加人数"),
    topic: Records.textOrNull("主题")
  },
  events: []
})

/** @since 0.1.0 */
export type IntegrityTalkMonth = typeof IntegrityTalkMonth.schema.Type

/**
 * An enterprise operating in the subdistrict and its trade union (工会组建台账): staff count and
 * the date its union was founded, if it has one.
 *
 * @since 0.1.0
 */
export const EnterpriseUnion = Records.make({
  name: "enterprise_union",
  title: "企业工会组建台账",
  file: "企业工会组建台账.csv",
  fields: {
    creditCode: Records.text("统一社会信用代码"),
    name: Records.text("企业名称"),
    staff: Records.int("职工人数"),
    registeredOn: Records.date("注册日期"),
    unionFoundedOn: Records.dateOrNull("建会日期")
  },
  events: ["unionFoundedOn"]
})

/** @since 0.1.0 */
export type EnterpriseUnion = typeof EnterpriseUnion.schema.Type

/**
 * A woman on the year's 两病 (cervical and breast cancer) screening roster (妇联 / 社区卫生服务中心):
 * listed on the roster date, screened on a date if she was.
 *
 * @since 0.1.0
 */
export const Screening = Records.make({
  name: "screening",
  title: "妇女两病筛查台账",
  file: "两病筛查台账.csv",
  fields: {
    residentId: Records.text("人员编号"),
    committee: Records.text("居民区"),
    age: Records.int("年龄"),
    listedOn: Records.date("列入日期"),
    screenedOn: Records.dateOrNull("筛查日期"),
    result: Records.textOrNull("筛查结果")
  },
  events: ["screenedOn"]
})

/** @since 0.1.0 */
export type Screening = typeof Screening.schema.Type

/**
 * A milestone of a party-building programme (党建工作节点台账), e.g. the 2020—2022 “红色引擎换挡工程”
 * three-year action plan: its 1个办法, 4个细则, 4个指数评价指标, the yearly 指数评定评议 and the
 * summary of the three years' results.
 *
 * @since 0.1.0
 */
export const PartyMilestone = Records.milestones({ name: "party_milestone", title: "党建工作节点台账", file: "党建工作节点台账.csv" })

/** @since 0.1.0 */
export type PartyMilestone = typeof PartyMilestone.schema.Type

/**
 * Every record type of the party pillar.
 *
 * @since 0.1.0
 */
export const allRecords = [StudyMonth, IntegrityTalkMonth, EnterpriseUnion, Screening, PartyMilestone] as const
