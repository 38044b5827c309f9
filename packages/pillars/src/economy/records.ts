/**
 * Records of the business-services pillar (疫情防控与安商稳商): the enterprise register, the
 * quarterly tier-and-visit ledger, the visit log, enterprise events (沙龙) and shared live-stream
 * room (共享直播间) bookings.
 *
 * @since 0.1.0
 */
import * as Records from "../Records.js"

/**
 * The enterprise register (企业名录) of the subdistrict's economic development service centre.
 * `landedStatus` is the status when the enterprise was put on the list (已落地 operating here,
 * 未落地 registered here but operating elsewhere); `convertedOn` is when a 未落地 enterprise started
 * operating here (促转化).
 *
 * @since 0.1.0
 */
export const Enterprise = Records.make({
  name: "enterprise",
  title: "企业名录",
  file: "企业名录.csv",
  fields: {
    creditCode: Records.text("统一社会信用代码"),
    name: Records.text("企业名称"),
    committee: Records.text("所在片区"),
    industry: Records.text("行业"),
    staff: Records.int("从业人数"),
    registeredOn: Records.date("注册日期"),
    landedStatus: Records.text("落地状态"),
    convertedOn: Records.dateOrNull("转化落地日期")
  },
  events: ["convertedOn"]
})

/** @since 0.1.0 */
export type Enterprise = typeof Enterprise.schema.Type

/**
 * One enterprise in one quarter: its tax over the four quarters before, the tier that gives it
 * (重点企业 ≥ 5,000,000 CNY, 优质企业 ≥ 600,000 CNY, else 一般企业; thresholds configurable and applied
 * at generation or load time, so an enterprise can change tier from quarter to quarter), and the
 * number of visits it received that quarter.
 *
 * @since 0.1.0
 */
export const EnterpriseQuarter = Records.make({
  name: "enterprise_quarter",
  title: "企业分层走访季度台账",
  file: "企业分层走访台账.csv",
  fields: {
    creditCode: Records.text("统一社会信用代码"),
    name: Records.text("企业名称"),
    quarterStart: Records.date("季度"),
    taxTrailing: Records.real("近四个季度税收(元)"),
    tier: Records.text("企业层级"),
    visits: Records.int("走访次数")
  },
  events: []
})

/** @since 0.1.0 */
export type EnterpriseQuarter = typeof EnterpriseQuarter.schema.Type

/**
 * A visit to an enterprise (走访记录), with the tier the enterprise had that quarter.
 *
 * @since 0.1.0
 */
export const EnterpriseVisit = Records.make({
  name: "enterprise_visit",
  title: "企业走访记录",
  file: "企业走访记录.csv",
  fields: {
    visitId: Records.text("走访编号"),
    creditCode: Records.text("统一社会信用代码"),
    name: Records.text("企业名称"),
    visitedOn: Records.date("走访日期"),
    tier: Records.text("企业层级"),
    form: Records.text("走访形式"),
    request: Records.textOrNull("企业诉求")
  },
  events: [],
  key: ["visitId"]
})

/** @since 0.1.0 */
export type EnterpriseVisit = typeof EnterpriseVisit.schema.Type

/**
 * An enterprise service event (“苏河之冠”品牌沙龙, 企业交享汇, 心灵加油站, 政策直通车).
 *
 * @since 0.1.0
 */
export const EnterpriseEvent = Records.make({
  name: "enterprise_event",
  title: "企业服务活动台账",
  file: "企业服务活动.csv",
  fields: {
    eventId: Records.text("活动编号"),
    kind: Records.text("活动类型"),
    title: Records.text("活动名称"),
    heldOn: Records.date("活动日期"),
    enterprises: Records.int("参与企业数"),
    attendees: Records.int("参与人数")
  },
  events: [],
  key: ["eventId"]
})

/** @since 0.1.0 */
export type EnterpriseEvent = typeof EnterpriseEvent.schema.Type

/**
 * A booking of the shared live-stream room (共享直播间预约): 已使用 used, 已取消 cancelled, 爽约 no-show.
 *
 * @since 0.1.0
 */
export const LivestreamBooking = Records.make({
  name: "livestream_booking",
  title: "共享直播间预约记录",
  file: "共享直播间预约.csv",
  fields: {
    bookingId: Records.text("预约编号"),
    creditCode: Records.text("统一社会信用代码"),
    name: Records.text("企业名称"),
    bookedAt: Records.dateTime("预约时间"),
    slotDate: Records.date("使用日期"),
    hours: Records.real("时长(小时)"),
    status: Records.text("预约状态")
  },
  events: [],
  key: ["bookingId"]
})

/** @since 0.1.0 */
export type LivestreamBooking = typeof LivestreamBooking.schema.Type

/**
 * Every record type of the economy pillar.
 *
 * @since 0.1.0
 */
export const allRecords = [Enterprise, EnterpriseQuarter, EnterpriseVisit, EnterpriseEvent, LivestreamBooking] as const
