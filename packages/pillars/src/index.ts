/**
 * @since 0.1.0
 */
export * as Records from "./Records.js"

/**
 * @since 0.1.0
 */
export * as Pillar from "./Pillar.js"

/**
 * @since 0.1.0
 */
export * as Pillars from "./Pillars.js"

/**
 * @since 0.1.0
 */
export * as Prng from "./Prng.js"

/**
 * @since 0.1.0
 */
export * as Reference from "./Reference.js"

/**
 * @since 0.1.0
 */
export * as Generator from "./Generator.js"

/**
 * @since 0.1.0
 */
export * as Scorecard from "./Scorecard.js"

/**
 * @since 0.1.0
 */
export * as Party from "./party/index.js"

/**
 * @since 0.1.0
 */
export * as Economy from "./economy/index.js"

/**
 * @since 0.1.0
 */
export * as Urban from "./urban/index.js"

/**
 * @since 0.1.0
 */
export * as Governance from "./governance/index.js"

/**
 * @since 0.1.0
 */
export * as Livelihood from "./livelihood/index.js"

/**
 * @since 0.1.0
 */
export * as Culture from "./culture/index.js"

/**
 * @since 0.1.0
 */
export * as Safety from "./safety/index.js"
