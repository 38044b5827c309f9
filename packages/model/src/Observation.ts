/**
 * An observed value of an indicator for a period, as of a date.
 *
 * A ratio keeps its parts: `numerator` and `denominator` are kept beside the
 * value, and a zero denominator is "no data" (`value: null` with a reason),
 * never 0% or NaN.
 *
 * @since 0.1.0
 */
import { Schema } from "effect"
import * as Civil from "./Civil.js"
import { Id } from "./Plan.js"

/**
 * The value of one sub-period (a month of a 每月平均 indicator).
 *
 * @since 0.1.0
 */
export const Part = Schema.Struct({
  /** The sub-period's key ("2022-03"). */
  period: Schema.String,
  value: Schema.NullOr(Schema.Number),
  numerator: Schema.optional(Schema.Number),
  denominator: Schema.optional(Schema.Number)
})

/** @since 0.1.0 */
export type Part = typeof Part.Type

/**
 * The value over the whole period for one 居委 (residents' committee), for indicators whose records
 * name one: the breakdown a report uses to say which committees lag most.
 *
 * @since 0.2.0
 */
export const CommitteeValue = Schema.Struct({
  /** The committee's name as the records spell it ("梅芳里"). */
  committee: Schema.String,
  value: Schema.NullOr(Schema.Number),
  numerator: Schema.optional(Schema.Number),
  denominator: Schema.optional(Schema.Number)
})

/** @since 0.2.0 */
export type CommitteeValue = typeof CommitteeValue.Type

/**
 * An observation.
 *
 * @since 0.1.0
 */
export class Observation extends Schema.Class<Observation>("@govplan/model/Observation")({
  indicatorId: Id,
  /** The period's key (see `Period.key`): "2022", "2022-Q1", "2022-01-01..2022-07-01". */
  period: Schema.String,
  /** The value in the indicator's terms (rates as fractions); `null` is no data. */
  value: Schema.NullOr(Schema.Number),
  numerator: Schema.optional(Schema.Number),
  denominator: Schema.optional(Schema.Number),
  /** Why there is no value, when `value` is `null` ("no orders were due in 2022-02"). */
  noDataReason: Schema.optional(Schema.String),
  /** For a milestone: the date it was reached, if it was. */
  achievedOn: Schema.optional(Civil.CivilDate),
  /** The sub-period values a `meanOfPeriods` value was averaged from. */
  parts: Schema.optional(Schema.Array(Part)),
  /** For rates whose records name a 居委: the pooled value per committee over the period. */
  committees: Schema.optional(Schema.Array(CommitteeValue)),
  /** The date the data runs to. */
  asOf: Civil.CivilDate
}) {}
