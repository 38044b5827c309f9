/**
 * KPI definitions of the urban pillar (城区), written in the KPI language, and their bindings to
 * the indicators of the 2022 plan. The formula sheet is `src/urban/README.md`.
 *
 * @since 0.1.0
 */
import { Filter, Kpi } from "@govplan/kpi"
import { addWorkingDays } from "../internal/time.js"
import type { Binding } from "../Pillar.js"
import { defaultConfig, type UrbanConfig } from "./config.js"

/**
 * The construction and renovation milestones the plan names, with the indicator each serves.
 * `projectId` and `milestone` are the codes of the milestone ledger (`project_milestone`).
 *
 * @since 0.1.0
 */
export const MILESTONES = [
  { indicatorId: "urban.construction.tianan-qianshu-east", projectId: "TAQS-E", project: "天安·千树东地块", milestone: "地上主体结构施工", plannedOn: "2022-12-31" },
  { indicatorId: "urban.construction.xinhu-mingzhu-3.b1-b2-fit-out", projectId: "XHMZ-3-B12", project: "新湖明珠城三期B1、B2号楼", milestone: "室内精装修", plannedOn: "2022-12-31" },
  { indicatorId: "urban.construction.xinhu-mingzhu-3.b3-b4-facade", projectId: "XHMZ-3-B34", project: "新湖明珠城三期B3、B4号楼", milestone: "外墙施工", plannedOn: "2022-12-31" },
  { indicatorId: "urban.construction.heli-fang-4.completion-certificate", projectId: "HLF-4", project: "合利坊四期商品住宅", milestone: "取得竣工验收合格证书", plannedOn: "2022-03-31" },
  { indicatorId: "urban.construction.jinxiuli-north", projectId: "JXL-N", project: "锦绣里北块商办楼", milestone: "地上主体结构施工", plannedOn: "2022-12-31" },
  { indicatorId: "urban.construction.hongshoufang-d5-1", projectId: "CS-D5-1", project: "长寿社区D5-1商办楼(鸿寿坊)", milestone: "地上主体结构施工", plannedOn: "2022-12-31" },
  { indicatorId: "urban.yongding-xincun.renovation-phase-2", projectId: "YDXC-55", project: "永定新村东新支路55弄综合整治", milestone: "第二阶段完成", plannedOn: "2022-12-31" },
  { indicatorId: "urban.wuning-road-200-14.relocation-signing", projectId: "WNL-200-14", project: "武宁路200弄14号成套改造", milestone: "签约外搬完成", plannedOn: "2022-12-31" }
] as const

/**
 * The due time of a hotline order: the end (`23:59:59`) of the `limit`-th working day after the day
 * it was accepted, on the official calendar (`@govplan/model`'s `WorkCalendar`, State Council notices). The limit is the category's, or the
 * complex-matter limit when the order is an approved 疑难件.
 *
 * @example
 * ```ts
 * import { Urban } from "@govplan/pillars"
 *
 * Urban.dueAt("2022-09-30 10:00:00", "投诉", "否")
 * // { limitDays: 5, dueAt: "2022-10-12 23:59:59" } (National Day week is off, 10-08 and 10-09 are 调休 working days)
 * ```
 *
 * @since 0.1.0
 */
export const dueAt = (
  acceptedAt: string,
  category: string,
  complex: string,
  config: UrbanConfig = defaultConfig
): { readonly limitDays: number; readonly dueAt: string } => {
  const h = config.hotline
  const limitDays = complex === h.complexYes ? h.complexLimit : h.limits[category] ?? h.defaultLimit
  const day = addWorkingDays(acceptedAt.slice(0, 10), limitDays)
  return { limitDays, dueAt: `${day} 23:59:59` }
}

/**
 * The urban KPIs under a configuration.
 *
 * @since 0.1.0
 */
