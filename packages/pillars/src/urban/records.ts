/**
 * Records of the urban-management pillar (城区): 12345 hotline orders, construction project
 * milestones, daily waste clearance, renovation signing and monitoring-device usage.
 *
 * @since 0.1.0
 */
import * as Records from "../Records.js"
import { defaultConfig } from "./config.js"
import { dueAt } from "./kpis.js"

const YES_NO = ["是", "否"] as const

/** 办理时限 and 办理期限 of an order whose export leaves them empty: `Urban.dueAt` on the default config. */
const due = (row: Readonly<Record<string, unknown>>) => {
  const { acceptedAt, category, complex } = row
  return typeof acceptedAt === "string" && typeof category === "string" && typeof complex === "string"
    ? dueAt(acceptedAt, category, complex, defaultConfig)
    : undefined
}

/**
 * A 12345 市民服务热线 order as the 一网统管 platform exports it (one row per order).
 *
 * - `category` 诉求类型: 咨询 / 建议 / 求助 / 投诉 (districts use others; the time limits are configurable);
 * - `complex` 疑难件: 是 when approved as a complex matter (15 working days);
 * - `dueAt` 办理期限: computed at generation or load time from `acceptedAt`, the limit and the
 *   official working-day calendar (end of the last working day, `23:59:59`), so SQL can compare
 *   `closedAt <= dueAt`;
 * - `firstContact` 先行联系: 是 / 否 / 未评价;
 * - `status` 工单状态: 已办结 / 办理中 / 已退单 (returned to the dispatcher, not yet re-accepted);
 * - `closure` 办理结果: 实际解决 / 解释说明 / 其他 (empty while open);
 * - `verification` 核查结果: 属实 / 不属实 (empty when not verified);
 * - `rating` 满意度: 满意 / 基本满意 / 一般 / 不满意, empty when the citizen did not rate.
 *
 * The key is `orderId` 工单编号. `limitDays` and `dueAt` are derived at load (`Urban.dueAt` with
 * `Urban.defaultConfig`) when a user's export leaves them empty or has no such column.
 *
 * @since 0.1.0
 */
export const HotlineOrder = Records.make({
  name: "hotline_order",
  title: "12345市民服务热线工单",
  file: "12345工单.csv",
  fields: {
    orderId: Records.text("工单编号", { aliases: ["工单号"] }),
    acceptedAt: Records.dateTime("受理时间", { aliases: ["登记时间"] }),
    channel: Records.text("来源渠道"),
    category: Records.text("诉求类型", { codes: ["咨询", "建议", "求助", "投诉"] }),
    subject: Records.text("问题分类"),
    committee: Records.text("所属居委", { aliases: ["所属居委会"] }),
    complex: Records.text("疑难件", { codes: YES_NO }),
    limitDays: Records.int("办理时限(工作日)", { aliases: ["办理时限"] }),
    dueAt: Records.dateTime("办理期限", { aliases: ["办结期限"] }),
    firstContact: Records.text("先行联系", { codes: ["是", "否", "未评价"] }),
    returns: Records.int("退单次数"),
    status: Records.text("工单状态", { codes: ["已办结", "办理中", "已退单"] }),
    closedAt: Records.dateTimeOrNull("结案时间", { aliases: ["办结时间"] }),
    closure: Records.textOrNull("办理结果", { codes: ["实际解决", "解释说明", "其他"] }),
    verification: Records.textOrNull("核查结果", { codes: ["属实", "不属实"] }),
    rating: Records.textOrNull("满意度", { aliases: ["满意度评价"], codes: ["满意", "基本满意", "一般", "不满意"] })
  },
  events: ["closedAt"],
  key: ["orderId"],
  derive: {
    limitDays: (row) => due(row)?.limitDays,
    dueAt: (row) => due(row)?.dueAt
  }
})

/** @since 0.1.0 */
export type HotlineOrder = typeof HotlineOrder.schema.Type

/**
 * A milestone of a construction project the plan names (天安·千树 东地块, 新湖明珠城三期, 合利坊四期,
 * 锦绣里北块, 长寿社区 D5-1 鸿寿坊): planned date and, once reached, the date it was reached.
 *
 * @since 0.1.0
 */
