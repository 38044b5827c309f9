/**
 * 城区 — urban management: the 12345 hotline set, construction milestones, 日产日清 waste
 * clearance, renovation signing, monitoring-device usage and e-licence retrieval.
 * Importable alone as `@govplan/pillars/urban`. Formula sheet: `README.md` beside this file.
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
export { generate, hotlineOrders } from "./generate.js"

/**
 * The urban pillar (number 3 of the plan).
 *
 * @since 0.1.0
 */
export const pillar: Pillar = { key: "urban", number: 3, name: "城区", records: allRecords, kpis, bindings, cumulative: ["urban.renovation.signing-rate", "urban.renovation.moved-out-rate"], generate: (ctx) => generate(ctx) }
