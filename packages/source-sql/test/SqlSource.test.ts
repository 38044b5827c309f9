import * as SqlClient from "@effect/sql/SqlClient"
import { Kpi, KpiSql } from "@govplan/kpi"
import { Civil, Period } from "@govplan/model"
import { ErrorPolicy, Source, type SourceError } from "@govplan/source"
import { Chunk, Effect, Either, ManagedRuntime, Schema, Stream, Tracer } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { SqlSource } from "../src/index.js"
import { pgLayer } from "../../../test-support/databases.js"
import { all, sqliteLayer, type TestDatabase, uniqueName } from "./databases.js"
import { createHotline, defs, dropTable, insertRows, makeRows, withTable } from "./fixtures.js"

const Order = Schema.Struct({
  orderId: Schema.String,
  acceptedAt: Civil.CivilDateTime,
  closedAt: Schema.NullOr(Civil.CivilDateTime),
  committee: Schema.String,
  returns: Schema.Int,
  hours: Schema.NullOr(Schema.Number),
  rating: Schema.NullOr(Schema.Literal("满意", "基本满意", "一般", "不满意", "未评价"))
})

const mapping = {
  工单编号: "orderId",
  受理时间: "acceptedAt",
  结案时间: "closedAt",
  所属居委: "committee",
  退单次数: "returns",
  办理时长: "hours",
  满意度: "rating"
} as const

