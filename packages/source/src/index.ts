/**
 * @since 0.1.0
 */
export * as Coerce from "./Coerce.js"

/**
 * @since 0.1.0
 */
export * as ColumnMapping from "./ColumnMapping.js"

/**
 * @since 0.1.0
 */
export * as ErrorPolicy from "./ErrorPolicy.js"

/**
 * @since 0.1.0
 */
export * as LoadReport from "./LoadReport.js"

/**
 * @since 0.1.0
 */
export * as RowDecoder from "./RowDecoder.js"

/**
 * @since 0.1.0
 */
export * as Source from "./Source.js"

/**
 * @since 0.1.0
 */
export * as SourceError from "./SourceError.js"
