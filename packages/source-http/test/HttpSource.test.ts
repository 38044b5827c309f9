import { FetchHttpClient } from "@effect/platform"
import { Civil } from "@govplan/model"
import { ErrorPolicy, Source } from "@govplan/source"
import { Effect, Either, Schema } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { HttpSource, Pagination } from "../src/index.js"
import { type FaultServer, startFaultServer } from "./faultServer.js"

let server: FaultServer
beforeAll(async () => {
  server = await startFaultServer(23)
})
afterAll(() => server.close())

const Order = Schema.Struct({
  orderId: Schema.String,
  receivedAt: Civil.CivilDateTime,
  district: Schema.String,
  resolved: Schema.Boolean,
  satisfaction: Schema.Int.pipe(Schema.between(1, 5))
})
const mapping = { id: "orderId", received: "receivedAt" } as const
const fast = { retry: { baseDelay: "5 millis", maxDelay: "50 millis" }, timeout: "2 seconds" } as const

const collect = <A, I>(options: HttpSource.LoadOptions<A, I>) =>
  HttpSource.load(options).pipe(
    Effect.flatMap((load) => Effect.map(Effect.either(Source.collect(load)), (result) => ({ result, report: load.report }))),
    Effect.flatMap(({ report, result }) => Effect.map(report, (r) => ({ result, report: r }))),
    Effect.provide(FetchHttpClient.layer),
    Effect.runPromise
  )

describe("HttpSource.load", () => {
  it("decodes every page through the mapping", async () => {
    const { report, result } = await collect({
      ...fast,
      schema: Order,
      mapping,
      url: `${server.url}/page`,
      records: "items",
      pagination: Pagination.pageSize({ size: 10, totalPath: "total" })
    })
    const { records } = Either.getOrThrow(result)
    expect(records.length).toBe(23)
    expect(records[0]).toEqual({ orderId: "HT00001", receivedAt: "2022-03-01 09:00:00", district: "东城", resolved: false, satisfaction: 1 })
    expect(report).toMatchObject({ read: 23, accepted: 23, rejected: 0, complete: true, ignoredColumns: [] })
  })

  it("bad records on page 2 are rejected naming page and index; the rest load", async () => {
    const { report, result } = await collect({
      ...fast,
      schema: Order,
      mapping,
      url: `${server.url}/bad-page2`,
      records: "items",
      pagination: Pagination.pageSize({ size: 10 })
    })
    expect(Either.getOrThrow(result).records.length).toBe(21)
    expect(report).toMatchObject({ read: 23, accepted: 21, rejected: 2, complete: true })
    expect(report.rejections.map((r) => [r.page, r.index, r.column, r.field, r.value])).toEqual([
      [2, 1, "received", "receivedAt", "not a date"],
      [2, 3, "satisfaction", "satisfaction", "many"]
    ])
    expect(report.rejections[0]!.source).toBe(`${server.url}/bad-page2`)
  })

  it("fail-fast: the error names page and index", async () => {
    const { report, result } = await collect({
      ...fast,
      schema: Order,
      mapping,
      policy: ErrorPolicy.failFast,
      url: `${server.url}/bad-page2`,
      records: "items",
      pagination: Pagination.pageSize({ size: 10 })
    })
    const e = Either.flip(result).pipe(Either.getOrThrow)
    expect(e).toMatchObject({ reason: "Decode", page: 2, index: 1, column: "received", value: "not a date" })
    expect(e.message).toMatch(/page 2, index 1, column "received" \(receivedAt\), value "not a date"/)
    expect(report.complete).toBe(false)
    expect(report.read).toBe(12)
  })

  it("CKAN DataStore with a mapping", async () => {
    const { report, result } = await collect({
      ...fast,
      schema: Order,
      mapping,
      url: server.url,
      pagination: Pagination.ckan({ resourceId: "hotline-2022", limit: 10 })
    })
    expect(Either.getOrThrow(result).records.map((r) => r.orderId)).toEqual(server.records.map((r) => r.id))
    expect(report.ignoredColumns).toEqual(["_id"])
    expect(report.read).toBe(23)
  })

  it("a transport failure mid-load leaves an incomplete report with what was read", async () => {
    const { report, result } = await collect({
      ...fast,
      schema: Order,
      mapping,
      url: `${server.url}/truncated`,
      records: "items"
    })
    expect(Either.flip(result).pipe(Either.getOrThrow).reason).toBe("Http")
    expect(report).toMatchObject({ read: 0, complete: false })
  })

  it("records that are not objects, and empty objects, are rejected, not skipped", async () => {
    const { report, result } = await collect({ ...fast, schema: Order, mapping, url: `${server.url}/odd`, records: "data" })
    expect(Either.getOrThrow(result).records.map((r) => r.orderId)).toEqual(["HT00001", "HT00002"])
    expect(report).toMatchObject({ read: 6, accepted: 2, rejected: 4 })
    expect(report.rejections.map((r) => [r.page, r.index, r.value])).toEqual([
      [1, 1, "42"],
      [1, 2, "null"],
      [1, 3, undefined],
      [1, 4, "[1,2]"]
    ])
    expect(report.rejections[0]!.reason).toBe("the record is a number, not a JSON object")
    expect(report.rejections[2]!.reason).toMatch(/a value is required/)
  })

  it("an empty result loads nothing, completely", async () => {
    const { report, result } = await collect({
      ...fast,
      schema: Order,
      mapping,
      url: `${server.url}/offset?offset=100`,
      records: "data"
    })
    expect(Either.getOrThrow(result).records).toEqual([])
    expect(report).toMatchObject({ read: 0, accepted: 0, complete: true })
  })

  it("the Promise facade resolves with records and report, and rejects with the SourceError", async () => {
    const { records, report } = await HttpSource.loadPromise({
      ...fast,
      schema: Order,
      mapping,
      url: `${server.url}/cursor`,
      records: "results",
      pagination: Pagination.cursor({ nextPath: "meta.next_cursor" })
    })
    expect(records.length).toBe(23)
    expect(report.accepted).toBe(23)
    await expect(HttpSource.loadPromise({ ...fast, schema: Order, url: `${server.url}/html` })).rejects.toMatchObject({
      _tag: "SourceError",
      reason: "Http",
      message: expect.stringMatching(/expected a JSON response/)
    })
  })
})