for (const db of all) {
  describe.skipIf(!db.available)(db.title, () => {
    let runtime: ManagedRuntime.ManagedRuntime<SqlClient.SqlClient, unknown>
    beforeAll(() => {
      runtime = ManagedRuntime.make(db.layer)
    })
    afterAll(() => runtime?.dispose())
    const run = <A, E>(effect: Effect.Effect<A, E, SqlClient.SqlClient>) => runtime.runPromise(effect)
    const q = (s: string) => (db.dialect === "mysql" ? "`" + s + "`" : `"${s}"`)
    const text = db.dialect === "mysql" ? "VARCHAR(200)" : "TEXT"

    /** a table with Chinese column names, as exports often are */
    const createOrders = (table: string) =>
      Effect.flatMap(SqlClient.SqlClient, (sql) =>
        sql.unsafe(
          `CREATE TABLE ${q(table)} (${q("工单编号")} ${text} NOT NULL, ${q("受理时间")} ${text}, ${q("结案时间")} ${text}, ${q("所属居委")} ${text}, ${
            q("退单次数")
          } ${text}, ${q("办理时长")} ${text}, ${q("满意度")} ${text}, ${q("备注")} ${text})`
        ))

    const orderRows = (n: number) =>
      Array.from({ length: n }, (_, i) => ({
        工单编号: `HT${String(i + 1).padStart(5, "0")}`,
        受理时间: `2022-03-${String((i % 28) + 1).padStart(2, "0")} 09:00:00`,
        结案时间: i % 3 === 0 ? null : `2022年4月${(i % 28) + 1}日 10时5分`,
        所属居委: ["长寿", "武宁"][i % 2],
        退单次数: String(i % 3),
        办理时长: i % 5 === 0 ? "" : `${(i % 7) * 1.5}`,
        满意度: i % 4 === 0 ? null : ["满意", "基本满意", "一般"][i % 3],
        备注: "x"
      }))

    it("loads a table through a Chinese column mapping, with coercions", () => {
      const table = uniqueName("orders")
      return run(withTable(
        table,
        db.dialect,
        Effect.zipRight(createOrders(table), insertRows(table, db.dialect, orderRows(30))),
        Effect.gen(function*() {
          const load = yield* SqlSource.table({ schema: Order, table, mapping, key: "工单编号" })
          const { records, report } = yield* Source.collect(load)
          expect(report).toMatchObject({ source: table, read: 30, accepted: 30, rejected: 0, complete: true })
          expect(report.ignoredColumns).toEqual(["备注"])
          expect(records[1]).toEqual({
            orderId: "HT00002",
            acceptedAt: "2022-03-02 09:00:00",
            closedAt: "2022-04-02 10:05:00",
            committee: "武宁",
            returns: 1,
            hours: 1.5,
            rating: "基本满意"
          })
          expect(records[0]!.closedAt).toBeNull()
          expect(records[0]!.hours).toBeNull()
          expect(records.map((r) => r.orderId)).toEqual(orderRows(30).map((r) => r.工单编号))
        })
      ))
    })

    it("rejects bad rows naming table, row, column, value and reason; read = accepted + rejected", () => {
      const table = uniqueName("bad")
      const rows = orderRows(12)
      rows[2] = { ...rows[2]!, 受理时间: "2022-02-30 09:00:00" }
      rows[5] = { ...rows[5]!, 退单次数: "两次" }
      rows[7] = { ...rows[7]!, 满意度: "很满意" }
      rows[9] = { ...rows[9]!, 受理时间: null as any }
      return run(withTable(
        table,
        db.dialect,
        Effect.zipRight(createOrders(table), insertRows(table, db.dialect, rows)),
        Effect.gen(function*() {
          const load = yield* SqlSource.table({ schema: Order, table, mapping, key: "工单编号" })
          const { records, report } = yield* Source.collect(load)
          expect(report.read).toBe(12)
          expect(report.accepted).toBe(8)
          expect(report.rejected).toBe(4)
          expect(records.length).toBe(8)
          expect(report.rejections.map((r) => [r.row, r.column, r.field, r.value])).toEqual([
            [3, "受理时间", "acceptedAt", "2022-02-30 09:00:00"],
            [6, "退单次数", "returns", "两次"],
            [8, "满意度", "rating", "很满意"],
            [10, "受理时间", "acceptedAt", "null"]
          ])
          for (const r of report.rejections) {
            expect(r.source).toBe(table)
            expect(r.reason.length).toBeGreaterThan(5)
          }
          expect(report.rejections[0]!.reason).toMatch(/date/)
          expect(report.rejections[1]!.reason).toMatch(/expected a number/)
          expect(report.rejections[3]!.reason).toMatch(/missing|required|empty/)
        })
      ))
    })

    it("fail-fast stops at the first bad row; collect({ max }) stops after max", () => {
      const table = uniqueName("policy")
      const rows = orderRows(10).map((r, i) => (i % 3 === 1 ? { ...r, 退单次数: "x" } : r))
      return run(withTable(
        table,
        db.dialect,
        Effect.zipRight(createOrders(table), insertRows(table, db.dialect, rows)),
        Effect.gen(function*() {
          const ff = yield* SqlSource.table({ schema: Order, table, mapping, key: "工单编号", policy: ErrorPolicy.failFast })
          const e1 = yield* Effect.flip(Source.collect(ff))
          expect(e1).toMatchObject({ reason: "Decode", source: table, row: 2, column: "退单次数", value: "x" })
          expect((yield* ff.report).complete).toBe(false)
          const capped = yield* SqlSource.table({ schema: Order, table, mapping, key: "工单编号", policy: ErrorPolicy.collect({ max: 2 }) })
          const e2 = yield* Effect.flip(Source.collect(capped))
          expect(e2.reason).toBe("TooManyRejections")
          expect(e2.row).toBe(8)
        })
      ))
    })

    it("a row whose mapped columns are all NULL is rejected, not dropped", () => {
      const table = uniqueName("nulls")
      return run(withTable(
        table,
        db.dialect,
        Effect.flatMap(SqlClient.SqlClient, (sql) =>
          Effect.zipRight(
            sql.unsafe(`CREATE TABLE ${q(table)} (${q("a")} ${text}, ${q("b")} ${text})`),
            sql.unsafe(`INSERT INTO ${q(table)} (${q("a")}, ${q("b")}) VALUES ('x', '1'), (NULL, NULL), ('y', '2')`)
          )),
        Effect.gen(function*() {
          const load = yield* SqlSource.table({ schema: Schema.Struct({ a: Schema.String, b: Schema.Number }), table, orderBy: "a" })
          const { report } = yield* Source.collect(load)
          expect(report).toMatchObject({ read: 3, accepted: 2, rejected: 1, ignoredColumns: [] })
        })
      ))
    })

    it("refuses identifiers with quotes, semicolons and the like, naming them, and touches nothing", () => {
      const table = uniqueName("victim")
      return run(withTable(
        table,
        db.dialect,
        Effect.zipRight(createOrders(table), insertRows(table, db.dialect, orderRows(3))),
        Effect.gen(function*() {
          const attacks = [
            `${table}"; DROP TABLE "${table}"; --`,
            `${table}\`; DROP TABLE \`${table}\`; --`,
            `${table}; DELETE FROM ${table}`,
            `${table} WHERE 1=1`,
            `${table}'`,
            ""
          ]
          for (const name of attacks) {
            const load = yield* SqlSource.table({ schema: Order, table: name, mapping })
            const e = yield* Effect.flip(Source.collect(load))
            expect(e.reason).toBe("Config")
            if (name !== "") expect(e.message).toContain(JSON.stringify(name))
          }
          const badKey = yield* SqlSource.table({ schema: Order, table, mapping, key: "工单编号;--" })
          expect((yield* Effect.flip(Source.collect(badKey))).message).toMatch(/column name "工单编号;--" contains a semicolon/)
          const sql = yield* SqlClient.SqlClient
          const [counted] = yield* sql.unsafe<{ n: unknown }>(`SELECT COUNT(*) AS n FROM ${q(table)}`)
          expect(Number(counted?.n)).toBe(3)
        })
      ))
    })

    it("a missing table and a missing required column fail before any row, clearly", () =>
      run(Effect.gen(function*() {
        const missing = uniqueName("nope")
        const e1 = yield* Effect.flip(Effect.flatMap(SqlSource.table({ schema: Order, table: missing, mapping }), Source.collect))
        expect(e1.reason).toBe("Sql")
        expect(e1.message).toContain(`table "${missing}" does not exist`)
        const table = uniqueName("cols")
        yield* withTable(
          table,
          db.dialect,
          Effect.flatMap(SqlClient.SqlClient, (sql) => sql.unsafe(`CREATE TABLE ${q(table)} (${q("工单编号")} ${text})`)),
          Effect.gen(function*() {
            const e2 = yield* Effect.flip(Effect.flatMap(SqlSource.table({ schema: Order, table, mapping }), Source.collect))
            expect(e2.reason).toBe("Header")
            expect(e2.message).toMatch(/missing required columns "受理时间" \(acceptedAt\)/)
            expect(e2.message).not.toMatch(/row 0/)
          })
        )
      })))

    it("a parameterised query binds its values (an injection attempt is just a value)", () => {
      const table = uniqueName("params")
      return run(withTable(
        table,
        db.dialect,
        Effect.zipRight(createOrders(table), insertRows(table, db.dialect, orderRows(20))),
        Effect.gen(function*() {
          const placeholder = db.dialect === "pg" ? "$1" : "?"
          const text = `SELECT * FROM ${q(table)} WHERE ${q("所属居委")} = ${placeholder} ORDER BY ${q("工单编号")}`
          const ok = yield* SqlSource.query({ schema: Order, mapping, query: { sql: text, params: ["长寿"] } })
          expect((yield* Source.collect(ok)).records.length).toBe(10)
          // a trailing comment and semicolon, as queries copied from a SQL console have
          const pasted = yield* SqlSource.query({ schema: Order, mapping, query: { sql: `${text}; -- 长寿 only`, params: ["长寿"] } })
          expect((yield* Source.collect(pasted)).records.length).toBe(10)
          const evil = yield* SqlSource.query({ schema: Order, mapping, query: { sql: text, params: ["长寿' OR '1'='1"] } })
          const r = yield* Source.collect(evil)
          expect(r.records.length).toBe(0)
          expect(r.report).toMatchObject({ read: 0, accepted: 0, complete: true })
          // the Statement form, built with the client's sql template
          const viaStatement = yield* SqlSource.query({
            schema: Order,
            mapping,
            query: (sql) => sql`SELECT * FROM ${sql(table)} WHERE ${sql("退单次数")} = ${"2"}`
          })
          const s = yield* Source.collect(viaStatement)
          expect(s.records.map((x) => x.returns)).toEqual(Array(6).fill(2))
        })
      ))
    })

    it("streams in pages/cursor order: every row exactly once, and a partial read stops early", () => {
      const table = uniqueName("many")
      const rows = makeRows(2500)
      return run(withTable(
        table,
        db.dialect,
        Effect.zipRight(createHotline(table, db.dialect), insertRows(table, db.dialect, rows)),
        Effect.gen(function*() {
          const schema = Schema.Struct({ order_id: Schema.String, returns: Schema.Int })
          const load = yield* SqlSource.table({ schema, table, pageSize: 300 })
          const ids = Chunk.toReadonlyArray(yield* Stream.runCollect(load.records)).map((r) => r.order_id)
          expect(ids.length).toBe(2500)
          expect(new Set(ids).size).toBe(2500)
          const report = yield* load.report
          expect(report).toMatchObject({ read: 2500, accepted: 2500, complete: true })
          const partial = yield* SqlSource.table({ schema, table, pageSize: 300, key: "order_id" })
          const first = Chunk.toReadonlyArray(yield* Stream.runCollect(Stream.take(partial.records, 5)))
          expect(first.map((r) => r.order_id)).toEqual(rows.slice(0, 5).map((r) => r.order_id))
          expect((yield* partial.report).complete).toBe(false)
        })
      ))
    })

    it("a table load inside the caller's transaction reads its uncommitted rows; loads cut short leave the connections clean", () => {
      const table = uniqueName("intx")
      return run(withTable(
        table,
        db.dialect,
        Effect.zipRight(createHotline(table, db.dialect), insertRows(table, db.dialect, makeRows(30))),
        Effect.gen(function*() {
          const sql = yield* SqlClient.SqlClient
          const schema = Schema.Struct({ order_id: Schema.String })
          const ids = (load: Source.Load<{ readonly order_id: string }>) =>
            Effect.map(Stream.runCollect(load.records), (c) => Chunk.toReadonlyArray(c).map((r) => r.order_id))
          // the load runs on the transaction's connection: it sees the row deleted there, not yet committed
          const inside = yield* sql.withTransaction(Effect.gen(function*() {
            yield* sql`DELETE FROM ${sql(table)} WHERE ${sql("order_id")} = ${"HT000007"}`
            const load = yield* SqlSource.table({ schema, table, key: "order_id", pageSize: 4 })
            return yield* ids(load)
          }))
          expect(inside.length).toBe(29)
          expect(inside).not.toContain("HT000007")
          // cut short (the first 5 of pages of 4), many times over: every connection goes back to the pool usable
          for (let i = 0; i < 6; i++) {
            const partial = yield* SqlSource.table({ schema, table, key: "order_id", pageSize: 4 })
            expect((yield* Stream.runCollect(Stream.take(partial.records, 5))).length).toBe(5)
          }
          const after = yield* SqlSource.table({ schema, table, key: "order_id", pageSize: 4 })
          expect((yield* ids(after)).length).toBe(29)
          expect((yield* after.report)).toMatchObject({ read: 29, accepted: 29, complete: true })
        })
      ))
    })

    it("a huge query is streamed: the first rows arrive long before the server could send them all", () =>
      run(Effect.gen(function*() {
        // 5 million generated rows; loading them as one array would take seconds and gigabytes
        const huge = db.dialect === "pg"
          ? "SELECT 'HT' || g AS id, g AS n FROM generate_series(1, 5000000) AS g"
          : db.dialect === "mysql"
          ? "SELECT CONCAT('HT', seq) AS id, seq AS n FROM seq_1_to_5000000"
          : "WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < 5000000) SELECT 'HT' || n AS id, n FROM s"
        const load = yield* SqlSource.query({ schema: Schema.Struct({ id: Schema.String, n: Schema.Number }), query: { sql: huge }, pageSize: 500 })
        const t0 = Date.now()
        const first = Chunk.toReadonlyArray(yield* Stream.runCollect(Stream.take(load.records, 1000)))
        const ms = Date.now() - t0
        expect(first.map((r) => r.n)).toEqual(Array.from({ length: 1000 }, (_, i) => i + 1))
        expect(ms).toBeLessThan(3000) // all 5M rows take far longer (and gigabytes) as one array
        const report = yield* load.report
        expect(report.complete).toBe(false)
        expect(report.read).toBeLessThan(100_000)
      })))

    it("date and time columns come back as the civil strings they store", () => {
      const table = uniqueName("dates")
      // (SQLite has no date types: DATE/DATETIME columns hold the text as written)
      const [dateType, timeType] = db.dialect === "pg" ? ["date", "timestamp"] : ["DATE", "DATETIME"]
      return run(withTable(
        table,
        db.dialect,
        Effect.flatMap(SqlClient.SqlClient, (sql) =>
          Effect.zipRight(
            sql.unsafe(`CREATE TABLE ${q(table)} (${q("d")} ${dateType}, ${q("t")} ${timeType})`),
            sql.unsafe(`INSERT INTO ${q(table)} (${q("d")}, ${q("t")}) VALUES ('2022-03-01', '2022-03-01 23:30:05'), ('2022-12-31', '2022-01-01 00:00:00')`)
          )),
        Effect.gen(function*() {
          const load = yield* SqlSource.table({
            schema: Schema.Struct({ d: Civil.CivilDate, t: Civil.CivilDateTime }),
            table,
            orderBy: "d"
          })
          const { records } = yield* Source.collect(load)
          expect(records).toEqual([
            { d: "2022-03-01", t: "2022-03-01 23:30:05" },
            { d: "2022-12-31", t: "2022-01-01 00:00:00" }
          ])
        })
      ))
    })

    it("KPI push-down returns exactly the in-memory results on the same rows", () => {
      const table = uniqueName("kpi")
      const rows = makeRows(400)
      return run(withTable(
        table,
        db.dialect,
        Effect.zipRight(createHotline(table, db.dialect), insertRows(table, db.dialect, rows)),
        Effect.gen(function*() {
          const cases = [
            { period: Period.year(2022), grain: "month" as const },
            { period: Period.year(2022), grain: "quarter" as const, by: ["committee"] },
            { period: Period.quarter(2022, 3) },
            { period: Period.year(2022), by: ["category", "status"] }
          ]
          for (const options of cases) {
            const memory = yield* Kpi.evaluate(defs, rows, options)
            const pushed = yield* SqlSource.pushDown(defs, { table, ...options })
            expect(pushed.length).toBeGreaterThanOrEqual(defs.length)
            expect(normalise(pushed)).toEqual(normalise(memory))
          }
        })
      ))
    })

    it("push-down: scans run concurrently give the same results; a list with a repeated KPI or another record keeps its order", () => {
      const table = uniqueName("kpimany")
      const rows = makeRows(300, 777)
      return run(withTable(
        table,
        db.dialect,
        Effect.zipRight(createHotline(table, db.dialect), insertRows(table, db.dialect, rows)),
        Effect.gen(function*() {
          const options = { period: Period.year(2022), grain: "quarter" as const, by: ["committee"] }
          const memory = yield* Kpi.evaluate(defs, rows, options)
          const concurrent = yield* SqlSource.pushDown(defs, { table, ...options, concurrency: 3 })
          expect(normalise(concurrent)).toEqual(normalise(memory))
          // another record's definition (same table here) and a repeated one: each gets its own results, in list order
          const other = Kpi.define({ id: "t.other-record", name: "x", record: "other", measure: Kpi.count({ time: "accepted_at" }) })
          const list = [defs[1]!, other, defs[0]!, defs[1]!]
          const mixed = yield* SqlSource.pushDown(list, { table, ...options })
          const expected = [
            ...(yield* Kpi.evaluate(defs[1]!, rows, options)),
            ...(yield* Kpi.evaluate(other, rows, options)),
            ...(yield* Kpi.evaluate(defs[0]!, rows, options)),
            ...(yield* Kpi.evaluate(defs[1]!, rows, options))
          ]
          expect(mixed.map((r) => r.kpiId)).toEqual(expected.map((r) => r.kpiId))
          expect(normalise(mixed)).toEqual(normalise(expected))
          expect(yield* SqlSource.pushDown([], { table, ...options })).toEqual([])
        })
      ))
    })

    if (db.dialect === "pg") {
      it("push-down on PostgreSQL finds the month statistics (KpiSql.statistics): one scan for all time fields instead of one each, the same results", () => {
        const table = uniqueName("kpistats")
        const rows = makeRows(400, 4242)
        // without the distinct count every time field can share the scan
        const summable = defs.filter((d) => d.measure._tag !== "CountDistinct")
        const options = { period: Period.year(2022), grain: "quarter" as const, by: ["committee"] }
        /** the scans of the push-down's KPI queries (a UNION ALL has one FROM per scan) */
        const scans = (texts: ReadonlyArray<string>) => texts.filter((t) => t.includes(`AS "t"`)).map((t) => t.split(`\nFROM "${table}"`).length - 1)
        return run(withTable(
          table,
          db.dialect,
          Effect.zipRight(createHotline(table, db.dialect), insertRows(table, db.dialect, rows)),
          Effect.gen(function*() {
            const sql = yield* SqlClient.SqlClient
            const memory = yield* Kpi.evaluate(summable, rows, options)
            const [plain, plainQueries] = yield* recordQueries(SqlSource.pushDown(summable, { table, ...options }))
            for (const statement of KpiSql.statistics(summable, { table }).statements) yield* sql.unsafe(statement)
            const [withStatistics, statisticsQueries] = yield* recordQueries(SqlSource.pushDown(summable, { table, ...options }))
            expect(scans(plainQueries)).toEqual([3])
            expect(scans(statisticsQueries)).toEqual([1])
            expect(normalise(plain)).toEqual(normalise(memory))
            expect(normalise(withStatistics)).toEqual(normalise(memory))
            // a role that may only read the table finds them too (the statistics' data is the owner's to read)
            const reader = uniqueName("reader")
            yield* sql.unsafe(`CREATE ROLE "${reader}" LOGIN`)
            yield* sql.unsafe(`GRANT SELECT ON "${table}" TO "${reader}"`)
            const readerUrl = new URL(db.url)
            readerUrl.username = reader
            readerUrl.password = ""
            const asReader = yield* recordQueries(SqlSource.pushDown(summable, { table, ...options })).pipe(
              Effect.provide(pgLayer(readerUrl.toString())),
              Effect.ensuring(Effect.orDie(Effect.zipRight(sql.unsafe(`REVOKE ALL ON "${table}" FROM "${reader}"`), sql.unsafe(`DROP ROLE "${reader}"`))))
            )
            expect(scans(asReader[1])).toEqual([1])
            expect(normalise(asReader[0])).toEqual(normalise(memory))
          })
        ))
      })
    }

    it("push-down maps fields to columns and reports bad tables and columns", () => {
      const table = uniqueName("kpicols")
      return run(withTable(
        table,
        db.dialect,
        Effect.zipRight(createHotline(table, db.dialect), insertRows(table, db.dialect, makeRows(50))),
        Effect.gen(function*() {
          const e1 = yield* Effect.flip(SqlSource.pushDown(defs, { table: `${table}";--`, period: Period.year(2022) }))
          expect(e1).toMatchObject({ reason: "Config" })
          expect(e1.message).toContain("contains a double quote")
          const renamed = Kpi.define({ id: "t.renamed", name: "x", record: "r", measure: Kpi.count({ time: "acceptedAt" }) })
          const ok = yield* SqlSource.pushDown(renamed, { table, period: Period.year(2022), columns: { acceptedAt: "accepted_at" } })
          expect(ok[0]!.count).toBeGreaterThan(0)
          const e2 = yield* Effect.flip(SqlSource.pushDown(renamed, { table, period: Period.year(2022) }))
          expect(e2.reason).toBe("Sql")
          expect(e2.message).toMatch(/KPI t\.renamed: the query failed/)
        })
      ))
    })
  })
}

