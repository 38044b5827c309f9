/**
 * The databases the SQL source tests run against: SQLite always (in-memory or a temp file), and the
 * PostgreSQL and MariaDB/MySQL servers of test-support/databases.ts (required when GOVPLAN_TEST_PG_URL /
 * GOVPLAN_TEST_MYSQL_URL are set, else probed on 127.0.0.1 and skipped with the reason).
 */
import { SqliteClient } from "@effect/sql-sqlite-node"
import { mysql, pg, type TestDatabase } from "../../../test-support/databases.js"

export type { Dialect, TestDatabase } from "../../../test-support/databases.js"

export const sqliteLayer = (filename = ":memory:") => SqliteClient.layer({ filename })

export const sqlite: TestDatabase = {
  dialect: "sqlite",
  label: "SQLite (in-memory)",
  url: ":memory:",
  available: true,
  title: "SQLite (in-memory)",
  layer: sqliteLayer()
}

export const all: ReadonlyArray<TestDatabase> = [sqlite, pg, mysql]

let counter = 0
/** A table name no other test (or concurrent test run) uses: `prefix_<pid>_<time>_<n>`. */
export const uniqueName = (prefix: string) =>
  `${prefix}_${process.pid}_${Date.now().toString(36)}_${(counter++).toString(36)}`
