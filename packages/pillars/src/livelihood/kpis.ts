/**
 * KPI definitions of the livelihood pillar (民生), written in the KPI language, and their bindings to
 * the indicators of the 2022 plan. The formula sheet is `src/livelihood/README.md`.
 *
 * @since 0.1.0
 */
import { Filter, Kpi } from "@govplan/kpi"
import type { Binding } from "../Pillar.js"

/**
 * The expropriation parcels the plan names, with the ledger's parcel name and a short id.
 *
 * @since 0.1.0
 */
export const PARCELS = [
  { id: "putuo-yicun", parcel: "普陀一村" },
  { id: "yingong", parcel: "轨交14号线东新路站出口(银宫商厦)" },
  { id: "heli-fang", parcel: "合利坊" },
  { id: "block-132", parcel: "132街坊" },
  { id: "shaanxi-north-road", parcel: "陕西北路(安远路—新会路)" }
] as const

/**
 * The close-out milestones the plan sets for 2022, with the indicator each serves.
 *
 * @since 0.1.0
 */
export const MILESTONES = [
  { indicatorId: "livelihood.yingong.expropriation-close-out", projectId: "YG-14", parcel: "轨交14号线东新路站出口(银宫商厦)", milestone: "征收收尾完成" },
  { indicatorId: "livelihood.heli-fang.relocation-close-out", projectId: "HLF-DQ", parcel: "合利坊", milestone: "动迁收尾完成" },
  { indicatorId: "livelihood.block-132.close-out", projectId: "JF-132", parcel: "132街坊", milestone: "收尾平地完成" }
] as const

/**
 * The codes the livelihood records use.
 *
 * @since 0.1.0
 */
export const codes = {
  /** 受理渠道 values that are online (线上办理); 线上 is what older records carry. */
  onlineChannels: ["一网通办", "随申办", "线上"],
  approved: "批准",
  withdrawn: "撤回",
  hardToEmploy: "就业困难人员",
  reviewed: "已审核",
  pilotLeft: "已退出"
} as const

const live = (id: string, name: string, gloss: string, record: string, measure: Kpi.Measure, description: string, unit?: string) =>
  Kpi.define({ id: `livelihood.${id}`, name, gloss, record, measure, description, unit })

const signingRate = (where?: Filter.Filter) =>
  Kpi.ratio({
    numerator: Kpi.count({ time: "signedOn", where }),
    denominator: Kpi.count({ time: "listedOn", where })
  })

/**
 * The livelihood KPIs.
 *
 * @since 0.1.0
 */
