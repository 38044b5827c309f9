/**
 * Coercions for what real exports contain, as pure functions and as schema transforms.
 *
 * @since 0.1.0
 */
export * as Coerce from "./Coerce.js"

/**
 * Column mappings: which column of a source feeds which field of a record schema, declared as data.
 *
 * @since 0.1.0
 */
export * as ColumnMapping from "./ColumnMapping.js"

/**
 * What a load does with a row that does not fit the schema.
 *
 * @since 0.1.0
 */
export * as ErrorPolicy from "./ErrorPolicy.js"

/**
 * What a load did: rows read, accepted and rejected, and why each rejected row was.
 *
 * @since 0.1.0
 */
export * as LoadReport from "./LoadReport.js"

/**
 * The row decoder: cells in, records out, derived from an Effect Schema.
 *
 * @since 0.1.0
 */
export * as RowDecoder from "./RowDecoder.js"

/**
 * A load: a stream of decoded records plus the report of what was read.
 *
 * @since 0.1.0
 */
export * as Source from "./Source.js"

/**
 * The one error every govplan source (CSV, SQL, HTTP, …) fails with.
 *
 * @since 0.1.0
 */
export * as SourceError from "./SourceError.js"
