/**
 * The shape every pillar module exports, and the binding of a KPI to a plan indicator.
 *
 * @since 0.1.0
 */
import type { Kpi } from "@govplan/kpi"
import type { Plan } from "@govplan/model"
import type * as Generator from "./Generator.js"
import type { RecordType } from "./Records.js"

/**
 * Which KPI serves which plan indicator.
 *
 * - `aggregation` / `grain` default to the indicator's (`meanOfPeriods` by `month` for 每月平均);
 * - `window`: `"period"` counts the rows whose time falls in the assessment period (up to the as-of
 *   date); `"toDate"` counts every row up to the as-of date, for stocks that build up over years
 *   (enterprises that have formed a union, households that have signed);
 * - `milestone`: the KPI is a `Kpi.max` over a date field; the indicator is reached on that date.
 *
 * @since 0.1.0
 */
export interface Binding {
  readonly indicatorId: string
  readonly kpiId: string
  /** The record type (SQLite table) the KPI reads. */
  readonly record: string
  readonly aggregation?: Plan.Aggregation | undefined
  readonly grain?: "month" | "quarter" | "year" | undefined
  readonly window?: "period" | "toDate" | undefined
  readonly milestone?: boolean | undefined
  /**
   * The KPI made from the indicator's `parameters` in the plan (the 25 of 25人以上企业, tax
   * thresholds), a parameter the plan leaves out taking the pillar configuration's value. Without
   * it, or when the plan's indicator has no parameters, the pillar's `kpiId` definition is used.
   *
   * @since 0.2.0
   */
  readonly withParameters?: ((parameters: Readonly<Record<string, number>>) => Kpi.Definition) | undefined
}

/**
 * A pillar: its record types, KPI definitions, bindings to plan indicators and generator.
 *
 * @since 0.1.0
 */
export interface Pillar {
  /** The plan's pillar key: "urban". */
  readonly key: string
  /** The plan's pillar number, 1–7. */
  readonly number: number
  /** Short Chinese name: "城区". */
  readonly name: string
  readonly records: ReadonlyArray<RecordType<any>>
  readonly kpis: ReadonlyArray<Kpi.Definition>
  readonly bindings: ReadonlyArray<Binding>
  /**
   * KPI ids that measure a stock built up over years (households signed, enterprises with a union):
   * `Scorecard.kpis` evaluates them over every record up to the as-of date instead of the period.
   */
  readonly cumulative?: ReadonlyArray<string> | undefined
  readonly generate: (ctx: Generator.Context) => ReadonlyArray<Generator.Table>
}
