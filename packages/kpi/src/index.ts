/**
 * Row filters of the KPI definition language.
 *
 * @since 0.1.0
 */
export * as Filter from "./Filter.js"

/**
 * KPIs defined as data.
 *
 * @since 0.1.0
 */
export * as Kpi from "./Kpi.js"

/**
 * The SQL interpreter of KPI definitions: {@link compile} turns a definition into one parameterised
 * `SELECT` for SQLite, PostgreSQL or MySQL; run it with any driver and hand the rows to
 * {@link decodeRows}, which returns the same `KpiResult`s as `Kpi.evaluate` on the same rows.
 *
 * @since 0.1.0
 */
export * as KpiSql from "./KpiSql.js"
