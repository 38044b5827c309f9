/**
 * The reference plan: the 2022 work plan of Changshou Road Subdistrict
 * (普陀区长寿路街道2022年工作计划), encoded against the {@link WorkPlan} schema.
 *
 * The data lives in `seeds/changshou-road-2022.plan.json` and is decoded with
 * the schema when this module is first imported, so a bad edit to the seed
 * fails loudly, with the path of the offending field. The source text it was
 * encoded from is `seeds/changshou-road-2022-work-plan.txt`; every measure's
 * text and every indicator's quote is a verbatim substring of it.
 *
 * @since 0.1.0
 */
import { Schema } from "effect"
import data from "../../../seeds/changshou-road-2022.plan.json"
import { WorkPlan } from "./Plan.js"

/**
 * Where the reference plan's text came from.
 *
 * @since 0.1.0
 */
export interface SourceText {
  /** The file in the repository's `seeds/` folder holding the text, as published. */
  readonly file: string
  /** The publisher as printed in the text's header ("来源: 上海普陀"). */
  readonly publisher: string
  /** The publication date printed in the header (2022年06月10日), as a civil date. */
  readonly published: string
  /** The title as printed. */
  readonly title: string
}

/**
 * The source of {@link changshouRoad2022}.
 *
 * @since 0.1.0
 */
export const sourceText: SourceText = {
  file: "seeds/changshou-road-2022-work-plan.txt",
  publisher: "上海普陀",
  published: "2022-06-10",
  title: "普陀区长寿路街道2022年工作计划"
}

/**
 * The 2022 work plan of 长寿路街道 (Changshou Road Subdistrict, Putuo District,
 * Shanghai): 7 pillars, 20 sections, every measure, and every quantified or
 * dated target as an indicator with a machine-readable target. Indicator ids
 * (`"urban.hotline.first-contact-rate"`, `"culture.intangible-heritage.events"`, …)
 * are stable: KPI definitions and reports bind to them.
 *
 * @example
 * ```ts
 * import { Plan, ReferencePlan } from "@govplan/model"
 *
 * const plan = ReferencePlan.changshouRoad2022
 * Plan.counts(plan) // { pillars: 7, sections: 20, measures: 104, indicators: 43 }
 *
 * const hotline = Plan.indicators(plan)
 *   .map(({ indicator }) => indicator)
 *   .find((x) => x.id === "urban.hotline.first-contact-rate")
 * // hotline?.target: { _tag: "Threshold", comparator: ">=", value: 1 }
 * ```
 *
 * @since 0.1.0
 */
export const changshouRoad2022: WorkPlan = Schema.decodeUnknownSync(WorkPlan)(data)
