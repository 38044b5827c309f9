/**
 * 疫情防控与安商稳商 — business services: enterprise tiers by tax, visits per enterprise per quarter
 * by tier and tier coverage, 未落地企业 conversions, salons and shared live-stream room bookings.
 * Importable alone as `@govplan/pillars/economy`. Formula sheet: `README.md` beside this file.
 *
 * @since 0.1.0
 */
import type { Pillar } from "../Pillar.js"
import { generate } from "./generate.js"
import { bindings, kpis } from "./kpis.js"
import { allRecords } from "./records.js"

export * from "./config.js"
export * from "./kpis.js"
export * from "./records.js"
export { generate } from "./generate.js"

/**
 * The economy pillar (number 2 of the plan).
 *
 * @since 0.1.0
 */
export const pillar: Pillar = { key: "economy", number: 2, name: "安商稳商", records: allRecords, kpis, bindings, cumulative: ["economy.conversion.rate"], generate }
