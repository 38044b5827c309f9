/**
 * The shape of a government work plan (工作计划): a plan has seven pillars
 * (the numbered 一、…七、 parts), each pillar has sections (the paragraphs that
 * open with a bold phrase), each section has measures (the concrete actions)
 * and indicators (every quantified or dated target, with a machine-readable
 * {@link Target}).
 *
 * Decoding untrusted JSON with {@link decodePlan} fails with errors that name
 * the path, e.g. `pillars[2].sections[0].indicators[3].target`.
 *
 * @since 0.1.0
 */
import { Effect, Either, ParseResult, Schema } from "effect"
import * as Civil from "./Civil.js"
import { Grain } from "./Period.js"

const NonEmpty = Schema.String.pipe(Schema.nonEmptyString({ message: () => "expected a non-empty string" }))

/**
 * An identifier: lower-case ASCII words joined by `.`, `-` or `_`, e.g.
 * `"p3.hotline.first-contact-rate"`.
 *
 * @since 0.1.0
 */
export const Id = Schema.String.pipe(
  Schema.pattern(/^[a-z0-9]+(?:[._-][a-z0-9]+)*$/, {
    message: (issue) => `expected an id of lower-case ASCII words joined by ".", "-" or "_", got ${JSON.stringify(issue.actual)}`
  })
)

/**
 * What an indicator measures.
 * - `rate`: a ratio of two counts (先行联系率); values are fractions, 1 = 100%.
 * - `count`: a number of things (12 场 events, 16 家 业委会).
 * - `amount`: a quantity in a unit (tax in CNY, hours).
 * - `milestone`: a dated event (an acceptance certificate by the end of Q1).
 * - `trend`: a value judged against a baseline (better than last year).
 * - `qualitative`: a target stated in words only (高比例签约); never given an invented number.
 *
 * @since 0.1.0
 */
export const IndicatorKind = Schema.Literal("rate", "count", "amount", "milestone", "trend", "qualitative")

/** @since 0.1.0 */
export type IndicatorKind = typeof IndicatorKind.Type

/**
 * Which way is better: higher, lower, or inside a band `[min, max]`.
 *
 * @since 0.1.0
 */
export const Direction = Schema.Union(
  Schema.TaggedStruct("HigherIsBetter", {}),
  Schema.TaggedStruct("LowerIsBetter", {}),
  Schema.TaggedStruct("Band", { min: Schema.Number, max: Schema.Number }).pipe(
    Schema.filter((b) => b.min <= b.max || `a band's min (${b.min}) must not exceed its max (${b.max})`)
  )
)

/** @since 0.1.0 */
export type Direction = typeof Direction.Type

/**
 * A comparison operator of a threshold target.
 *
 * @since 0.1.0
 */
export const Comparator = Schema.Literal(">=", ">", "<=", "<", "=")

/** @since 0.1.0 */
export type Comparator = typeof Comparator.Type

/**
 * A target.
 * - `Threshold`: value compared with a number (rates as fractions: 100% is 1).
 * - `Deadline`: a milestone reached by a date.
 * - `Relative`: value compared with the indicator's baseline (有所提高: `>` baseline).
 * - `Qualitative`: words only; `text` quotes the plan.
 *
 * @since 0.1.0
 */
export const Target = Schema.Union(
  Schema.TaggedStruct("Threshold", { comparator: Comparator, value: Schema.Number }),
  Schema.TaggedStruct("Deadline", { by: Civil.CivilDate }),
  Schema.TaggedStruct("Relative", { comparator: Comparator }),
  Schema.TaggedStruct("Qualitative", { text: NonEmpty })
)

/** @since 0.1.0 */
export type Target = typeof Target.Type

/**
 * The reference a `Relative` target (or a trend) is judged against: a value
 * where one is known, the period it belongs to, and the plan's words.
 *
 * @since 0.1.0
 */
export const Baseline = Schema.Struct({
  value: Schema.optional(Schema.Number),
  period: Schema.optional(Schema.String),
  text: Schema.optional(Schema.String)
})

/** @since 0.1.0 */
export type Baseline = typeof Baseline.Type

/**
 * How values for shorter periods roll up into the indicator's assessment period.
 * - `pooled`: sum numerators and denominators, then divide (the annual rate over all orders);
 * - `meanOfPeriods`: the mean of the per-`grain` values (每月平均: the mean of monthly rates);
 * - `sum`: add the values (events held, 业委会 formed);
 * - `latest`: the last known value (a milestone, a stock at year end).
 *
 * @since 0.1.0
 */
