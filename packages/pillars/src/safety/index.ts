/**
 * 平安 — safety: responsibility letters, "六小" pledges, hazard rectification, drills, the work-safety
 * conference, petitions (参评率, 满意率, 初信初访就地解决), Thursday receptions and monthly dispute
 * reviews. Importable alone as `@govplan/pillars/safety`. Formula sheet: `README.md` beside this file.
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
 * The safety pillar (number 7 of the plan).
 *
 * @since 0.1.0
 */
export const pillar: Pillar = { key: "safety", number: 7, name: "平安", records, kpis, bindings, generate }
