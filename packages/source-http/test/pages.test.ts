import { FetchHttpClient } from "@effect/platform"
import { Chunk, Effect, Either, Stream } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import * as Pagination from "../src/Pagination.js"
import type { RequestOptions } from "../src/HttpSource.js"
import { pages } from "../src/internal/pages.js"
import { type FaultServer, startFaultServer } from "./faultServer.js"

let server: FaultServer
beforeAll(async () => {
  server = await startFaultServer(23)
})
afterAll(() => server.close())

const fast = { retry: { baseDelay: "5 millis", maxDelay: "50 millis" }, timeout: "2 seconds" } as const

const run = (options: RequestOptions) =>
  pages(options).pipe(Stream.runCollect, Effect.map(Chunk.toReadonlyArray), Effect.provide(FetchHttpClient.layer), Effect.either, Effect.runPromise)

const ids = (ps: ReadonlyArray<{ records: ReadonlyArray<unknown> }>) => ps.flatMap((p) => p.records.map((r: any) => r.id ?? r))

let n = 0
const key = () => `k${n++}_${Date.now()}`

describe("pagination strategies", () => {
  it("page/size stops at the short page", async () => {
    const r = await run({ ...fast, url: `${server.url}/page`, records: "items", pagination: Pagination.pageSize({ size: 10 }) })
    const ps = Either.getOrThrow(r)
    expect(ps.map((p) => [p.page, p.records.length])).toEqual([[1, 10], [2, 10], [3, 3]])
    expect(ids(ps)).toEqual(server.records.map((x) => x.id))
  })

  it("page/size with a total stops exactly at the total (no empty extra request)", async () => {
    const before = server.hits("/page").length
    const r = await run({
      ...fast,
      url: `${server.url}/page?size=0`,
      records: "items",
      pagination: Pagination.pageSize({ size: 23, totalPath: "total" })
    })
    expect(Either.getOrThrow(r).map((p) => p.records.length)).toEqual([23])
    expect(server.hits("/page").length - before).toBe(1)
  })

  it("offset/limit", async () => {
    const r = await run({ ...fast, url: `${server.url}/offset`, records: "data", pagination: Pagination.offsetLimit({ limit: 8 }) })
    const ps = Either.getOrThrow(r)
    expect(ps.map((p) => p.records.length)).toEqual([8, 8, 7])
    expect(ids(ps)).toEqual(server.records.map((x) => x.id))
  })

  it("an API that caps the page size silently still gives every record", async () => {
    const r = await run({ ...fast, url: `${server.url}/offset?cap=5`, records: "data", pagination: Pagination.offsetLimit({ limit: 8 }) })
    const ps = Either.getOrThrow(r)
    expect(ps.map((p) => p.records.length)).toEqual([5, 5, 5, 5, 3])
    expect(ids(ps)).toEqual(server.records.map((x) => x.id))
  })

  it("a result smaller than one page is confirmed by one more (empty) request", async () => {
    const r = await run({ ...fast, url: `${server.url}/offset`, records: "data", pagination: Pagination.offsetLimit({ limit: 50 }) })
    expect(Either.getOrThrow(r).map((p) => p.records.length)).toEqual([23, 0])
  })

  it("exact multiple of the page size ends on an empty page", async () => {
    const r = await run({ ...fast, url: `${server.url}/offset`, records: "data", pagination: Pagination.offsetLimit({ limit: 23 }) })
    expect(Either.getOrThrow(r).map((p) => p.records.length)).toEqual([23, 0])
  })

  it("cursor in the body", async () => {
    const r = await run({
      ...fast,
      url: `${server.url}/cursor`,
      records: "results",
      pagination: Pagination.cursor({ nextPath: "meta.next_cursor" })
    })
    const ps = Either.getOrThrow(r)
    expect(ps.map((p) => p.records.length)).toEqual([7, 7, 7, 2])
    expect(ids(ps)).toEqual(server.records.map((x) => x.id))
  })

  it("Link header rel=next (relative URLs resolved; bare array bodies)", async () => {
    const r = await run({ ...fast, url: `${server.url}/link?per_page=5`, pagination: Pagination.linkHeader() })
    const ps = Either.getOrThrow(r)
    expect(ps.map((p) => p.records.length)).toEqual([5, 5, 5, 5, 3])
    expect(ids(ps)).toEqual(server.records.map((x) => x.id))
  })

  it("CKAN datastore_search: follows _links.next, stops at total although CKAN offers another next", async () => {
    const k = key()
    const r = await run({
      ...fast,
      url: `${server.url}/?key=${k}`,
      pagination: Pagination.ckan({ resourceId: "hotline-2022", limit: 10 })
    })
    const ps = Either.getOrThrow(r)
    expect(ps.map((p) => [p.records.length, p.total])).toEqual([[10, 23], [10, 23], [3, 23]])
    expect(ids(ps)).toEqual(server.records.map((x) => x.id))
    const hits = server.hits("/api/3/action/datastore_search", k)
    expect(hits.map((h) => new URL(h.url, "http://x").searchParams.get("offset"))).toEqual(["0", "10", "20"])
  })

  it("a CKAN resource that does not exist (404, Not Found Error) is no data: no pages, and the hook says why", async () => {
    let why: string | undefined
    const r = await Effect.runPromise(
      Effect.either(Stream.runCollect(pages({ ...fast, url: server.url, pagination: Pagination.ckan({ resourceId: "nope" }) }, { notFound: (d) => (why = d) })))
        .pipe(Effect.provide(FetchHttpClient.layer))
    )
    expect(Chunk.toReadonlyArray(Either.getOrThrow(r))).toEqual([])
    expect(why).toMatch(/page 1 \(GET .*resource_id=nope.*\): CKAN: Not found: Resource "nope" was not found\./)
  })
})