export const Aggregation = Schema.Literal("pooled", "meanOfPeriods", "sum", "latest")

/** @since 0.1.0 */
export type Aggregation = typeof Aggregation.Type

/**
 * A quantified or dated target of the plan.
 *
 * @since 0.1.0
 */
export class Indicator extends Schema.Class<Indicator>("@govplan/model/Plan/Indicator")({
  /** Unique in the plan. */
  id: Id,
  /** The Chinese name, as the plan or the practice names it: "先行联系率". */
  name: NonEmpty,
  /** An English gloss: "first-contact rate". */
  gloss: NonEmpty,
  kind: IndicatorKind,
  /** The display unit: "%", "场", "家", "件", "元". */
  unit: Schema.String,
  direction: Direction,
  target: Target,
  baseline: Schema.optional(Baseline),
  aggregation: Aggregation,
  /** The grain values are measured at (月 for 每月平均). */
  grain: Grain,
  /** Where the numbers come from: "12345市民服务热线工单". */
  dataSource: NonEmpty,
  /** The responsible unit (责任部门) where the plan or practice names one. */
  owner: Schema.optional(Schema.String),
  /** The measure (in the same section) this indicator quantifies. */
  measureId: Schema.optional(Id),
  /** The plan's own words for the target, verbatim. */
  quote: NonEmpty,
  /**
   * Numbers the plan states that decide what the indicator counts, by name: the 25 of
   * 25人以上企业 (`staffThreshold`), the 500万 / 60万 tax thresholds of 重点企业 and 优质存量企业
   * (`keyTaxThreshold`, `qualityTaxThreshold`). The KPI bound to the indicator reads them; without
   * them it uses its pillar's configuration.
   *
   * @since 0.2.0
   */
  parameters: Schema.optional(Schema.Record({ key: Schema.String, value: Schema.Number }))
}) {}

/**
 * A concrete action the plan commits to.
 *
 * @since 0.1.0
 */
export class Measure extends Schema.Class<Measure>("@govplan/model/Plan/Measure")({
  id: Id,
  /** The measure's text, verbatim from the plan. */
  text: NonEmpty,
  /** The responsible unit, where the text names one. */
  responsibleUnit: Schema.optional(Schema.String),
  /** A deadline, where the text sets one. */
  deadline: Schema.optional(Civil.CivilDate)
}) {}

/**
 * A section of a pillar: one paragraph of the plan, opened by its title phrase.
 *
 * @since 0.1.0
 */
export class Section extends Schema.Class<Section>("@govplan/model/Plan/Section")({
  id: Id,
  /** The section's title phrase, verbatim ("加强党风廉政建设"). */
  title: NonEmpty,
  measures: Schema.Array(Measure),
  indicators: Schema.Array(Indicator)
}) {}

/**
 * One of the plan's numbered parts (一、…七、).
 *
 * @since 0.1.0
 */
export class Pillar extends Schema.Class<Pillar>("@govplan/model/Plan/Pillar")({
  number: Schema.Int.pipe(Schema.between(1, 7)),
  /** A short machine name: "party", "economy", "urban", "governance", "livelihood", "culture", "safety". */
  key: Id,
  /** The pillar's heading, verbatim, without its numeral ("聚焦重点,深化基层党建全域提升"). */
  title: NonEmpty,
  /** A short Chinese name ("党建") and English gloss ("Party building"). */
  shortName: NonEmpty,
  gloss: NonEmpty,
  sections: Schema.Array(Section)
}) {}

/**
 * Where the plan's text came from.
 *
 * @since 0.1.0
 */
export const PlanSource = Schema.Struct({
  /** Publisher as printed ("上海普陀"). */
  publisher: NonEmpty,
  /** The file in `seeds/` (or elsewhere) holding the source text. */
  file: Schema.optional(Schema.String),
  url: Schema.optional(Schema.String)
})

const duplicates = (ids: ReadonlyArray<string>): ReadonlyArray<string> => {
  const seen = new Set<string>()
  const dup = new Set<string>()
  for (const id of ids) (seen.has(id) ? dup : seen).add(id)
  return [...dup]
}

/**
 * A work plan (工作计划).
 *
 * @example
 * ```ts
 * import { Plan } from "@govplan/model"
 *
 * const result = Plan.decodePlanEither({ title: "x" })
 * // Left: the error names every missing field by path
 * ```
 *
 * @since 0.1.0
 */
