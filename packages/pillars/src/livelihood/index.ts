/**
 * 民生 — livelihood: expropriation signing per parcel and the close-outs, employment assistance,
 * social assistance online, elderly meals and the time bank.
 * Importable alone as `@govplan/pillars/livelihood`. Formula sheet: `README.md` beside this file.
 *
 * @since 0.1.0
 */
import type { Pillar } from "../Pillar.js"
import { generate } from "./generate.js"
import { bindings, kpis, PARCELS } from "./kpis.js"
import { records } from "./records.js"

export * from "./kpis.js"
export * from "./records.js"
export { generate } from "./generate.js"

/**
 * The livelihood pillar (number 5 of the plan).
 *
 * @since 0.1.0
 */
export const pillar: Pillar = {
  key: "livelihood",
  number: 5,
  name: "民生",
  records,
  kpis,
  bindings,
  // stocks built up since each parcel's decision and each pilot's start: evaluated to the as-of date
  cumulative: [
    "livelihood.expropriation.signing-rate",
    ...PARCELS.map((p) => `livelihood.${p.id}.signing-rate`),
    "livelihood.putuo-yicun.moved-out-rate",
    "livelihood.time-bank.pilots"
  ],
  generate
}
