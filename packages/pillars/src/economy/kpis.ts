/**
 * KPI definitions of the economy pillar (安商稳商) and their bindings to the 2022 plan.
 * Formula sheet: `src/economy/README.md`.
 *
 * @since 0.1.0
 */
import { Filter, Kpi } from "@govplan/kpi"
import type { Binding } from "../Pillar.js"
import { defaultConfig, type EconomyConfig } from "./config.js"

/**
 * The economy KPIs under a configuration.
 *
 * @since 0.1.0
 */
export const makeKpis = (config: EconomyConfig = defaultConfig): ReadonlyArray<Kpi.Definition> => {
  const served = Filter.oneOf("tier", [config.tiers.key, config.tiers.quality])
  const perQuarter = (id: string, name: string, where: Filter.Filter) =>
    Kpi.define({
      id: `economy.visits.${id}`,
      name,
      gloss: "visits per enterprise per quarter",
      record: "enterprise_quarter",
      unit: "次/家·季度",
      measure: Kpi.ratio({
        numerator: Kpi.sum({ field: "visits", time: "quarterStart", where }),
        denominator: Kpi.count({ time: "quarterStart", where })
      }),
      description: "visits received / enterprise-quarters of the tier (the tier of that quarter)"
    })
  const coverage = (id: string, name: string, where: Filter.Filter) =>
    Kpi.define({
      id: `economy.visits.${id}`,
      name,
      gloss: "share of the tier's enterprises visited at least once in the quarter",
      record: "enterprise_quarter",
      measure: Kpi.share({ time: "quarterStart", of: where, where: Filter.ge("visits", 1) })
    })
  const used = Filter.eq("status", config.booking.used)
  return [
    perQuarter("frequency", "重点企业和优质存量企业走访频次", served),
    perQuarter("key-frequency", "重点企业走访频次", Filter.eq("tier", config.tiers.key)),
    perQuarter("quality-frequency", "优质企业走访频次", Filter.eq("tier", config.tiers.quality)),
    coverage("coverage", "重点和优质企业走访覆盖率", served),
    coverage("key-coverage", "重点企业走访覆盖率", Filter.eq("tier", config.tiers.key)),
    coverage("quality-coverage", "优质企业走访覆盖率", Filter.eq("tier", config.tiers.quality)),
    Kpi.define({
      id: "economy.tiers.key-enterprises",
      name: "重点企业数",
      gloss: "key enterprises (enterprise-quarters; per quarter: the count)",
      record: "enterprise_quarter",
      unit: "家",
      measure: Kpi.count({ time: "quarterStart", where: Filter.eq("tier", config.tiers.key) })
    }),
    Kpi.define({
      id: "economy.tiers.quality-enterprises",
      name: "优质企业数",
      gloss: "quality enterprises (enterprise-quarters; per quarter: the count)",
      record: "enterprise_quarter",
      unit: "家",
      measure: Kpi.count({ time: "quarterStart", where: Filter.eq("tier", config.tiers.quality) })
    }),
    Kpi.define({
      id: "economy.visits.count",
      name: "企业走访次数",
      gloss: "enterprise visits",
      record: "enterprise_visit",
      unit: "次",
      measure: Kpi.count({ time: "visitedOn" })
    }),
    Kpi.define({
      id: "economy.conversion.converted",
      name: "未落地企业促转化数",
      gloss: "not-landed enterprises converted to operating here",
      record: "enterprise",
      unit: "家",
      measure: Kpi.count({ time: "convertedOn", where: Filter.eq("landedStatus", config.notLanded) })
    }),
    Kpi.define({
      id: "economy.conversion.rate",
      name: "未落地企业转化率",
      gloss: "share of not-landed enterprises converted (cumulative)",
      record: "enterprise",
      measure: Kpi.ratio({
        numerator: Kpi.count({ time: "convertedOn", where: Filter.eq("landedStatus", config.notLanded) }),
        denominator: Kpi.count({ time: "registeredOn", where: Filter.eq("landedStatus", config.notLanded) })
      })
    }),
    Kpi.define({
      id: "economy.salons.held",
      name: "“苏河之冠”品牌沙龙场次",
      gloss: "brand salons held",
      record: "enterprise_event",
      unit: "场",
      measure: Kpi.count({ time: "heldOn", where: Filter.eq("kind", config.salon) })
    }),
    Kpi.define({
      id: "economy.events.held",
      name: "企业服务活动场次",
      gloss: "enterprise service events held",
      record: "enterprise_event",
      unit: "场",
      measure: Kpi.count({ time: "heldOn" })
    }),
    Kpi.define({
      id: "economy.livestream.bookings",
      name: "共享直播间预约次数",
      gloss: "shared live-stream room bookings (not cancelled)",
      record: "livestream_booking",
      unit: "次",
      measure: Kpi.count({ time: "slotDate", where: Filter.ne("status", config.booking.cancelled) })
    }),
    Kpi.define({
      id: "economy.livestream.hours",
      name: "共享直播间使用时长",
      gloss: "hours the shared live-stream room was used",
      record: "livestream_booking",
      unit: "小时",
      measure: Kpi.sum({ field: "hours", time: "slotDate", where: used })
    }),
    Kpi.define({
      id: "economy.livestream.show-rate",
      name: "共享直播间履约率",
      gloss: "bookings used / bookings not cancelled",
      record: "livestream_booking",
      measure: Kpi.ratio({
        numerator: Kpi.count({ time: "slotDate", where: used }),
        denominator: Kpi.count({ time: "slotDate", where: Filter.ne("status", config.booking.cancelled) })
      })
    }),
    Kpi.define({
      id: "economy.livestream.beneficiaries",
      name: "惠企服务受益企业数(共享直播间)",
      gloss: "enterprises that used the shared live-stream room",
      record: "livestream_booking",
      unit: "家",
      measure: Kpi.countDistinct({ field: "creditCode", time: "slotDate", where: used })
    })
  ]
}

