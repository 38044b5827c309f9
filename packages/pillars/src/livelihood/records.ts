/**
 * Records of the livelihood pillar (民生): old-area expropriation households and project milestones
 * (旧改征收), employment assistance (就业援助), social-assistance applications (救助), elderly meal
 * service (为老助餐) and the time bank (时间银行).
 *
 * @since 0.1.0
 */
import * as Records from "../Records.js"

/**
 * A household (or non-residential unit) of an expropriation parcel, as the 征收事务所's signing
 * ledger lists it.
 *
 * - `parcel` 地块: 普陀一村 / 轨交14号线东新路站出口(银宫商厦) / 合利坊 / 132街坊 /
 *   陕西北路(安远路—新会路);
 * - `use` 性质: 居住 / 非居住;
 * - `listedOn` 认定日期: the day the household entered the ledger (the expropriation decision or a
 *   later split of a household); `signedOn` 签约日期 and `movedOutOn` 搬离日期 once they happen;
 * - `status` 状态: 未签约 / 已签约 / 已搬离 / 司法程序 (referred for an administrative ruling).
 *
 * @since 0.1.0
 */
export const ExpropriationHousehold = Records.make({
  name: "expropriation_household",
  title: "旧改征收签约台账",
  file: "旧改征收签约台账.csv",
  fields: {
    householdId: Records.text("户编号"),
    parcel: Records.text("地块"),
    use: Records.text("性质", { codes: ["居住", "非居住"] }),
    listedOn: Records.date("认定日期"),
    signedOn: Records.dateOrNull("签约日期"),
    movedOutOn: Records.dateOrNull("搬离日期"),
    status: Records.text("状态", { codes: ["未签约", "已签约", "已搬离", "司法程序"] })
  },
  events: ["signedOn", "movedOutOn"],
  key: ["householdId"]
})

/** @since 0.1.0 */
export type ExpropriationHousehold = typeof ExpropriationHousehold.schema.Type

/**
 * A milestone of an expropriation project (旧改征收项目台账): 征收收尾 (all households signed and
 * moved out), 平地 (site cleared), with its planned and actual dates.
 *
 * @since 0.1.0
 */
export const ExpropriationMilestone = Records.make({
  name: "expropriation_milestone",
  title: "旧改征收项目台账",
  file: "旧改征收项目台账.csv",
  fields: {
    projectId: Records.text("项目编号"),
    parcel: Records.text("地块"),
    milestone: Records.text("节点名称"),
    plannedOn: Records.date("计划完成日期"),
    achievedOn: Records.dateOrNull("实际完成日期")
  },
  events: ["achievedOn"]
})

/** @since 0.1.0 */
export type ExpropriationMilestone = typeof ExpropriationMilestone.schema.Type

/**
 * A person registered for employment assistance (就业援助对象) at the 就业创业工作站.
 *
 * - `category` 援助类别: 就业困难人员 / 长期失业青年 / 零就业家庭成员 / 高校毕业生 / 其他失业人员;
 * - `placedOn` 实现就业日期 and `placement` 就业形式 (单位就业 / 灵活就业 / 自主创业 / 公益性岗位)
 *   once placed;
 * - `services` 服务次数: guidance sessions, job referrals and visits recorded.
 *
 * @since 0.1.0
 */
export const EmploymentCase = Records.make({
  name: "employment_case",
  title: "就业援助对象台账",
  file: "就业援助对象台账.csv",
  fields: {
    caseId: Records.text("登记编号"),
    committee: Records.text("居委会"),
    category: Records.text("援助类别", { codes: ["就业困难人员", "长期失业青年", "零就业家庭成员", "高校毕业生", "其他失业人员"] }),
    registeredOn: Records.date("登记日期"),
    services: Records.int("服务次数"),
    placedOn: Records.dateOrNull("实现就业日期"),
    placement: Records.textOrNull("就业形式", { codes: ["单位就业", "灵活就业", "自主创业", "公益性岗位"] })
  },
  events: ["placedOn"],
  key: ["caseId"]
})

/** @since 0.1.0 */
export type EmploymentCase = typeof EmploymentCase.schema.Type