export const ProjectMilestone = Records.milestones({ name: "project_milestone", title: "重点建设项目节点台账", file: "建设项目节点.csv", key: ["projectId", "milestone"] })

/** @since 0.1.0 */
export type ProjectMilestone = typeof ProjectMilestone.schema.Type

/**
 * One day's clearance of one waste stream at one residential committee's collection points
 * (湿垃圾 wet, 干垃圾 dry): whether it was cleared the same day (日产日清).
 *
 * @since 0.1.0
 */
export const WasteClearance = Records.make({
  name: "waste_clearance",
  title: "生活垃圾日产日清台账",
  file: "垃圾日产日清.csv",
  fields: {
    day: Records.date("日期"),
    committee: Records.text("居委会"),
    stream: Records.text("垃圾类别"),
    tonnes: Records.real("产生量(吨)"),
    clearedSameDay: Records.text("当日清运", { codes: YES_NO })
  },
  events: [],
  key: ["day", "committee", "stream"]
})

/** @since 0.1.0 */
export type WasteClearance = typeof WasteClearance.schema.Type

/**
 * A household of an old-housing renovation project (旧住房成套改造, e.g. 武宁路200弄14号): listed on
 * a date, signed (签约) and moved out (外搬) on dates once done.
 *
 * @since 0.1.0
 */
export const RenovationHousehold = Records.make({
  name: "renovation_household",
  title: "旧住房成套改造签约台账",
  file: "成套改造签约.csv",
  fields: {
    project: Records.text("项目"),
    householdId: Records.text("户号"),
    listedOn: Records.date("列入日期"),
    signedOn: Records.dateOrNull("签约日期"),
    movedOutOn: Records.dateOrNull("外搬日期")
  },
  events: ["signedOn", "movedOutOn"],
  key: ["project", "householdId"]
})

/** @since 0.1.0 */
export type RenovationHousehold = typeof RenovationHousehold.schema.Type

/**
 * One month of one monitoring device (垃圾分类 / 垃圾偷倒 / 盲点补充): online days and whether its
 * footage or alerts were used in handling a case that month (使用).
 *
 * @since 0.1.0
 */
export const DeviceMonth = Records.make({
  name: "device_month",
  title: "监控设备月度使用台账",
  file: "监控设备使用.csv",
  fields: {
    deviceId: Records.text("设备编号"),
    kind: Records.text("设备类型"),
    committee: Records.text("居委会"),
    month: Records.date("月份"),
    onlineDays: Records.int("在线天数"),
    used: Records.text("是否使用", { codes: YES_NO }),
    casesHandled: Records.int("处置案件数")
  },
  events: [],
  key: ["deviceId", "month"]
})

/** @since 0.1.0 */
export type DeviceMonth = typeof DeviceMonth.schema.Type

/**
 * The urban pillar's record types.
 *
 * @since 0.1.0
 */
export const records = [HotlineOrder, ProjectMilestone, WasteClearance, RenovationHousehold, DeviceMonth] as const

/**
 * A 一网通办 service case at the community affairs acceptance centre: whether the matter needed an
 * electronic licence (电子证照) and whether it was retrieved instead of asking for paper (应调必调).
 *
 * @since 0.1.0
 */
export const LicenceCase = Records.make({
  name: "licence_case",
  title: "一网通办受理电子证照调用台账",
  file: "电子证照调用.csv",
  fields: {
    caseId: Records.text("办件编号"),
    acceptedAt: Records.dateTime("受理时间"),
    item: Records.text("事项名称"),
    licenceRequired: Records.text("涉及电子证照", { codes: YES_NO }),
    licenceRetrieved: Records.text("是否调用", { codes: YES_NO })
  },
  events: [],
  key: ["caseId"]
})

/** @since 0.1.0 */
export type LicenceCase = typeof LicenceCase.schema.Type

/**
 * Every record type of the urban pillar.
 *
 * @since 0.1.0
 */
export const allRecords = [...records, LicenceCase] as const
