/**
 * Shanghai civil dates and times, as the strings government exports carry.
 *
 * @since 0.1.0
 */
export * as Civil from "./Civil.js"

/**
 * Reporting periods: years, quarters (一季度…四季度), months, custom ranges and
 * assessment years that start in another month (some districts assess
 * November to October).
 *
 * @since 0.1.0
 */
export * as Period from "./Period.js"

/**
 * The shape of a government work plan (工作计划): a plan has seven pillars
 * (the numbered 一、…七、 parts), each pillar has sections (the paragraphs that
 * open with a bold phrase), each section has measures (the concrete actions)
 * and indicators (every quantified or dated target, with a machine-readable
 * {@link Target}).
 *
 * @since 0.1.0
 */
export * as Plan from "./Plan.js"

/**
 * An observed value of an indicator for a period, as of a date.
 *
 * @since 0.1.0
 */
export * as Observation from "./Observation.js"

/**
 * The status of an indicator against its target at an as-of date, with the
 * reason in words.
 *
 * @since 0.1.0
 */
export * as Status from "./Status.js"

/**
 * The reference plan: the 2022 work plan of Changshou Road Subdistrict
 * (普陀区长寿路街道2022年工作计划), encoded against the `Plan.WorkPlan` schema.
 *
 * @since 0.1.0
 */
export * as ReferencePlan from "./ReferencePlan.js"

/**
 * Working days on the official calendar of mainland China.
 *
 * @since 0.1.0
 */
export * as WorkCalendar from "./WorkCalendar.js"
