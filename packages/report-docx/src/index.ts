/**
 * @since 0.1.0
 */
export * as Chart from "./Chart.js"

/**
 * @since 0.1.0
 */
export * as DocxRenderer from "./DocxRenderer.js"

/**
 * @since 0.1.0
 */
export * as FontMap from "./FontMap.js"

/**
 * @since 0.1.0
 */
export * as Gbt9704 from "./Gbt9704.js"

/**
 * @since 0.1.0
 */
export * as Lint from "./Lint.js"
