/**
 * Records of the safety pillar (平安): responsibility letters (责任书), "六小" premises pledges
 * (承诺书), hazards found and rectified (隐患整改), emergency drills, safety meetings, petitions
 * (信访), the Thursday petition receptions and the monthly dispute reviews.
 *
 * @since 0.1.0
 */
import * as Records from "../Records.js"

/**
 * A responsibility letter issued for signature (责任书签订台账).
 *
 * - `letter` 责任书类型: 平安建设责任书 (the 社会治安综合治理 letter signed with each residential
 *   area's party secretary) / 安全生产责任书;
 * - `partyType` 签订对象类型: 居民区书记 / 科办 / 场所院 / 居委会 / 重点生产经营单位;
 * - `committee` 居民区: for letters signed by a residential area, else empty;
 * - `signedOn` 签订日期: empty until signed. A letter re-issued (a secretary replaced) is a new row.
 *
 * @since 0.1.0
 */
export const ResponsibilityLetter = Records.make({
  name: "responsibility_letter",
  title: "责任书签订台账",
  file: "责任书签订台账.csv",
  fields: {
    letterId: Records.text("编号"),
    letter: Records.text("责任书类型"),
    partyType: Records.text("签订对象类型", { codes: ["居民区书记", "科办", "场所院", "居委会", "重点生产经营单位"] }),
    party: Records.text("签订对象"),
    committee: Records.textOrNull("居民区"),
    issuedOn: Records.date("下发日期"),
    signedOn: Records.dateOrNull("签订日期")
  },
  events: ["signedOn"],
  key: ["letterId"]
})

/** @since 0.1.0 */
export type ResponsibilityLetter = typeof ResponsibilityLetter.schema.Type

/**
 * A "六小" premises asked to sign the work-safety pledge (“六小”场所安全生产承诺书签订台账).
 *
 * - `category` 场所类别: 小商铺 / 小作坊 / 小工地 / 小装修 / 小企业 / 小市场;
 * - `issuedOn` 发放日期: when the pledge was handed over (sites and renovations appear through the
 *   year as they are filed);
 * - `operating` 经营状态: 在营 / 歇业 (temporarily closed) / 已关闭 (closed for good: excluded).
 *
 * @since 0.1.0
 */
export const SixSmallPledge = Records.make({
  name: "six_small_pledge",
  title: "“六小”场所安全生产承诺书签订台账",
  file: "六小场所承诺书台账.csv",
  fields: {
    premisesId: Records.text("场所编号"),
    premises: Records.text("场所名称"),
    category: Records.text("场所类别", { codes: ["小商铺", "小作坊", "小工地", "小装修", "小企业", "小市场"] }),
    committee: Records.text("居委会"),
    issuedOn: Records.date("发放日期"),
    signedOn: Records.dateOrNull("签订日期"),
    operating: Records.text("经营状态", { codes: ["在营", "歇业", "已关闭"] })
  },
  events: ["signedOn"],
  key: ["premisesId"]
})

/** @since 0.1.0 */
export type SixSmallPledge = typeof SixSmallPledge.schema.Type

/**
 * A problem or hazard found and its rectification (隐患排查整改台账).
 *
 * - `source` 来源: 平安建设督导检查 / 安全生产检查 / 沿街商铺巡检 / 消防检查 / 居民区自查;
 * - `dueOn` 整改期限 and `rectifiedOn` 整改完成日期 (empty while open);
 * - `daysToRectify` 整改用时(天): calendar days from 发现日期 to 整改完成日期, as the inspection
 *   system computes it; empty while open.
 *
 * @since 0.1.0
 */
export const Hazard = Records.make({
  name: "hazard",
  title: "隐患排查整改台账",
  file: "隐患排查整改台账.csv",
  fields: {
    hazardId: Records.text("隐患编号"),
    source: Records.text("来源", { codes: ["平安建设督导检查", "安全生产检查", "沿街商铺巡检", "消防检查", "居民区自查"] }),
    category: Records.text("隐患类别"),
    level: Records.text("隐患等级"),
    committee: Records.text("居委会"),
    place: Records.text("地点"),
    foundOn: Records.date("发现日期"),
    dueOn: Records.date("整改期限"),
    rectifiedOn: Records.dateOrNull("整改完成日期"),
    daysToRectify: Records.intOrNull("整改用时(天)")
  },
  events: ["rectifiedOn"],
  key: ["hazardId"]
})

/** @since 0.1.0 */
export type Hazard = typeof Hazard.schema.Type

/**
 * An emergency drill held (应急演练记录): 消防疏散逃生演练 organised by a residential area, or a
 * 微型消防站应急综合演练 of a micro fire station, or another drill (防台防汛, 燃气泄漏).
 *
 * @since 0.1.0
 */