/**
 * A social-assistance application (社会救助申请), as the 救助一件事 system exports it.
 *
 * - `scheme` 救助类型: 最低生活保障 / 低收入困难家庭 / 支出型贫困 / 临时救助 / 医疗救助 / 教育救助;
 * - `channel` 受理渠道: 一网通办 / 随申办 (online, 线上) or 窗口受理 / 上门代办 (offline); the
 *   system writes 线上 for a few older online cases;
 * - `decision` 审批结果: 批准 / 不予批准 / 撤回, empty while pending.
 *
 * @since 0.1.0
 */
export const AssistanceApplication = Records.make({
  name: "assistance_application",
  title: "社会救助申请台账",
  file: "社会救助申请台账.csv",
  fields: {
    applicationId: Records.text("申请编号"),
    committee: Records.text("居委会"),
    scheme: Records.text("救助类型", { codes: ["最低生活保障", "低收入困难家庭", "支出型贫困", "临时救助", "医疗救助", "教育救助"] }),
    channel: Records.text("受理渠道", { codes: ["一网通办", "随申办", "窗口受理", "上门代办", "线上"] }),
    appliedAt: Records.dateTime("申请时间"),
    decidedOn: Records.dateOrNull("审批日期"),
    decision: Records.textOrNull("审批结果", { codes: ["批准", "不予批准", "撤回"] })
  },
  events: ["decidedOn"],
  key: ["applicationId"]
})

/** @since 0.1.0 */
export type AssistanceApplication = typeof AssistanceApplication.schema.Type

/**
 * One day of one elderly-meal site (为老助餐点) as reported to the 为老助餐 system: meals eaten at
 * the site (堂食) and delivered (送餐), and their total (合计). A site that did not report a day has
 * no row for it.
 *
 * @since 0.1.0
 */
export const MealServiceDay = Records.make({
  name: "meal_service_day",
  title: "为老助餐日报",
  file: "为老助餐日报.csv",
  fields: {
    day: Records.date("日期"),
    site: Records.text("助餐点"),
    committee: Records.text("居委会"),
    dineIn: Records.int("堂食份数"),
    delivered: Records.int("送餐份数"),
    meals: Records.int("合计份数")
  },
  events: []
})

/** @since 0.1.0 */
export type MealServiceDay = typeof MealServiceDay.schema.Type

/**
 * A time-bank pilot site (时间银行试点台账): the committee that joined the pilot and when.
 *
 * @since 0.1.0
 */
export const TimeBankPilot = Records.make({
  name: "time_bank_pilot",
  title: "时间银行试点台账",
  file: "时间银行试点台账.csv",
  fields: {
    pilotId: Records.text("试点编号"),
    committee: Records.text("居委会"),
    joinedOn: Records.date("纳入试点日期"),
    status: Records.text("状态")
  },
  events: [],
  key: ["pilotId"]
})

/** @since 0.1.0 */
export type TimeBankPilot = typeof TimeBankPilot.schema.Type

/**
 * One service a time-bank volunteer gave an older resident (时间银行服务记录): hours are banked when
 * the record is approved (审核状态 = 已审核).
 *
 * @since 0.1.0
 */
export const TimeBankService = Records.make({
  name: "time_bank_service",
  title: "时间银行服务记录",
  file: "时间银行服务记录.csv",
  fields: {
    serviceId: Records.text("服务编号"),
    committee: Records.text("居委会"),
    volunteerId: Records.text("志愿者编号"),
    recipientId: Records.text("服务对象编号"),
    serviceType: Records.text("服务类型"),
    servedOn: Records.date("服务日期"),
    hours: Records.real("服务时长(小时)"),
    review: Records.text("审核状态")
  },
  events: [],
  key: ["serviceId"]
})

/** @since 0.1.0 */
export type TimeBankService = typeof TimeBankService.schema.Type

/**
 * The livelihood pillar's record types.
 *
 * @since 0.1.0
 */
export const records = [
  ExpropriationHousehold,
  ExpropriationMilestone,
  EmploymentCase,
  AssistanceApplication,
  MealServiceDay,
  TimeBankPilot,
  TimeBankService
] as const
