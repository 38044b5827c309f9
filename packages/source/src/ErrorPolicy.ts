/**
 * What a load does with a row that does not fit the schema.
 *
 * @since 0.1.0
 */

/**
 * - `FailFast`: the first bad row fails the load with a `SourceError` ("Decode").
 * - `Collect`: bad rows are rejected and reported, and the load goes on; once
 *   more than `max` rows are rejected the load fails with "TooManyRejections".
 *   At most `keep` rejections are listed in the report (the counts stay exact).
 *
 * @since 0.1.0
 */
export type ErrorPolicy =
  | { readonly _tag: "FailFast" }
  | { readonly _tag: "Collect"; readonly max: number; readonly keep: number }

/**
 * Fail at the first bad row.
 *
 * @since 0.1.0
 */
export const failFast: ErrorPolicy = { _tag: "FailFast" }

/**
 * Reject bad rows and go on, up to `max` of them (default: no limit).
 * The report lists the first `keep` (default 1000, never more than `max`).
 *
 * @example
 * ```ts
 * import { ErrorPolicy } from "@govplan/source"
 *
 * ErrorPolicy.collect({ max: 100 })     // fail once the 101st row is rejected
 * ErrorPolicy.collect()                 // never fail for bad rows
 * ```
 *
 * @since 0.1.0
 */
export const collect = (options: { readonly max?: number; readonly keep?: number } = {}): ErrorPolicy => {
  const max = options.max ?? Number.POSITIVE_INFINITY
  if (!(max >= 0)) throw new RangeError(`ErrorPolicy.collect: max must be >= 0, got ${max}`)
  const keep = Math.min(options.keep ?? 1000, max)
  return { _tag: "Collect", max, keep: Math.max(0, keep) }
}

/**
 * The default policy of every source: collect, up to no limit, list 1000.
 *
 * @since 0.1.0
 */
export const defaultPolicy: ErrorPolicy = collect()
