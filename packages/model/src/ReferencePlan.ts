/**
 * The reference plan: the 2022 work plan of Changshou Road Subdistrict
 * (普陀区长寿路街道2022年工作计划), encoded against the `Plan.WorkPlan` schema.
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
import { type Indicator, indicators, WorkPlan } from "./Plan.js"

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

/**
 * The ids of the reference plan's indicators, in document order. KPI
 * definitions bind to these; typing the binding as {@link IndicatorId} turns a
 * misspelt id into a compile error. (A test keeps this list equal to the seed.)
 *
 * @since 0.1.0
 */
export const indicatorIds = [
  // 1 party
  "party.red-engine.three-year-summary",
  "party.integrity.monthly-talks-coverage",
  "party.union.enterprise-coverage",
  // 2 economy
  "economy.enterprise-visits.frequency",
  "economy.enterprise-services.beneficiaries",
  // 3 urban
  "urban.construction.tianan-qianshu-east",
  "urban.construction.xinhu-mingzhu-3.b1-b2-fit-out",
  "urban.construction.xinhu-mingzhu-3.b3-b4-facade",
  "urban.construction.heli-fang-4.completion-certificate",
  "urban.construction.jinxiuli-north",
  "urban.construction.hongshoufang-d5-1",
  "urban.waste.daily-clearance-rate",
  "urban.yongding-xincun.renovation-phase-2",
  "urban.wuning-road-200-14.relocation-signing",
  "urban.e-licence.retrieval-rate",
  "urban.hotline.first-contact-rate",
  "urban.hotline.completion-rate",
  "urban.hotline.on-time-closure-rate",
  "urban.hotline.unfounded-rate",
  "urban.hotline.actual-resolution-rate",
  "urban.hotline.satisfaction-rate",
  "urban.surveillance.usage-rate",
  // 4 governance
  "governance.owners-committees.formed-or-renewed",
  "governance.venture.funded",
  // 5 livelihood
  "livelihood.putuo-yicun.signing-rate",
  "livelihood.yingong.expropriation-close-out",
  "livelihood.heli-fang.relocation-close-out",
  "livelihood.block-132.close-out",
  "livelihood.time-bank.pilots",
  // 6 culture
  "culture.intangible-heritage.events",
  "culture.sports-facilities.working-rate",
  "culture.science.participation-rate",
  "culture.minors-protection-station",
  "culture.festival.participants",
  "culture.civilization.compliance-rate",
  // 7 safety
  "safety.ping-an.responsibility-letters",
  "safety.ping-an.rectification-rate",
  "safety.production.annual-conference",
  "safety.production.responsibility-letters",
  "safety.production.six-small-pledges",
  "safety.petitions.evaluation-participation-rate",
  "safety.petitions.satisfaction-rate",
  "safety.petitions.thursday-reception",
  "safety.petitions.monthly-dispute-review",
  "safety.petitions.first-petition-local-resolution-rate",
  "safety.mediation.pioneered-mechanism"
] as const

/**
 * An id of one of the reference plan's indicators.
 *
 * @since 0.1.0
 */
export type IndicatorId = (typeof indicatorIds)[number]

const byId: ReadonlyMap<string, Indicator> = new Map(indicators(changshouRoad2022).map(({ indicator }) => [indicator.id, indicator]))

/**
 * The reference plan's indicator with this id.
 *
 * @example
 * ```ts
 * import { ReferencePlan } from "@govplan/model"
 *
 * const unfounded = ReferencePlan.indicator("urban.hotline.unfounded-rate")
 * unfounded.target // { _tag: "Threshold", comparator: "<", value: 0.3 }
 * ```
 *
 * @since 0.1.0
 */
export const indicator = (id: IndicatorId): Indicator => {
  const found = byId.get(id)
  // Unreachable while the test that pins indicatorIds to the seed passes.
  if (found === undefined) throw new Error(`the reference plan has no indicator ${JSON.stringify(id)}`)
  return found
}