export const kpis: ReadonlyArray<Kpi.Definition> = [
  live(
    "expropriation.signing-rate",
    "旧改征收签约率",
    "expropriation signing rate (group by parcel for each parcel's)",
    "expropriation_household",
    signingRate(),
    "households signed by the as-of date / households listed by the as-of date (cumulative: evaluate to date); evaluate with by: [\"parcel\"] for each parcel"
  ),
  ...PARCELS.map((p) =>
    live(
      `${p.id}.signing-rate`,
      `${p.parcel}旧改征收签约率`,
      `expropriation signing rate, ${p.id}`,
      "expropriation_household",
      signingRate(Filter.eq("parcel", p.parcel)),
      `households of ${p.parcel} signed by the as-of date / households of ${p.parcel} listed by the as-of date (cumulative)`
    )
  ),
  live(
    "putuo-yicun.moved-out-rate",
    "普陀一村旧改征收搬迁率",
    "share of Putuo Yicun households moved out",
    "expropriation_household",
    Kpi.ratio({
      numerator: Kpi.count({ time: "movedOutOn", where: Filter.eq("parcel", "普陀一村") }),
      denominator: Kpi.count({ time: "listedOn", where: Filter.eq("parcel", "普陀一村") })
    }),
    "supporting KPI: households of 普陀一村 moved out by the as-of date / households listed (cumulative)"
  ),
  ...MILESTONES.map((m) =>
    live(
      `milestone.${m.projectId.toLowerCase()}`,
      `${m.parcel}${m.milestone}`,
      "date the close-out was reached",
      "expropriation_milestone",
      Kpi.max({ field: "achievedOn", time: "achievedOn", where: Filter.and(Filter.eq("projectId", m.projectId), Filter.eq("milestone", m.milestone)) }),
      "the date in 实际完成日期 of the project's close-out milestone; no data until it is reached"
    )
  ),
  live(
    "employment.placed",
    "就业援助对象实现就业人数",
    "assisted job seekers placed in work",
    "employment_case",
    Kpi.count({ time: "placedOn" }),
    "supporting KPI: registered job seekers placed, by placement date",
    "人"
  ),
  live(
    "employment.hard-to-employ-placed",
    "就业困难人员实现就业人数",
    "hard-to-employ persons placed in work",
    "employment_case",
    Kpi.count({ time: "placedOn", where: Filter.eq("category", codes.hardToEmploy) }),
    "supporting KPI: 就业困难人员 placed, by placement date",
    "人"
  ),
  live(
    "employment.placement-rate",
    "就业援助对象就业率",
    "share of job seekers registered in the period who were placed",
    "employment_case",
    Kpi.share({ time: "registeredOn", where: Filter.isNotNull("placedOn") }),
    "supporting KPI: of the persons registered in the period, those placed by the as-of date / persons registered in the period"
  ),
  live(
    "employment.services-per-case",
    "就业援助人均服务次数",
    "services per person registered",
    "employment_case",
    Kpi.derive({
      inputs: { services: Kpi.sum({ field: "services", time: "registeredOn" }), cases: Kpi.count({ time: "registeredOn" }) },
      expr: Kpi.div(Kpi.ref("services"), Kpi.ref("cases"))
    }),
    "supporting KPI: services recorded for the persons registered in the period / persons registered in the period",
    "次"
  ),
  live(
    "assistance.online-share",
    "“救助一件事”线上办理率",
    "share of assistance applications made online",
    "assistance_application",
    Kpi.share({ time: "appliedAt", where: Filter.oneOf("channel", codes.onlineChannels) }),
    "supporting KPI: applications received through 一网通办 / 随申办 (or marked 线上) / all applications, by application time; withdrawn applications count (the channel was used)"
  ),
  live(
    "assistance.approved",
    "社会救助批准件数",
    "assistance applications approved",
    "assistance_application",
    Kpi.count({ time: "decidedOn", where: Filter.eq("decision", codes.approved) }),
    "supporting KPI: applications approved, by decision date",
    "件"
  ),
  live(
    "meals.served",
    "为老助餐供餐份数",
    "elderly meals served",
    "meal_service_day",
    Kpi.sum({ field: "meals", time: "day" }),
    "supporting KPI: sum of 合计份数 (dine-in + delivered) of the site-days reported",
    "份"
  ),
  live(
    "meals.delivered-share",
    "为老助餐送餐占比",
    "share of elderly meals delivered to the home",
    "meal_service_day",
    Kpi.ratio({
      numerator: Kpi.sum({ field: "delivered", time: "day" }),
      denominator: Kpi.sum({ field: "meals", time: "day" })
    }),
    "supporting KPI: meals delivered / meals served"
  ),
  live(
    "time-bank.pilots",
    "“时间银行”试点数",
    "time-bank pilot sites",
    "time_bank_pilot",
    Kpi.countDistinct({ field: "committee", time: "joinedOn", where: Filter.ne("status", codes.pilotLeft) }),
    "distinct committees that joined the pilot by the as-of date and have not left it (cumulative: evaluate to date)",
    "个"
  ),
  live(
    "time-bank.hours",
    "“时间银行”存储服务时长",
    "time-bank hours banked",
    "time_bank_service",
    Kpi.sum({ field: "hours", time: "servedOn", where: Filter.eq("review", codes.reviewed) }),
    "supporting KPI: hours of approved services (审核状态 = 已审核), by service date",
    "小时"
  ),
  live(
    "time-bank.volunteers",
    "“时间银行”服务志愿者人数",
    "time-bank volunteers who served",
    "time_bank_service",
    Kpi.countDistinct({ field: "volunteerId", time: "servedOn", where: Filter.eq("review", codes.reviewed) }),
    "supporting KPI: distinct volunteers with an approved service in the period",
    "人"
  ),
  live(
    "time-bank.recipients",
    "“时间银行”服务老人数",
    "older residents served by the time bank",
    "time_bank_service",
    Kpi.countDistinct({ field: "recipientId", time: "servedOn", where: Filter.eq("review", codes.reviewed) }),
    "supporting KPI: distinct older residents with an approved service in the period",
    "人"
  )
]

/**
 * Which KPI serves which indicator of the 2022 plan.
 *
 * @since 0.1.0
 */
export const bindings: ReadonlyArray<Binding> = [
  { indicatorId: "livelihood.putuo-yicun.signing-rate", kpiId: "livelihood.putuo-yicun.signing-rate", record: "expropriation_household", window: "toDate" },
  ...MILESTONES.map((m): Binding => ({
    indicatorId: m.indicatorId,
    kpiId: `livelihood.milestone.${m.projectId.toLowerCase()}`,
    record: "expropriation_milestone",
    milestone: true,
    window: "toDate"
  })),
  { indicatorId: "livelihood.time-bank.pilots", kpiId: "livelihood.time-bank.pilots", record: "time_bank_pilot", window: "toDate", grain: "year" }
]
