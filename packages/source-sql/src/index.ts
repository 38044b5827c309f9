/**
 * Load records from SQL databases through any `@effect/sql` client — SQLite
 * (`@effect/sql-sqlite-node`), PostgreSQL (`@effect/sql-pg`), MySQL and MariaDB (`@effect/sql-mysql2`)
 * — and run KPIs on the database ("push-down").
 *
 * @since 0.1.0
 */
export * as SqlSource from "./SqlSource.js"
