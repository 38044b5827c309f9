/**
 * 社区事业 — community affairs (culture, education, sports, civilisation): the 非遗在社区 events,
 * science outreach, sports equipment, the minors' protection station and the civilisation-creation
 * assessment. Importable alone as `@govplan/pillars/culture`. Formula sheet: `README.md` beside
 * this file.
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
 * The culture pillar (number 6 of the plan).
 *
 * @since 0.1.0
 */
export const pillar: Pillar = { key: "culture", number: 6, name: "社区事业", records, kpis, bindings, generate }