describe("faults", () => {
  it("a slow response times out, the retry succeeds", async () => {
    const k = key()
    const r = await run({ ...fast, timeout: "150 millis", url: `${server.url}/slow?key=${k}&slow=1&ms=3000`, records: "items" })
    expect(Either.getOrThrow(r)[0]!.records.length).toBe(5)
    expect(server.hits("/slow", k).length).toBe(2)
  })

  it("a response that is always slow fails naming the timeout, after the retries", async () => {
    const k = key()
    const t0 = Date.now()
    const r = await run({
      ...fast,
      timeout: "100 millis",
      retry: { times: 2, baseDelay: "5 millis" },
      url: `${server.url}/slow?key=${k}&slow=99&ms=5000`,
      records: "items"
    })
    const e = Either.flip(r).pipe(Either.getOrThrow)
    expect(e.message).toMatch(/no complete response within 100 ms \(timeout\) \(gave up after 3 attempts\)/)
    expect(e.page).toBe(1)
    expect(server.hits("/slow", k).length).toBe(3)
    expect(Date.now() - t0).toBeLessThan(2000)
  })

  it("500 twice, then success", async () => {
    const k = key()
    const r = await run({ ...fast, url: `${server.url}/flaky?key=${k}&fail=2`, records: "items" })
    expect(Either.getOrThrow(r)[0]!.records.length).toBe(5)
    expect(server.hits("/flaky", k).length).toBe(3)
  })

  it("backoff grows exponentially between retries", async () => {
    const k = key()
    const r = await run({ ...fast, retry: { times: 4, baseDelay: "40 millis", maxDelay: "1 second" }, url: `${server.url}/flaky?key=${k}&fail=4`, records: "items" })
    expect(Either.isRight(r)).toBe(true)
    const at = server.hits("/flaky", k).map((h) => h.at)
    const gaps = at.slice(1).map((t, i) => t - at[i]!)
    // equal jitter: retry i waits between 40·2^i / 2 and 40·2^i ms
    gaps.forEach((g, i) => expect(g).toBeGreaterThanOrEqual(20 * 2 ** i - 5))
    expect(gaps[3]!).toBeGreaterThan(gaps[0]!)
  })

  it("a 503 that never ends fails with the status, the body and the attempt count", async () => {
    const r = await run({ ...fast, retry: { times: 2, baseDelay: "1 millis" }, url: `${server.url}/down`, records: "items" })
    const e = Either.flip(r).pipe(Either.getOrThrow)
    expect(e.message).toMatch(/HTTP 503 Service Unavailable: \{"error":"maintenance"\} \(gave up after 3 attempts\)/)
  })

  it("a 4xx other than 408/429 is not retried", async () => {
    const k = key()
    const r = await run({ ...fast, url: `${server.url}/flaky?key=${k}&fail=1&status=400`, records: "items" })
    expect(Either.flip(r).pipe(Either.getOrThrow).message).toMatch(/HTTP 400 Bad Request/)
    expect(server.hits("/flaky", k).length).toBe(1)
  })

  it("429 with Retry-After in seconds is honoured", async () => {
    const k = key()
    const r = await run({ ...fast, url: `${server.url}/429?key=${k}&after=1`, records: "items" })
    expect(Either.isRight(r)).toBe(true)
    const [a, b] = server.hits("/429", k)
    expect(b!.at - a!.at).toBeGreaterThanOrEqual(950)
  })

  it("429 with Retry-After as an HTTP-date is honoured", async () => {
    const k = key()
    const r = await run({ ...fast, url: `${server.url}/429?key=${k}&after=2&mode=date`, records: "items" })
    expect(Either.isRight(r)).toBe(true)
    const [a, b] = server.hits("/429", k)
    // HTTP-dates have 1 s resolution: 2 s from now is at least 1 s away
    expect(b!.at - a!.at).toBeGreaterThanOrEqual(950)
  })

  it("a Retry-After longer than maxRetryAfter fails at once instead of sleeping", async () => {
    const k = key()
    const r = await run({ ...fast, retry: { maxRetryAfter: "1 second" }, url: `${server.url}/429?key=${k}&after=3600`, records: "items" })
    expect(Either.flip(r).pipe(Either.getOrThrow).message).toMatch(/retry after 3600 s, longer than maxRetryAfter \(1 s\)/)
    expect(server.hits("/429", k).length).toBe(1)
  })

  it("a connection reset is retried", async () => {
    const k = key()
    const r = await run({ ...fast, url: `${server.url}/reset?key=${k}&fail=2`, records: "items" })
    expect(Either.getOrThrow(r)[0]!.records.length).toBe(5)
    expect(server.hits("/reset", k).length).toBe(3)
  })

  it("connection refused fails as a network error naming the URL, after its retries", async () => {
    const net = await import("node:net")
    const closed = net.createServer()
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve))
    const port = (closed.address() as import("node:net").AddressInfo).port
    await new Promise<void>((resolve) => closed.close(() => resolve()))
    const r = await run({ ...fast, retry: { times: 1, baseDelay: "1 millis" }, url: `http://127.0.0.1:${port}/x` })
    const e = Either.flip(r).pipe(Either.getOrThrow)
    expect(e.reason).toBe("Http")
    expect(e.message).toMatch(new RegExp(`GET http://127\\.0\\.0\\.1:${port}/x: network error: .*\\(gave up after 2 attempts\\)`))
  })

  it("truncated JSON fails naming the page and the bytes", async () => {
    const r = await run({ ...fast, url: `${server.url}/truncated`, records: "items" })
    const e = Either.flip(r).pipe(Either.getOrThrow)
    expect(e.page).toBe(1)
    expect(e.message).toMatch(/page 1 \(GET .*\/truncated\): the body is not valid JSON .* ending ".*recei" — truncated\?/)
  })

  it("wrong content type fails with the type and the start of the body", async () => {
    const r = await run({ ...fast, url: `${server.url}/html`, records: "items" })
    expect(Either.flip(r).pipe(Either.getOrThrow).message).toMatch(
      /expected a JSON response, got Content-Type "text\/html; charset=utf-8": <!doctype html><title>Portal maintenance/
    )
  })

  it("a cursor loop is detected", async () => {
    const r = await run({ ...fast, url: `${server.url}/loop`, records: "results", pagination: Pagination.cursor({ nextPath: "meta.next_cursor" }) })
    const e = Either.flip(r).pipe(Either.getOrThrow)
    expect(e.page).toBe(2)
    expect(e.message).toMatch(/pagination loop: the next page is .*cursor=again, which was already fetched/)
  })

  it("a Link loop is detected", async () => {
    const r = await run({ ...fast, url: `${server.url}/link-loop?page=1`, pagination: Pagination.linkHeader() })
    const e = Either.flip(r).pipe(Either.getOrThrow)
    expect(e.message).toMatch(/pagination loop/)
    expect(e.page).toBe(2)
  })

  it("an API that ignores the page parameter is detected (same body twice)", async () => {
    const r = await run({ ...fast, url: `${server.url}/offset`, records: "data", pagination: Pagination.pageSize({ size: 10 }) })
    const e = Either.flip(r).pipe(Either.getOrThrow)
    expect(e.message).toMatch(/page 2 has exactly the same body as page 1/)
  })

  it("maxPages stops with a Limit error instead of dropping rows silently", async () => {
    const r = await run({ ...fast, maxPages: 2, url: `${server.url}/offset`, records: "data", pagination: Pagination.offsetLimit({ limit: 5 }) })
    const e = Either.flip(r).pipe(Either.getOrThrow)
    expect(e.reason).toBe("Limit")
    expect(e.message).toMatch(/stopped after 2 pages \(maxPages\)/)
  })

  it("a 50 MB chunked body is refused by the byte limit without reading it all", async () => {
    const k = key()
    const r = await run({ ...fast, maxPageBytes: 1024 * 1024, url: `${server.url}/huge?key=${k}`, records: "items" })
    const e = Either.flip(r).pipe(Either.getOrThrow)
    expect(e.reason).toBe("Limit")
    expect(e.message).toMatch(/larger than the byte limit of 1 MiB; stopped reading after 1 MiB and closed the connection/)
    const written = await server.hugeClosed(k)
    expect(written).toBeLessThan(20 * 1024 * 1024) // the server never got to send the 50 MB
  })

  it("a 50 MB body with Content-Length is refused before reading", async () => {
    const k = key()
    const r = await run({ ...fast, maxPageBytes: 1024 * 1024, url: `${server.url}/huge?key=${k}&length=1`, records: "items" })
    const e = Either.flip(r).pipe(Either.getOrThrow)
    expect(e.message).toMatch(/declares 50 MiB \(Content-Length\), more than the byte limit of 1 MiB/)
    expect(await server.hugeClosed(k)).toBeLessThan(20 * 1024 * 1024)
  })

  it("maxBytes applies across pages", async () => {
    const r = await run({ ...fast, maxBytes: 2000, url: `${server.url}/offset`, records: "data", pagination: Pagination.offsetLimit({ limit: 8 }) })
    const e = Either.flip(r).pipe(Either.getOrThrow)
    expect(e.reason).toBe("Limit")
    expect(e.page).toBeGreaterThan(1)
  })

  it("bearer token and custom auth header are sent; 401 is not retried and says so", async () => {
    const ok = await run({ ...fast, url: `${server.url}/auth`, records: "items", auth: { bearer: "s3cret" } })
    expect(Either.isRight(ok)).toBe(true)
    const custom = await run({
      ...fast,
      url: `${server.url}/auth?header=x-api-key&expect=abc`,
      records: "items",
      auth: { header: "X-Api-Key", value: "abc" }
    })
    expect(Either.isRight(custom)).toBe(true)
    const k = key()
    const bad = await run({ ...fast, url: `${server.url}/auth?key=${k}`, records: "items", auth: { bearer: "wrong" } })
    expect(Either.flip(bad).pipe(Either.getOrThrow).message).toMatch(/HTTP 401 Unauthorized/)
    expect(server.hits("/auth", k).length).toBe(1)
  })

  it("a body that stalls midway times out and is retried", async () => {
    const k = key()
    const r = await run({ ...fast, timeout: "200 millis", url: `${server.url}/stall?key=${k}&stall=1&ms=5000`, records: "items" })
    expect(Either.getOrThrow(r)[0]!.records.length).toBe(2)
    expect(server.hits("/stall", k).length).toBe(2)
  })

  it("credentials are not sent to another origin a next link points to", async () => {
    const r = await run({ ...fast, url: `${server.url}/cross`, pagination: Pagination.linkHeader(), auth: { bearer: "s3cret" }, followOtherHosts: true })
    const ps = Either.getOrThrow(r)
    expect(ps.map((p) => p.url.startsWith("http://localhost:"))).toEqual([false, true])
    expect(ps.map((p) => (p.records[0] as any).auth)).toEqual(["Bearer s3cret", null])
  })

  it("a body in the declared charset (GBK) is decoded; undeclared non-UTF-8 bytes fail instead of turning into U+FFFD", async () => {
    const ok = await run({ ...fast, url: `${server.url}/gbk`, records: "items" })
    expect((Either.getOrThrow(ok)[0]!.records[0] as any).district).toBe("长寿路街道")
    const bad = await run({ ...fast, url: `${server.url}/not-utf8`, records: "items" })
    expect(Either.flip(bad).pipe(Either.getOrThrow).message).toMatch(/the body is not valid utf-8 text/)
  })

  it("a body that is not an array asks for the records path", async () => {
    const r = await run({ ...fast, url: `${server.url}/page` })
    const e = Either.flip(r).pipe(Either.getOrThrow)
    expect(e.reason).toBe("Config")
    expect(e.message).toMatch(/the body is an object with keys \["items","total","page","size"\], not an array of records; set the `records` option/)
  })

  it("secrets in the URL are redacted from errors", async () => {
    const r = await run({ ...fast, url: `${server.url}/html?api_key=TOPSECRET`, records: "items" })
    const e = Either.flip(r).pipe(Either.getOrThrow)
    expect(e.message).not.toContain("TOPSECRET")
    expect(e.message).toContain("api_key=***")
  })
})
