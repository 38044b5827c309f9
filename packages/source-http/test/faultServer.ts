/**
 * A real node:http server on 127.0.0.1 (random port) that the HTTP source tests start. Every route
 * serves the same deterministic record set and injects one kind of fault. Per-test state (how many
 * times a route has failed so far) is keyed by the `key` query parameter so tests never share it.
 */
import iconv from "iconv-lite"
import * as Http from "node:http"
import type { AddressInfo } from "node:net"

export interface FaultRecord {
  readonly id: string
  readonly received: string
  readonly district: string
  readonly resolved: boolean
  readonly satisfaction: number
}

export const makeRecords = (n: number): Array<FaultRecord> =>
  Array.from({ length: n }, (_, i) => ({
    id: `HT${String(i + 1).padStart(5, "0")}`,
    received: `2022-03-${String((i % 28) + 1).padStart(2, "0")} 09:${String(i % 60).padStart(2, "0")}:00`,
    district: ["东城", "西城", "南岸"][i % 3]!,
    resolved: i % 4 !== 0,
    satisfaction: (i % 5) + 1
  }))

export interface LoggedRequest {
  readonly method: string
  readonly url: string
  readonly headers: Http.IncomingHttpHeaders
  readonly at: number
}

export interface FaultServer {
  readonly url: string
  readonly records: ReadonlyArray<FaultRecord>
  readonly requests: Array<LoggedRequest>
  /** requests whose path starts with `prefix` and whose `key` parameter is `key` */
  readonly hits: (prefix: string, key?: string) => Array<LoggedRequest>
  /** bytes the /huge route managed to write before the client went away, by key */
  readonly hugeBytesWritten: Map<string, number>
  /** resolves when the /huge response for `key` has closed (client aborted or finished) */
  readonly hugeClosed: (key: string) => Promise<number>
  readonly close: () => Promise<void>
}

const json = (res: Http.ServerResponse, status: number, body: unknown, headers: Http.OutgoingHttpHeaders = {}) => {
  const text = JSON.stringify(body)
  res.writeHead(status, {
    "content-type": "application/json; charset=utf-8",
    "content-length": Buffer.byteLength(text),
    ...headers
  })
  res.end(text)
}

const int = (value: string | null, fallback: number) => {
  const n = value === null ? NaN : Number(value)
  return Number.isInteger(n) ? n : fallback
}

