/**
 * @since 0.1.0
 */
export * as Filter from "./Filter.js"

/**
 * @since 0.1.0
 */
export * as Kpi from "./Kpi.js"

/**
 * @since 0.1.0
 */
export * as KpiSql from "./KpiSql.js"
