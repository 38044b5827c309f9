/**
 * Faults of HTTP and CKAN sources, table-driven, against the loopback fault server: every case either
 * fails the load with a `SourceError` whose reason and text are asserted, or loads with the counts
 * reconciling (read = accepted + rejected + duplicates) and the warnings asserted.
 */
import { FetchHttpClient } from "@effect/platform"
import { type ColumnMapping, type LoadReport, Source, type SourceError } from "@govplan/source"
import { Cause, Effect, Exit, Option, Schema } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { HttpSource, Pagination } from "../src/index.js"
import { type FaultServer, startFaultServer } from "./faultServer.js"

const Record = Schema.Struct({
  id: Schema.String,
  received: Schema.String,
  district: Schema.NullOr(Schema.String),
  resolved: Schema.Boolean,
  satisfaction: Schema.Number
})

const mapping: ColumnMapping.ColumnMapping = {
  id: { field: "id", key: true, allowEmpty: false },
  received: "received",
  district: { field: "district", codes: ["东城", "西城", "南岸"] },
  resolved: "resolved",
  satisfaction: "satisfaction"
}

let server: FaultServer
beforeAll(async () => {
  server = await startFaultServer(23)
})
afterAll(() => server.close())

const fast = { retry: { times: 2, baseDelay: "5 millis", maxDelay: "20 millis" }, timeout: "2 seconds" } as const
let n = 0
const key = () => `f${n++}_${Date.now()}`

interface Outcome {
  readonly error: SourceError.SourceError | undefined
  readonly report: LoadReport.LoadReport
  readonly records: number
}

const load = async (options: Partial<HttpSource.LoadOptions<typeof Record.Type, typeof Record.Encoded>> & { readonly url: string }): Promise<Outcome> => {
  let records = 0
  const program = Effect.gen(function*() {
    const l = yield* HttpSource.load({ schema: Record, mapping, ...fast, ...options })
    const exit = yield* Effect.exit(Source.collect(l))
    const report = yield* l.report
    if (Exit.isSuccess(exit)) records = exit.value.records.length
    const error = Exit.isFailure(exit) ? Option.getOrUndefined(Cause.failureOption(exit.cause)) : undefined
    if (Exit.isFailure(exit) && error === undefined) throw new Error(`a defect: ${Cause.pretty(exit.cause)}`)
    return { error, report, records }
  })
  return Effect.runPromise(Effect.provide(program, FetchHttpClient.layer))
}

const ckan = (resourceId: string, extra = "") => ({
  url: `${server.url}/api/3/action/datastore_search${extra}`,
  pagination: Pagination.ckan({ resourceId, limit: 10 })
})

type Case = readonly [
  name: string,
  options: () => Partial<HttpSource.LoadOptions<any, any>> & { readonly url: string },
  check: (o: Outcome) => void
]

const failsWith = (reason: string, text: RegExp | string) => (o: Outcome) => {
  expect(o.error?.reason).toBe(reason)
  if (typeof text === "string") expect(o.error?.message).toContain(text)
  else expect(o.error?.message).toMatch(text)
  expect(o.records).toBe(0)
}