export const startFaultServer = async (recordCount = 23): Promise<FaultServer> => {
  const records = makeRecords(recordCount)
  const requests: Array<LoggedRequest> = []
  const counters = new Map<string, number>()
  const hugeBytesWritten = new Map<string, number>()
  const hugeWaiters = new Map<string, Array<(n: number) => void>>()
  const hugeDone = new Set<string>()
  const bump = (name: string) => {
    const n = (counters.get(name) ?? 0) + 1
    counters.set(name, n)
    return n
  }

  const server = Http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1")
    requests.push({ method: req.method ?? "GET", url: url.pathname + url.search, headers: req.headers, at: Date.now() })
    const q = url.searchParams
    const key = q.get("key") ?? ""
    const path = url.pathname

    // page/size: ?page=1&size=10 (pages start at 1) → { items, total }
    if (path === "/page" || path === "/bad-page2") {
      const page = int(q.get("page"), 1)
      const size = int(q.get("size"), 10)
      const items: Array<Record<string, unknown>> = records.slice((page - 1) * size, page * size).map((r) => ({ ...r }))
      if (path === "/bad-page2" && page === 2) {
        items[1] = { ...items[1], received: "not a date" }
        items[3] = { ...items[3], satisfaction: "many" }
      }
      return json(res, 200, { items, total: records.length, page, size })
    }
    // offset/limit: ?offset=0&limit=10 → { data: [...] }
    if (path === "/offset") {
      const offset = int(q.get("offset"), 0)
      // ?cap=N: the API silently serves at most N records whatever limit is asked
      const limit = Math.min(int(q.get("limit"), 10), int(q.get("cap"), 1e9))
      return json(res, 200, { data: records.slice(offset, offset + limit) })
    }
    // cursor in body: ?cursor=... → { results, meta: { next_cursor } }
    if (path === "/cursor") {
      const start = q.get("cursor") ? Number(Buffer.from(q.get("cursor")!, "base64url").toString()) : 0
      const next = start + 7 < records.length ? Buffer.from(String(start + 7)).toString("base64url") : null
      return json(res, 200, { results: records.slice(start, start + 7), meta: { next_cursor: next } })
    }
    // Link header (GitHub style), bare array bodies
    if (path === "/link") {
      const page = int(q.get("page"), 1)
      const per = int(q.get("per_page"), 5)
      const last = Math.ceil(records.length / per)
      const links = [`<${url.origin.replace("127.0.0.1", req.headers.host ?? "127.0.0.1")}/link?page=1&per_page=${per}>; rel="first"`]
      if (page < last) links.push(`</link?page=${page + 1}&per_page=${per}>; rel="next"`)
      links.push(`</link?page=${last}&per_page=${per}>; rel="last"`)
      return json(res, 200, records.slice((page - 1) * per, page * per), { link: links.join(", ") })
    }
    // a cursor API that hands back the same cursor forever
    if (path === "/loop") {
      return json(res, 200, { results: records.slice(0, 3), meta: { next_cursor: "again" } })
    }
    // a Link API whose next link points back at page 2 forever
    if (path === "/link-loop") {
      const page = int(q.get("page"), 1)
      return json(res, 200, records.slice((page - 1) * 5, page * 5), { link: `</link-loop?page=2>; rel="next"` })
    }
    // slow: the first `slow` requests for a key wait `ms` before answering
    if (path === "/slow") {
      const n = bump(`slow:${key}`)
      const delay = n <= int(q.get("slow"), 1) ? int(q.get("ms"), 1000) : 0
      const timer = setTimeout(() => json(res, 200, { items: records.slice(0, 5) }), delay)
      res.on("close", () => clearTimeout(timer))
      return
    }
    // 500 (or other status) `fail` times, then success
    if (path === "/flaky") {
      const n = bump(`flaky:${key}`)
      if (n <= int(q.get("fail"), 2)) return json(res, int(q.get("status"), 500), { error: "try again" })
      return json(res, 200, { items: records.slice(0, 5) })
    }
    // 429 with Retry-After (seconds or HTTP-date), then success
    if (path === "/429") {
      const n = bump(`429:${key}`)
      if (n <= int(q.get("fail"), 1)) {
        const mode = q.get("mode") ?? "seconds"
        const retryAfter = mode === "date"
          ? new Date(Date.now() + int(q.get("after"), 1) * 1000).toUTCString()
          : String(int(q.get("after"), 1))
        return json(res, 429, { error: "slow down" }, { "retry-after": retryAfter })
      }
      return json(res, 200, { items: records.slice(0, 5) })
    }
    // the connection is cut `fail` times before any response, then success
    if (path === "/reset") {
      const n = bump(`reset:${key}`)
      if (n <= int(q.get("fail"), 1)) return req.socket.destroy()
      return json(res, 200, { items: records.slice(0, 5) })
    }
    // records of odd shapes: a number, null, an empty object, an array, between good ones
    if (path === "/odd") {
      return json(res, 200, { data: [records[0], 42, null, {}, [1, 2], records[1]] })
    }
    // headers and half a body, then nothing more for `ms` (a stall mid-body), `stall` times per key
    if (path === "/stall") {
      const n = bump(`stall:${key}`)
      res.writeHead(200, { "content-type": "application/json" })
      if (n <= int(q.get("stall"), 1)) {
        res.write(`{"items":[${JSON.stringify(records[0])},`)
        const timer = setTimeout(() => res.end(`${JSON.stringify(records[1])}]}`), int(q.get("ms"), 5000))
        res.on("close", () => clearTimeout(timer))
        return
      }
      return res.end(JSON.stringify({ items: records.slice(0, 2) }))
    }
    // one record, and a Link to another origin (localhost instead of 127.0.0.1) that echoes credentials
    if (path === "/cross") {
      const port = (req.socket.localPort ?? 0)
      return json(res, 200, [{ auth: req.headers.authorization ?? null }], {
        link: `<http://localhost:${port}/echo-auth>; rel="next"`
      })
    }
    if (path === "/echo-auth") {
      return json(res, 200, [{ auth: req.headers.authorization ?? null, key: req.headers["x-api-key"] ?? null }])
    }
    // a GBK-encoded body (charset declared), and one with bytes that are not UTF-8 (charset not declared)
    if (path === "/gbk") {
      const body = iconv.encode(JSON.stringify({ items: [{ ...records[0], district: "长寿路街道" }] }), "gbk")
      res.writeHead(200, { "content-type": "application/json; charset=GBK", "content-length": body.length })
      return res.end(body)
    }
    if (path === "/not-utf8") {
      const body = iconv.encode(JSON.stringify({ items: [{ ...records[0], district: "长寿路街道" }] }), "gbk")
      res.writeHead(200, { "content-type": "application/json", "content-length": body.length })
      return res.end(body)
    }
    // always 503
    if (path === "/down") return json(res, 503, { error: "maintenance" })
    // 401 unless Authorization is right
    if (path === "/auth") {
      const expected = q.get("expect") ?? "Bearer s3cret"
      const header = q.get("header") ?? "authorization"
      if (req.headers[header] !== expected) return json(res, 401, { error: "unauthorized" })
      return json(res, 200, { items: records.slice(0, 5) })
    }
    // truncated JSON: the body stops mid-record
    if (path === "/truncated") {
      res.writeHead(200, { "content-type": "application/json" })
      return res.end(`{"items":[${JSON.stringify(records[0])},{"id":"HT00002","recei`)
    }
    // wrong content type
    if (path === "/html") {
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" })
      return res.end("<!doctype html><title>Portal maintenance</title>")
    }
    // a 50 MB JSON body, streamed with backpressure; with ?length=1 it declares Content-Length
    if (path === "/huge") {
      const total = int(q.get("mb"), 50) * 1024 * 1024
      const row = JSON.stringify(records[0]) + ","
      const chunk = Buffer.from(row.repeat(Math.ceil(65536 / row.length)))
      res.writeHead(200, {
        "content-type": "application/json",
        ...(q.get("length") === "1" ? { "content-length": total } : {})
      })
      let written = 0
      const head = Buffer.from(`{"items":[`)
      res.write(head)
      written += head.length
      const pump = () => {
        while (written < total - 64) {
          const piece = chunk.subarray(0, Math.min(chunk.length, total - 64 - written))
          written += piece.length
          if (!res.write(piece)) return res.once("drain", pump)
        }
        const tail = Buffer.from(`${JSON.stringify(records[0])}]}`.padEnd(total - written, " "))
        written += tail.length
        res.end(tail)
      }
      const finish = () => {
        if (hugeDone.has(key)) return
        hugeDone.add(key)
        hugeBytesWritten.set(key, written)
        for (const w of hugeWaiters.get(key) ?? []) w(written)
      }
      res.on("close", finish)
      return pump()
    }
    // CKAN DataStore: /api/3/action/datastore_search?resource_id=..&limit=..&offset=..
    // faults (?fault=…, kept in every next link): total (announces 5 more than it has), overlap (pages
    // after the first start 2 records early), dupid (the first record of page 2 repeats page 1's last
    // _id), nextother (next links to another host), latekey (page 1 leaves out the district key),
    // nokey (no record has it), stall (page 2 answers after ?ms), error500 (page 2 always fails);
    // resources: gone (200 with a Not Found Error), invalid (409 ValidationError), html404 (a 404 page)
    if (path === "/api/3/action/datastore_search") {
      const resourceId = q.get("resource_id")
      const fault = q.get("fault") ?? ""
      if (resourceId === "gone") {
        return json(res, 200, { success: false, error: { __type: "Not Found Error", message: "Not found: Resource was deleted" } })
      }
      if (resourceId === "invalid") {
        return json(res, 409, { success: false, error: { __type: "Validation Error", limit: ["Invalid integer"] } })
      }
      if (resourceId === "html404") {
        res.writeHead(404, { "content-type": "text/html" })
        return res.end("<h1>Not Found</h1>")
      }
      if (resourceId === "hotline-2022" && int(q.get("offset"), 0) > 0) {
        if (fault === "error500") return json(res, 500, { success: false, error: { message: "internal" } })
        if (fault === "stall") {
          const timer = setTimeout(() => json(res, 200, { success: true, result: { records: [], total: 0 } }), int(q.get("ms"), 5000))
          res.on("close", () => clearTimeout(timer))
          return
        }
      }
      if (resourceId === "hotline-2022" && fault !== "") {
        const limit = int(q.get("limit"), 100)
        const asked = int(q.get("offset"), 0)
        const offset = fault === "overlap" && asked > 0 ? asked - 2 : asked
        const page: Array<Record<string, unknown>> = records.slice(offset, offset + limit).map((r, i) => ({ _id: offset + i + 1, ...r }))
        if (fault === "dupid" && asked > 0 && page.length > 0) page[0] = { ...page[0], _id: asked }
        if ((fault === "latekey" && asked === 0) || fault === "nokey") for (const r of page) delete r.district
        const params = new URLSearchParams(q)
        params.set("offset", String(asked + limit))
        const origin = fault === "nextother" ? `http://localhost:${req.socket.localPort}` : ""
        return json(res, 200, {
          success: true,
          result: {
            records: page,
            limit,
            offset: asked,
            _links: { next: `${origin}/api/3/action/datastore_search?${params.toString()}` },
            total: records.length + (fault === "total" ? 5 : 0)
          }
        })
      }
      if (resourceId !== "hotline-2022") {
        return json(res, 404, {
          help: "datastore_search",
          success: false,
          error: { __type: "Not Found Error", message: `Not found: Resource "${resourceId}" was not found.` }
        })
      }
      const limit = int(q.get("limit"), 100)
      const offset = int(q.get("offset"), 0)
      const page = records.slice(offset, offset + limit).map((r, i) => ({ _id: offset + i + 1, ...r }))
      const params = new URLSearchParams(q)
      params.set("offset", String(offset + limit))
      return json(res, 200, {
        help: `${url.origin}/api/3/action/help_show?name=datastore_search`,
        success: true,
        result: {
          include_total: true,
          resource_id: resourceId,
          fields: [{ id: "_id", type: "int" }, { id: "id", type: "text" }, { id: "received", type: "timestamp" }],
          records_format: "objects",
          records: page,
          limit,
          offset,
          // CKAN always offers a next link, even past the end: clients stop on an empty page or at total
          _links: {
            start: `/api/3/action/datastore_search?resource_id=${resourceId}&limit=${limit}`,
            next: `/api/3/action/datastore_search?${params.toString()}`
          },
          total: records.length
        }
      })
    }
    json(res, 404, { error: `no route ${path}` })
  })

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject)
    server.listen(0, "127.0.0.1", () => resolve())
  })
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    records,
    requests,
    hits: (prefix, key) =>
      requests.filter((r) => {
        const u = new URL(r.url, "http://x")
        return u.pathname.startsWith(prefix) && (key === undefined || u.searchParams.get("key") === key)
      }),
    hugeBytesWritten,
    hugeClosed: (key) =>
      hugeDone.has(key)
        ? Promise.resolve(hugeBytesWritten.get(key) ?? 0)
        : new Promise((resolve) => hugeWaiters.set(key, [...(hugeWaiters.get(key) ?? []), resolve])),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      })
  }
}
