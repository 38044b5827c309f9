/**
 * 社区治理 — community governance: owners' committees formed and re-elected, self-governance
 * projects, certified social workers and the public-benefit venture fair.
 * Importable alone as `@govplan/pillars/governance`. Formula sheet: `README.md` beside this file.
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
 * The governance pillar (number 4 of the plan).
 *
 * @since 0.1.0
 */
export const pillar: Pillar = { key: "governance", number: 4, name: "社区治理", records, kpis, bindings, generate }