export const Drill = Records.make({
  name: "drill",
  title: "应急演练记录",
  file: "应急演练记录.csv",
  fields: {
    drillId: Records.text("演练编号"),
    drillType: Records.text("演练类型"),
    committee: Records.textOrNull("居委会"),
    station: Records.textOrNull("微型消防站"),
    heldOn: Records.date("演练日期"),
    participants: Records.int("参演人数")
  },
  events: [],
  key: ["drillId"]
})

/** @since 0.1.0 */
export type Drill = typeof Drill.schema.Type

/**
 * A safety meeting held (安全工作会议台账): 安全生产推进大会, 安委会全体会议, 平安建设例会,
 * 信访矛盾联席会议.
 *
 * @since 0.1.0
 */
export const SafetyMeeting = Records.make({
  name: "safety_meeting",
  title: "安全工作会议台账",
  file: "安全工作会议台账.csv",
  fields: {
    meetingId: Records.text("会议编号"),
    meetingType: Records.text("会议类型"),
    title: Records.text("会议名称"),
    heldOn: Records.date("召开日期"),
    attendees: Records.int("参会人数")
  },
  events: [],
  key: ["meetingId"]
})

/** @since 0.1.0 */
export type SafetyMeeting = typeof SafetyMeeting.schema.Type

/**
 * A petition (信访事项) as the Shanghai petition information system exports it.
 *
 * - `form` 信访形式: 来信 / 来访 / 网上信访 / 领导接待;
 * - `firstTime` 初信初访: 是 / 否 (a repeat petition on a matter already handled);
 * - `resolvedLocally` 就地解决: 是 / 否, set when closed (否: escalated, repeated, or referred up);
 * - `evaluation` 满意度评价: 满意 / 基本满意 / 不满意, empty when the petitioner did not take part in
 *   the evaluation.
 *
 * @since 0.1.0
 */
export const Petition = Records.make({
  name: "petition",
  title: "信访事项台账",
  file: "信访事项台账.csv",
  fields: {
    petitionId: Records.text("信访件编号"),
    receivedAt: Records.dateTime("登记时间"),
    form: Records.text("信访形式", { codes: ["来信", "来访", "网上信访", "领导接待"] }),
    firstTime: Records.text("初信初访", { codes: ["是", "否"] }),
    committee: Records.textOrNull("所属居民区"),
    subject: Records.text("问题类别"),
    closedOn: Records.dateOrNull("办结日期"),
    resolvedLocally: Records.textOrNull("就地解决", { codes: ["是", "否"] }),
    evaluation: Records.textOrNull("满意度评价", { codes: ["满意", "基本满意", "不满意"] })
  },
  events: ["closedOn"],
  key: ["petitionId"]
})

/** @since 0.1.0 */
export type Petition = typeof Petition.schema.Type

/**
 * A Thursday of the weekly petition reception (周四信访接待登记): one row per Thursday.
 *
 * - `outcome` 接待情况: 已接待 / 线上接待 (by phone or video, as in the 2022 lockdown) / 未接待 /
 *   节假日 (a public holiday: excluded).
 *
 * @since 0.1.0
 */
export const ReceptionDay = Records.make({
  name: "reception_day",
  title: "信访接待登记台账",
  file: "信访接待登记台账.csv",
  fields: {
    day: Records.date("接待日期"),
    leader: Records.textOrNull("接待领导"),
    outcome: Records.text("接待情况"),
    visitors: Records.int("接待人次")
  },
  events: []
})

/** @since 0.1.0 */
export type ReceptionDay = typeof ReceptionDay.schema.Type

/**
 * A month's dispute review (矛盾纠纷排查台账): disputes and hot issues listed, the date by which the
 * review is to be reported to the joint meeting (呈报期限: the 15th of the next month) and the date
 * it was (呈报联席会议日期), empty when it was not.
 *
 * @since 0.1.0
 */
export const DisputeReview = Records.make({
  name: "dispute_review",
  title: "矛盾纠纷排查台账",
  file: "矛盾纠纷排查台账.csv",
  fields: {
    month: Records.date("月份"),
    disputes: Records.int("排查矛盾纠纷数"),
    hotIssues: Records.int("突出热点问题数"),
    dueOn: Records.date("呈报期限"),
    reportedOn: Records.dateOrNull("呈报联席会议日期")
  },
  events: ["reportedOn"]
})

/** @since 0.1.0 */
export type DisputeReview = typeof DisputeReview.schema.Type

/**
 * The safety pillar's record types.
 *
 * @since 0.1.0
 */
export const records = [ResponsibilityLetter, SixSmallPledge, Hazard, Drill, SafetyMeeting, Petition, ReceptionDay, DisputeReview] as const
