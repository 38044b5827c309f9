/**
 * The status of an indicator against its target at an as-of date, with the
 * reason in words.
 *
 * @since 0.1.0
 */
import { Schema } from "effect"
import * as Civil from "./Civil.js"
import type { Observation } from "./Observation.js"
import { Id, type Indicator } from "./Plan.js"

/**
 * - `achieved`: the target is met for good (a count reached, a milestone done, a rate met over the full period);
 * - `onTrack`: not yet met, but where it should be by now;
 * - `atRisk`: behind, but recoverable;
 * - `offTrack`: behind by too much, or a deadline passed;
 * - `noData`: nothing to judge by (no observation, or a zero denominator);
 * - `notAssessed`: a qualitative target: reported in words, never scored.
 *
 * @since 0.1.0
 */
export const Status = Schema.Literal("achieved", "onTrack", "atRisk", "offTrack", "noData", "notAssessed")

/** @since 0.1.0 */
export type Status = typeof Status.Type

/**
 * A judged indicator.
 *
 * @since 0.1.0
 */
export class Assessment extends Schema.Class<Assessment>("@govplan/model/Status/Assessment")({
  indicatorId: Id,
  status: Status,
  /** Why, in words a reader of the report understands. */
  reason: Schema.String,
  /** The name of the strategy that judged it ("threshold", "proRata", "cagr"). */
  strategy: Schema.String,
  asOf: Civil.CivilDate
}) {}

/**
 * One line of a scorecard: an indicator of the plan, what was observed, and
 * how it stands. This is what KPI pipelines produce and reports consume.
 *
 * @since 0.1.0
 */
export interface IndicatorResult {
  /** The pillar number, 1–7. */
  readonly pillar: number
  readonly sectionId: string
  readonly indicator: Indicator
  readonly observation: Observation
  readonly assessment: Assessment
}