export class WorkPlan extends Schema.Class<WorkPlan>("@govplan/model/Plan/WorkPlan")(
  Schema.Struct({
    id: Id,
    /** The title, verbatim ("普陀区长寿路街道2022年工作计划"). */
    title: NonEmpty,
    /** The issuing office ("长寿路街道"). */
    office: NonEmpty,
    /** The district and city ("上海市普陀区"). */
    district: NonEmpty,
    year: Schema.Int.pipe(Schema.between(1900, 2999)),
    published: Civil.CivilDate,
    source: PlanSource,
    pillars: Schema.Array(Pillar)
  }).pipe(
    Schema.filter((plan) => {
      const issues: Array<Schema.FilterIssue> = []
      const numbers = plan.pillars.map((p) => p.number)
      numbers.forEach((n, i) => {
        if (n !== i + 1) issues.push({ path: ["pillars", i, "number"], message: `expected pillar number ${i + 1} here (pillars are numbered 1.. in order), got ${n}` })
      })
      const all = plan.pillars.flatMap((p) => p.sections.flatMap((s) => [s.id, ...s.measures.map((m) => m.id), ...s.indicators.map((x) => x.id)]))
      for (const id of duplicates([...plan.pillars.map((p) => p.key), ...all])) issues.push({ path: [], message: `id ${JSON.stringify(id)} is used more than once` })
      plan.pillars.forEach((p, pi) =>
        p.sections.forEach((s, si) => {
          const measures = new Set(s.measures.map((m) => m.id))
          s.indicators.forEach((x, xi) => {
            if (x.measureId !== undefined && !measures.has(x.measureId)) {
              issues.push({ path: ["pillars", pi, "sections", si, "indicators", xi, "measureId"], message: `no measure ${JSON.stringify(x.measureId)} in this section` })
            }
          })
        })
      )
      return issues
    })
  )
) {}

/**
 * The plan's indicators in document order, each with its pillar and section.
 *
 * @since 0.1.0
 */
export const indicators = (plan: WorkPlan): ReadonlyArray<{ readonly pillar: Pillar; readonly section: Section; readonly indicator: Indicator }> =>
  plan.pillars.flatMap((pillar) => pillar.sections.flatMap((section) => section.indicators.map((indicator) => ({ pillar, section, indicator }))))

/**
 * The plan's measures in document order, each with its pillar and section.
 *
 * @since 0.1.0
 */
export const measures = (plan: WorkPlan): ReadonlyArray<{ readonly pillar: Pillar; readonly section: Section; readonly measure: Measure }> =>
  plan.pillars.flatMap((pillar) => pillar.sections.flatMap((section) => section.measures.map((measure) => ({ pillar, section, measure }))))

/**
 * Counts of the plan's parts.
 *
 * @since 0.1.0
 */
export const counts = (plan: WorkPlan): { readonly pillars: number; readonly sections: number; readonly measures: number; readonly indicators: number } => ({
  pillars: plan.pillars.length,
  sections: plan.pillars.reduce((n, p) => n + p.sections.length, 0),
  measures: measures(plan).length,
  indicators: indicators(plan).length
})

/**
 * One problem found while decoding a plan: where (`pillars[2].sections[0].indicators[3].target`)
 * and what was expected there.
 *
 * @since 0.1.0
 */
export const PlanIssue = Schema.Struct({
  /** The path into the JSON, rendered like `pillars[2].sections[0].gloss`; `""` for the document itself. */
  path: Schema.String,
  message: Schema.String
})

/** @since 0.1.0 */
export type PlanIssue = typeof PlanIssue.Type

/**
 * Decoding a plan failed.
 * - `InvalidJson`: a string was given and it is not JSON;
 * - `InvalidPlan`: the value does not match the plan schema; `issues` lists every problem by path.
 *
 * @example
 * ```ts
 * import { Either } from "effect"
 * import { Plan } from "@govplan/model"
 *
 * const result = Plan.decodePlanEither({ id: "p", pillars: [] })
 * if (Either.isLeft(result)) {
 *   for (const issue of result.left.issues) console.log(issue.path, issue.message)
 * }
 * ```
 *
 * @since 0.1.0
 */