/** Floating sums may differ in the last bits between engines; compare to 12 significant digits. */
const normalise = (results: ReadonlyArray<Kpi.KpiResult>) =>
  results.map((r) => {
    const out: Record<string, unknown> = {}
    for (const [k, v] of Object.entries(r)) out[k] = typeof v === "number" ? Number(v.toPrecision(12)) : v
    return out
  })

describe("layerFromUrl and the Promise facade", () => {
  for (const db of all.filter((d) => d.dialect !== "sqlite")) {
    it.skipIf(!db.available)(`connects by URL to ${db.title} (${db.dialect === "mysql" ? "mariadb:// and mysql://" : "postgres://"})`, async () => {
      const table = uniqueName("url")
      const rows = makeRows(40)
      const layer = SqlSource.layerFromUrl(db.url)
      await Effect.runPromise(Effect.provide(Effect.zipRight(createHotline(table, db.dialect), insertRows(table, db.dialect, rows)), layer))
      try {
        const url = db.dialect === "mysql" ? db.url.replace(/^mysql:/, "mariadb:") : db.url
        const { records } = await SqlSource.loadPromise(url, { schema: Schema.Struct({ order_id: Schema.String }), table, key: "order_id" })
        expect(records.map((r) => r.order_id)).toEqual(rows.map((r) => r.order_id))
        const pushed = await SqlSource.pushDownPromise(db.url, defs, { table, period: Period.year(2022) })
        expect(normalise(pushed)).toEqual(normalise(await Kpi.evaluatePromise(defs, rows, { period: Period.year(2022) })))
      } finally {
        await Effect.runPromise(Effect.provide(dropTable(table, db.dialect), layer))
      }
    })
  }

  it("loads from a SQLite file URL and pushes down", async () => {
    const { mkdtempSync, rmSync } = await import("node:fs")
    const { tmpdir } = await import("node:os")
    const { join } = await import("node:path")
    const dir = mkdtempSync(join(tmpdir(), "govplan-sql-"))
    const file = join(dir, "hotline.db")
    const rows = makeRows(120)
    try {
      // written with a writable client: sqlite: URLs open read-only and never create a file
      const layer = sqliteLayer(file)
      await Effect.runPromise(Effect.provide(
        Effect.zipRight(createHotline("hotline_order", "sqlite"), insertRows("hotline_order", "sqlite", rows)),
        layer
      ))
      const { records, report } = await SqlSource.loadPromise(`sqlite:${file}`, {
        schema: Schema.Struct({ order_id: Schema.String, hours: Schema.NullOr(Schema.Number) }),
        table: "hotline_order"
      })
      expect(records.length).toBe(120)
      expect(report.accepted).toBe(120)
      const pushed = await SqlSource.pushDownPromise(file, defs, { table: "hotline_order", period: Period.year(2022), grain: "month" })
      const memory = await Kpi.evaluatePromise(defs, rows, { period: Period.year(2022), grain: "month" })
      expect(normalise(pushed)).toEqual(normalise(memory))
      await expect(SqlSource.loadPromise(`sqlite:${file}`, { schema: Schema.Struct({ x: Schema.String }), table: "a;b" }))
        .rejects.toMatchObject({ _tag: "SourceError", reason: "Config" })
      await expect(SqlSource.pushDownPromise("oracle://x", defs, { table: "t", period: Period.year(2022) })).rejects
        .toMatchObject({ reason: "Config", message: expect.stringMatching(/unsupported database URL/) })
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})

void Either
export type { SourceError, TestDatabase }

/** Runs an effect with a tracer that keeps the text of every SQL statement it executes (the `db.query.text` of @effect/sql's spans). */
const recordQueries = <A, E, R>(effect: Effect.Effect<A, E, R>): Effect.Effect<readonly [A, ReadonlyArray<string>], E, R> => {
  const texts: Array<string> = []
  let next = 0
  const tracer = Tracer.make({
    span: (name, parent, context, links, startTime, kind) => {
      const attributes = new Map<string, unknown>()
      return {
        _tag: "Span",
        name,
        spanId: String(next++),
        traceId: "queries",
        parent,
        context,
        status: { _tag: "Started", startTime },
        attributes,
        links,
        sampled: true,
        kind,
        end: () => {},
        attribute: (key, value) => {
          attributes.set(key, value)
          if (key === "db.query.text") texts.push(String(value))
        },
        event: () => {},
        addLinks: () => {}
      }
    },
    context: (f) => f()
  })
  return Effect.map(Effect.withTracer(effect, tracer), (a) => [a, texts] as const)
}
