/**
 * @since 0.1.0
 */
export * as HttpSource from "./HttpSource.js"

/**
 * @since 0.1.0
 */
export * as Pagination from "./Pagination.js"
