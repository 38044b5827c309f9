/**
 * @since 0.1.0
 */
export * as Civil from "./Civil.js"

/**
 * @since 0.1.0
 */
export * as Period from "./Period.js"

/**
 * @since 0.1.0
 */
export * as Plan from "./Plan.js"

/**
 * @since 0.1.0
 */
export * as Observation from "./Observation.js"

/**
 * @since 0.1.0
 */
export * as Status from "./Status.js"

/**
 * @since 0.1.0
 */
export * as ReferencePlan from "./ReferencePlan.js"

/**
 * @since 0.1.0
 */
export * as WorkCalendar from "./WorkCalendar.js"
