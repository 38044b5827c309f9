/**
 * 民生 — livelihood: expropriation signing per parcel and the close-outs, employment assistance,
 * social assistance online, elderly meals and the time bank.
 * Importable alone as `@govplan/pillars/livelihood`. Formula sheet: `README.md` beside this file.
 *
 * @since 0.1.0
 */
import type { Pillar } from "../Pillar.js"
import { generate } from "./generate.js"
import { bindings, kpis } from "./kpis.js"
import { records } from "./records.js"

export * from "./kpis.js"
export * from "./records.js"
export { generate } from "./generate.js"

/**
 * The livelihood pillar (number 5 of the plan).
 *
 * @since 0.1.0
 */
export const pillar: Pillar = { key: "livelihood", number: 5, name: "民生", records, kpis, bindings, generate }