export class PlanDecodeError extends Schema.TaggedError<PlanDecodeError>("@govplan/model/Plan/PlanDecodeError")("PlanDecodeError", {
  reason: Schema.Literal("InvalidJson", "InvalidPlan"),
  issues: Schema.Array(PlanIssue)
}) {
  /** @since 0.1.0 */
  override get message(): string {
    const head = this.reason === "InvalidJson" ? "The plan is not valid JSON" : `The plan does not match the schema (${this.issues.length} ${this.issues.length === 1 ? "problem" : "problems"})`
    return [head + ":", ...this.issues.map((i) => `  - ${i.path === "" ? "(document)" : i.path}: ${i.message}`)].join("\n")
  }
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/

/**
 * Renders a path array as `pillars[2].sections[0].indicators[3].target`.
 * Keys that are not identifiers are quoted: `source["file name"]`.
 *
 * @since 0.1.0
 */
export const renderPath = (path: ReadonlyArray<PropertyKey>): string =>
  path.reduce<string>((out, key) => {
    if (typeof key === "number") return `${out}[${key}]`
    const k = typeof key === "symbol" ? String(key) : key
    if (IDENTIFIER.test(k)) return out === "" ? k : `${out}.${k}`
    return `${out}[${JSON.stringify(k)}]`
  }, "")

const EXPECTED = /^Expected (.+), actual (.+)$/s

// With `errors: "all"` a union of literals reports one issue per member; fold
// consecutive "Expected A, actual x" / "Expected B, actual x" at the same path
// into one "Expected A | B, actual x".
const mergeAlternatives = (issues: ReadonlyArray<PlanIssue>): Array<PlanIssue> => {
  const out: Array<PlanIssue> = []
  for (const issue of issues) {
    const last = out[out.length - 1]
    const a = last === undefined ? null : EXPECTED.exec(last.message)
    const b = EXPECTED.exec(issue.message)
    if (last !== undefined && a !== null && b !== null && last.path === issue.path && a[2] === b[2]) {
      out[out.length - 1] = { path: last.path, message: `Expected ${a[1]} | ${b[1]}, actual ${a[2]}` }
    } else {
      out.push(issue)
    }
  }
  return out
}

const decodeUnknown = Schema.decodeUnknownEither(WorkPlan, { errors: "all", onExcessProperty: "ignore" })

/**
 * Decodes a plan, returning an `Either`. Accepts a parsed value or JSON text.
 *
 * @since 0.1.0
 */
export const decodePlanEither = (u: unknown): Either.Either<WorkPlan, PlanDecodeError> => {
  let value = u
  if (typeof u === "string") {
    try {
      value = JSON.parse(u)
    } catch (e) {
      return Either.left(new PlanDecodeError({ reason: "InvalidJson", issues: [{ path: "", message: e instanceof Error ? e.message : String(e) }] }))
    }
  }
  return Either.mapLeft(decodeUnknown(value), (error) =>
    new PlanDecodeError({
      reason: "InvalidPlan",
      issues: mergeAlternatives(ParseResult.ArrayFormatter.formatErrorSync(error).map((i) => ({ path: renderPath(i.path), message: i.message })))
    }))
}

/**
 * Decodes a plan from a parsed value or JSON text. Fails with a {@link PlanDecodeError}
 * listing every problem with its path.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Plan } from "@govplan/model"
 *
 * declare const json: unknown // parsed JSON, or JSON text
 * const program = Plan.decodePlan(json).pipe(
 *   Effect.map((plan) => Plan.counts(plan)),
 *   Effect.catchTag("PlanDecodeError", (e) => Effect.logError(e.message))
 * )
 * ```
 *
 * @since 0.1.0
 */
export const decodePlan = (u: unknown): Effect.Effect<WorkPlan, PlanDecodeError> => Effect.suspend(() => decodePlanEither(u))

/**
 * Promise facade of {@link decodePlan}: resolves with the plan or rejects with a {@link PlanDecodeError}.
 *
 * @example
 * ```ts
 * import { readFile } from "node:fs/promises"
 * import { Plan } from "@govplan/model"
 *
 * const plan = await Plan.decodePlanPromise(await readFile("plan.json", "utf8"))
 * ```
 *
 * @since 0.1.0
 */
export const decodePlanPromise = (u: unknown): Promise<WorkPlan> =>
  new Promise((resolve, reject) => Either.match(decodePlanEither(u), { onLeft: reject, onRight: resolve }))

/**
 * The JSON form of a plan (what {@link encodePlan} returns and {@link decodePlan} accepts).
 *
 * @since 0.1.0
 */
export type WorkPlanEncoded = typeof WorkPlan.Encoded

/**
 * Encodes a plan to plain JSON-ready data; `decodePlan(encodePlan(plan))` gives an equal plan.
 *
 * @since 0.1.0
 */
export const encodePlan = (plan: WorkPlan): WorkPlanEncoded => Schema.encodeSync(WorkPlan)(plan)
