/**
 * 党建 — party building: 四史学习 participation, 廉政月月讲 per residential committee per month,
 * union formation among enterprises with 25+ staff, 两病 screening coverage, the “红色引擎换挡工程”
 * three-year summary.
 * Importable alone as `@govplan/pillars/party`. Formula sheet: `README.md` beside this file.
 *
 * @since 0.1.0
 */
import type { Pillar } from "../Pillar.js"
import { generate } from "./generate.js"
import { bindings, kpis } from "./kpis.js"
import { allRecords } from "./records.js"

export * from "./kpis.js"
export * from "./records.js"
export { generate } from "./generate.js"

/**
 * The party pillar (number 1 of the plan).
 *
 * @since 0.1.0
 */
export const pillar: Pillar = { key: "party", number: 1, name: "党建", records: allRecords, kpis, bindings, cumulative: ["party.union.enterprise-coverage"], generate }