/**
 * The economy KPIs under the plan's thresholds.
 *
 * @since 0.1.0
 */
export const kpis: ReadonlyArray<Kpi.Definition> = makeKpis()

/**
 * 重点企业和优质存量企业走访频次 with the plan's tax thresholds: visits / enterprise-quarters whose
 * 近四个季度税收 reaches the key (500万) or the quality (60万) threshold. The same as the pillar's
 * `economy.visits.frequency` (which reads the 企业分类 column) when the ledger's tiers follow them.
 */
const visitFrequency = (key: number, quality: number): Kpi.Definition => {
  const where = Filter.or(Filter.ge("taxTrailing", key), Filter.ge("taxTrailing", quality))
  return Kpi.define({
    id: "economy.visits.frequency",
    name: "重点企业和优质存量企业走访频次",
    gloss: "visits per enterprise per quarter",
    record: "enterprise_quarter",
    unit: "次/家·季度",
    measure: Kpi.ratio({
      numerator: Kpi.sum({ field: "visits", time: "quarterStart", where }),
      denominator: Kpi.count({ time: "quarterStart", where })
    }),
    description: `visits received / enterprise-quarters with trailing tax ≥ ${key} (key) or ≥ ${quality} (quality)`
  })
}

/**
 * Which KPI serves which indicator of the 2022 plan.
 *
 * @since 0.1.0
 */
export const bindings: ReadonlyArray<Binding> = [
  {
    indicatorId: "economy.enterprise-visits.frequency",
    kpiId: "economy.visits.frequency",
    record: "enterprise_quarter",
    aggregation: "pooled",
    grain: "quarter",
    // the plan's 500万 / 60万 (keyTaxThreshold, qualityTaxThreshold), the pillar config's by default
    withParameters: (p) => visitFrequency(p.keyTaxThreshold ?? defaultConfig.thresholds.key, p.qualityTaxThreshold ?? defaultConfig.thresholds.quality)
  },
  { indicatorId: "economy.enterprise-services.beneficiaries", kpiId: "economy.livestream.beneficiaries", record: "livestream_booking", aggregation: "sum" }
]