const cases: ReadonlyArray<Case> = [
  // --- transport and status: retried or not
  ["500 twice then 200: retried, loads", () => ({ url: `${server.url}/flaky?key=${key()}&fail=2`, records: "items" }), (o) => {
    expect(o.error).toBeUndefined()
    expect(o.report).toMatchObject({ read: 5, accepted: 5, complete: true })
  }],
  ["503 for ever: gives up after the retries", () => ({ url: `${server.url}/down` }), failsWith("Http", /HTTP 503 Service Unavailable.*\(gave up after 3 attempts\)/)],
  ["404: not retried", () => ({ url: `${server.url}/flaky?key=${key()}&fail=5&status=404`, records: "items" }), (o) => {
    failsWith("Http", "HTTP 404 Not Found")(o)
    expect(o.error?.message).not.toContain("gave up")
  }],
  ["401: not retried", () => ({ url: `${server.url}/auth`, records: "items" }), (o) => {
    failsWith("Http", "HTTP 401 Unauthorized")(o)
    expect(o.error?.message).not.toContain("gave up")
  }],
  ["403: not retried", () => ({ url: `${server.url}/flaky?key=${key()}&fail=5&status=403`, records: "items" }), (o) => {
    failsWith("Http", "HTTP 403 Forbidden")(o)
    expect(o.error?.message).not.toContain("gave up")
  }],
  ["408: retried", () => ({ url: `${server.url}/flaky?key=${key()}&fail=1&status=408`, records: "items" }), (o) => {
    expect(o.error).toBeUndefined()
    expect(o.report.accepted).toBe(5)
  }],
  ["429 with Retry-After: retried", () => ({ url: `${server.url}/429?key=${key()}&after=0`, records: "items" }), (o) => {
    expect(o.error).toBeUndefined()
    expect(o.report.accepted).toBe(5)
  }],
  ["429 asking for longer than maxRetryAfter fails at once", () => ({
    url: `${server.url}/429?key=${key()}&after=600`,
    records: "items",
    retry: { ...fast.retry, maxRetryAfter: "1 second" }
  }), failsWith("Http", "longer than maxRetryAfter")],
  ["a reset connection is retried", () => ({ url: `${server.url}/reset?key=${key()}&fail=1`, records: "items" }), (o) => {
    expect(o.error).toBeUndefined()
    expect(o.report.accepted).toBe(5)
  }],
  ["a connection reset every time fails as a network error", () => ({ url: `${server.url}/reset?key=${key()}&fail=9`, records: "items" }), failsWith("Http", /network error.*gave up after 3 attempts/)],
  ["a stall mid-body times out, every attempt", () => ({ url: `${server.url}/stall?key=${key()}&stall=9&ms=5000`, records: "items", timeout: "200 millis" }), failsWith("Http", /no complete response within 200 ms \(timeout\).*gave up after 3 attempts/)],
  ["a bad scheme is a Config error, nothing requested", () => ({ url: "ftp://127.0.0.1/orders" }), failsWith("Config", "unsupported URL scheme \"ftp:\"")],
  ["a file: URL is refused", () => ({ url: "file:///etc/passwd" }), failsWith("Config", "unsupported URL scheme \"file:\"")],
  ["a bad port is not retried", () => ({ url: "http://127.0.0.1:1/x" }), (o) => {
    failsWith("Config", "not retried: it cannot succeed")(o)
    expect(o.error?.message).not.toContain("gave up")
  }],
  ["an invalid URL is a Config error", () => ({ url: "http://[::1" }), failsWith("Config", "invalid URL")],
  ["HTML instead of JSON", () => ({ url: `${server.url}/html` }), failsWith("Http", "expected a JSON response, got Content-Type \"text/html; charset=utf-8\"")],
  ["truncated JSON", () => ({ url: `${server.url}/truncated`, records: "items" }), failsWith("Http", "the body is not valid JSON")],
  ["no records array where told", () => ({ url: `${server.url}/page`, records: "nope" }), failsWith("Config", "no array of records at \"nope\"")],
  ["a next link to another host is not followed", () => ({ url: `${server.url}/cross`, pagination: Pagination.linkHeader(), mapping: { auth: "id" }, schema: Schema.Struct({ id: Schema.NullOr(Schema.String) }) } as never), failsWith("Config", /the next page is on another host \(http:\/\/localhost:\d+\/echo-auth\); not followed \(set followOtherHosts to allow it\)/)],
  ["a pagination loop is stopped", () => ({ url: `${server.url}/loop`, pagination: Pagination.cursor({ param: "cursor", nextPath: "meta.next_cursor" }), records: "results" }), failsWith("Http", "pagination loop")],
  ["more pages than maxPages is a Limit error, never a silent cut", () => ({ url: `${server.url}/page`, records: "items", pagination: Pagination.pageSize({ size: 5 }), maxPages: 2 }), failsWith("Limit", "stopped after 2 pages (maxPages)")],
  ["a body over maxPageBytes is a Limit error", () => ({ url: `${server.url}/huge?key=${key()}&mb=2`, records: "items", maxPageBytes: 100_000 }), failsWith("Limit", "larger than the byte limit")],
  // --- records
  ["bad values are rejected per record, the rest loads", () => ({ url: `${server.url}/bad-page2`, records: "items", pagination: Pagination.pageSize({ size: 10 }) }), (o) => {
    expect(o.error).toBeUndefined()
    // received is a plain string here, so "not a date" passes; "many" is no number
    expect(o.report).toMatchObject({ read: 23, accepted: 22, rejected: 1 })
    expect(o.report.rejections.map((r) => [r.page, r.index, r.column, r.value])).toEqual([[2, 3, "satisfaction", "many"]])
  }],
  ["records that are not objects are rejected naming the page and index", () => ({ url: `${server.url}/odd`, records: "data" }), (o) => {
    expect(o.error).toBeUndefined()
    expect(o.report).toMatchObject({ read: 6, accepted: 2, rejected: 4 })
    expect(o.report.rejections[0]).toMatchObject({ page: 1, index: 1, reason: "the record is a number, not a JSON object" })
  }],
  // --- CKAN
  ["CKAN: a clean resource loads, _id ignored", () => ckan("hotline-2022"), (o) => {
    expect(o.error).toBeUndefined()
    expect(o.report).toMatchObject({ read: 23, accepted: 23, duplicates: 0, warnings: [], ignoredColumns: ["_id"] })
  }],
  ["CKAN: a missing resource (404 Not Found Error) is no data", () => ckan("nope"), (o) => {
    expect(o.error).toBeUndefined()
    expect(o.report).toMatchObject({ read: 0, accepted: 0, complete: true })
    expect(o.report.noData).toMatch(/CKAN: Not found: Resource "nope" was not found\./)
  }],
  ["CKAN: a deleted resource (200, Not Found Error) is no data", () => ckan("gone"), (o) => {
    expect(o.error).toBeUndefined()
    expect(o.report.noData).toContain("CKAN: Not found: Resource was deleted")
  }],
  ["CKAN: a 404 HTML page for the resource is no data", () => ckan("html404"), (o) => {
    expect(o.error).toBeUndefined()
    expect(o.report.noData).toContain("HTTP 404 Not Found: the resource does not exist")
  }],
  ["CKAN: any other failure (409 Validation Error) fails", () => ckan("invalid"), failsWith("Http", "HTTP 409 Conflict")],
  ["CKAN: a total that does not match the records delivered is a warning", () => ckan("hotline-2022", "?fault=total"), (o) => {
    expect(o.error).toBeUndefined()
    expect(o.report).toMatchObject({ read: 23, accepted: 23 })
    expect(o.report.warnings).toEqual(["the API announced 28 records (total) but delivered 23"])
  }],
  ["CKAN: overlapping pages: repeated _ids are duplicates, counted and warned", () => ckan("hotline-2022", "?fault=overlap"), (o) => {
    expect(o.error).toBeUndefined()
    expect(o.report).toMatchObject({ read: 25, accepted: 23, rejected: 0, duplicates: 2 })
    expect(o.report.warnings).toEqual([
      "page 2 repeats 2 records (_id) already delivered: overlapping pages",
      "the API announced 23 records (total) but delivered 25 (23 distinct _id)"
    ])
    // the record key (id) repeats first, so the row is reported by it
    expect(o.report.duplicateRows[0]!.reason).toBe("duplicate key id = \"HT00009\", first seen at page 1, index 8; row left out")
  }],
  ["CKAN: a repeated _id is a duplicate even with other content", () => ckan("hotline-2022", "?fault=dupid"), (o) => {
    expect(o.error).toBeUndefined()
    // the first record of pages 2 and 3 repeats the _id of the record before it
    expect(o.report).toMatchObject({ read: 23, accepted: 21, duplicates: 2 })
    expect(o.report.duplicateRows.map((r) => [r.page, r.index, r.column, r.value])).toEqual([[2, 0, "_id", "10"], [3, 0, "_id", "20"]])
  }],
  ["CKAN: duplicates: keep keeps repeated records and warns", () => ({ ...ckan("hotline-2022", "?fault=overlap"), duplicates: "keep" }), (o) => {
    expect(o.report).toMatchObject({ read: 25, accepted: 25, duplicates: 0 })
    expect(o.report.duplicateRows.map((r) => r.reason.endsWith("kept (duplicates: keep)"))).toEqual([true, true])
  }],
  ["CKAN: a next link to another host is not followed", () => ckan("hotline-2022", "?fault=nextother"), failsWith("Config", "the next page is on another host")],
  ["CKAN: a next link to another host is followed when allowed", () => ({ ...ckan("hotline-2022", "?fault=nextother"), followOtherHosts: true }), (o) => {
    expect(o.error).toBeUndefined()
    expect(o.report.accepted).toBe(23)
  }],
  ["CKAN: a key page 1 leaves out is taken from later pages", () => ckan("hotline-2022", "?fault=latekey"), (o) => {
    expect(o.error).toBeUndefined()
    expect(o.report).toMatchObject({ read: 23, accepted: 23, rejected: 0, warnings: [] })
  }],
  ["CKAN: a required key no page has fails naming it and the keys found", () => ({
    ...ckan("hotline-2022", "?fault=nokey"),
    mapping: { ...mapping, district: { field: "district", required: true } }
  }), (o) => {
    expect(o.error?.reason).toBe("Header")
    expect(o.error?.message).toContain("missing required column \"district\": no record on any page has it; the keys found: \"_id\", \"id\"")
    expect(o.report.complete).toBe(false)
  }],
  ["CKAN: keys that only later pages have and nothing uses are warned about", () => ({
    ...ckan("hotline-2022", "?fault=latekey"),
    mapping: { id: "id", received: "received", resolved: "resolved", satisfaction: "satisfaction" },
    schema: Schema.Struct({ id: Schema.String, received: Schema.String, resolved: Schema.Boolean, satisfaction: Schema.Number })
  } as never), (o) => {
    expect(o.error).toBeUndefined()
    expect(o.report.warnings).toEqual(["keys that first appear after page 1 and that no field uses (ignored): district"])
  }],
  ["CKAN: a page that fails with 500 fails the load after its retries (never a short load)", () => ckan("hotline-2022", "?fault=error500"), (o) => {
    failsWith("Http", /page 2|HTTP 500/)(o)
    expect(o.report).toMatchObject({ read: 10, complete: false })
  }],
  ["CKAN: a page that stalls fails after the timeout", () => ({ ...ckan("hotline-2022", "?fault=stall&ms=5000"), timeout: "200 millis" }), (o) => {
    failsWith("Http", "no complete response within 200 ms (timeout)")(o)
    expect(o.report.complete).toBe(false)
  }],
  ["CKAN: a code outside the list is rejected with the allowed values", () => ({
    ...ckan("hotline-2022"),
    mapping: { ...mapping, district: { field: "district", codes: ["东城", "西城"] } }
  }), (o) => {
    expect(o.error).toBeUndefined()
    expect(o.report).toMatchObject({ read: 23, accepted: 16, rejected: 7 })
    expect(o.report.rejections[0]).toMatchObject({ page: 1, index: 2, column: "district", value: "南岸" })
    expect(o.report.rejections[0]!.reason).toBe("\"南岸\" is not an allowed value; allowed: 东城, 西城")
  }]
]

describe("HTTP and CKAN faults (table)", () => {
  for (const [name, options, check] of cases) {
    it(name, async () => {
      const o = await load(options() as never)
      check(o)
      expect(o.report.read).toBe(o.report.accepted + o.report.rejected + o.report.duplicates)
    }, 20_000)
  }
})