export const makeKpis = (config: UrbanConfig = defaultConfig): ReadonlyArray<Kpi.Definition> => {
  const h = config.hotline
  const closed = Filter.isNotNull("closedAt")
  const rated = Filter.oneOf("rating", Object.keys(h.ratingWeights))
  const hotline = (id: string, name: string, gloss: string, measure: Kpi.Measure, description?: string) =>
    Kpi.define({ id: `urban.hotline.${id}`, name, gloss, record: "hotline_order", measure, description })
  return [
    hotline("intake", "受理量", "orders accepted", Kpi.count({ time: "acceptedAt" })),
    hotline("closures", "结案量", "orders closed", Kpi.count({ time: "closedAt", where: closed })),
    hotline(
      "first-contact-rate",
      "先行联系率",
      "first-contact rate",
      Kpi.ratio({
        numerator: Kpi.count({ time: "acceptedAt", where: Filter.eq("firstContact", h.firstContact.yes) }),
        denominator: Kpi.count({ time: "acceptedAt", where: Filter.oneOf("firstContact", [h.firstContact.yes, h.firstContact.no]) })
      }),
      "orders contacted first / orders whose first contact was evaluated (yes or no), by acceptance time"
    ),
    hotline(
      "completion-rate",
      "办结率",
      "completion rate",
      Kpi.share({ time: "dueAt", where: closed }),
      "orders due in the period that are closed / orders due in the period"
    ),
    hotline(
      "on-time-closure-rate",
      "按时结案率",
      "on-time closure rate",
      Kpi.share({ time: "dueAt", where: Filter.fieldLe("closedAt", "dueAt") }),
      "orders due in the period closed by their due time / orders due in the period"
    ),
    hotline(
      "unfounded-rate",
      "不属实率",
      "unfounded rate",
      Kpi.ratio({
        numerator: Kpi.count({ time: "closedAt", where: Filter.eq("verification", h.notFactual) }),
        denominator: Kpi.count({ time: "closedAt", where: closed })
      }),
      "orders closed in the period verified as not factual / orders closed in the period"
    ),
    hotline(
      "actual-resolution-rate",
      "实际解决率",
      "actual resolution rate",
      Kpi.ratio({
        numerator: Kpi.count({ time: "closedAt", where: Filter.eq("closure", h.closure.resolved) }),
        denominator: Kpi.count({ time: "closedAt", where: Filter.oneOf("closure", [h.closure.resolved, h.closure.explained]) })
      }),
      "closed as 实际解决 / closed as 实际解决 or 解释说明, by closing time"
    ),
    hotline(
      "satisfaction-rate",
      "满意率",
      "satisfaction rate (weighted)",
      Kpi.weightedMean({ field: "rating", weights: h.ratingWeights, time: "closedAt" }),
      "weighted mean of the ratings of orders closed in the period (满意 1, 基本满意 0.8, 一般 0.6, 不满意 0); unrated orders excluded"
    ),
    hotline(
      "satisfied-share",
      "满意率(满意+基本满意占比)",
      "satisfied share",
      Kpi.ratio({
        numerator: Kpi.count({ time: "closedAt", where: Filter.oneOf("rating", h.satisfied) }),
        denominator: Kpi.count({ time: "closedAt", where: rated })
      }),
      "(满意 + 基本满意) / rated orders closed in the period"
    ),
    hotline(
      "rating-coverage",
      "参评率",
      "share of closed orders rated",
      Kpi.ratio({
        numerator: Kpi.count({ time: "closedAt", where: rated }),
        denominator: Kpi.count({ time: "closedAt", where: closed })
      })
    ),
    hotline(
      "return-rate",
      "退单率",
      "share of orders returned at least once",
      Kpi.share({ time: "acceptedAt", where: Filter.ge("returns", 1) })
    ),
    Kpi.define({
      id: "urban.construction.on-schedule-rate",
      name: "建设项目节点按期完成率",
      gloss: "milestones reached by their planned date",
      record: "project_milestone",
      measure: Kpi.share({ time: "plannedOn", where: Filter.fieldLe("achievedOn", "plannedOn") }),
      description: "milestones planned in the period reached by their planned date / milestones planned in the period"
    }),
    Kpi.define({
      id: "urban.construction.late",
      name: "建设项目节点滞后数",
      gloss: "milestones late (past their planned date and not reached by it)",
      record: "project_milestone",
      measure: Kpi.count({ time: "plannedOn", where: Filter.not(Filter.fieldLe("achievedOn", "plannedOn")) })
    }),
    ...MILESTONES.map((m) =>
      Kpi.define({
        id: `urban.milestone.${m.projectId.toLowerCase()}`,
        name: `${m.project}${m.milestone}`,
        gloss: "date the milestone was reached",
        record: "project_milestone",
        measure: Kpi.max({
          field: "achievedOn",
          time: "achievedOn",
          where: Filter.and(Filter.eq("projectId", m.projectId), Filter.eq("milestone", m.milestone))
        })
      })
    ),
    Kpi.define({
      id: "urban.waste.daily-clearance-rate",
      name: "湿垃圾和干垃圾日产日清率",
      gloss: "waste cleared the day it is produced",
      record: "waste_clearance",
      measure: Kpi.share({ time: "day", where: Filter.eq("clearedSameDay", config.yes) }),
      description: "committee-days-streams cleared the same day / committee-days-streams reported"
    }),
    Kpi.define({
      id: "urban.waste.tonnes",
      name: "生活垃圾产生量",
      gloss: "waste produced (tonnes)",
      record: "waste_clearance",
      unit: "吨",
      measure: Kpi.sum({ field: "tonnes", time: "day" })
    }),
    Kpi.define({
      id: "urban.renovation.signing-rate",
      name: "旧住房成套改造签约率",
      gloss: "renovation signing progress",
      record: "renovation_household",
      measure: Kpi.ratio({
        numerator: Kpi.count({ time: "signedOn" }),
        denominator: Kpi.count({ time: "listedOn" })
      }),
      description: "households signed by the as-of date / households listed by the as-of date (cumulative)"
    }),
    Kpi.define({
      id: "urban.renovation.moved-out-rate",
      name: "旧住房成套改造外搬率",
      gloss: "renovation move-out progress",
      record: "renovation_household",
      measure: Kpi.ratio({
        numerator: Kpi.count({ time: "movedOutOn" }),
        denominator: Kpi.count({ time: "listedOn" })
      })
    }),
    Kpi.define({
      id: "urban.surveillance.usage-rate",
      name: "垃圾分类、垃圾偷倒等监控设备使用率",
      gloss: "monitoring devices used",
      record: "device_month",
      measure: Kpi.share({ time: "month", where: Filter.eq("used", config.yes) }),
      description: "device-months in which the device's footage or alerts were used / device-months installed"
    }),
    Kpi.define({
      id: "urban.e-licence.retrieval-rate",
      name: "电子证照应调必调率",
      gloss: "electronic licences retrieved where required",
      record: "licence_case",
      measure: Kpi.share({ time: "acceptedAt", of: Filter.eq("licenceRequired", config.yes), where: Filter.eq("licenceRetrieved", config.yes) })
    })
  ]
}

/**
 * The urban KPIs under Shanghai practice ({@link defaultConfig}).
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
  ...["first-contact-rate", "completion-rate", "on-time-closure-rate", "unfounded-rate", "actual-resolution-rate", "satisfaction-rate"].map(
    (k): Binding => ({ indicatorId: `urban.hotline.${k}`, kpiId: `urban.hotline.${k}`, record: "hotline_order" })
  ),
  ...MILESTONES.map((m): Binding => ({
    indicatorId: m.indicatorId,
    kpiId: `urban.milestone.${m.projectId.toLowerCase()}`,
    record: "project_milestone",
    milestone: true,
    window: "toDate"
  })),
  { indicatorId: "urban.waste.daily-clearance-rate", kpiId: "urban.waste.daily-clearance-rate", record: "waste_clearance" },
  { indicatorId: "urban.surveillance.usage-rate", kpiId: "urban.surveillance.usage-rate", record: "device_month" },
  { indicatorId: "urban.e-licence.retrieval-rate", kpiId: "urban.e-licence.retrieval-rate", record: "licence_case" }
]
